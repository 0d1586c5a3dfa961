package org.lmc.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.lmc.testing.embedded.Ports;

/**
 * Everything the local stack needs to know: where the project and its state live, and the ports. Read from
 * environment variables for {@code ./lmc}; the end-to-end test builds one on free ports and a temporary folder.
 */
public record StackConfig(
        Path root,
        Path stateDir,
        Path cacheDir,
        int postgresPort,
        int kafkaPort,
        int smtpPort,
        int keycloakPort,
        Map<ServiceDef, Integer> servicePorts,
        Set<ServiceDef> services,
        List<String> serviceJavaOptions,
        Duration startTimeout) {

    public static final String REALM = "lmc";
    public static final String DEMO_PASSWORD = "lmc-demo";
    /** Keycloak's own administrator (master realm, admin console), local only. */
    public static final String KEYCLOAK_ADMIN = "admin";
    public static final String KEYCLOAK_ADMIN_PASSWORD = "admin";

    public StackConfig {
        servicePorts = Collections.unmodifiableMap(new EnumMap<>(servicePorts));
        services = Collections.unmodifiableSet(new LinkedHashSet<>(services));
        serviceJavaOptions = List.copyOf(serviceJavaOptions);
    }

    /** Thrown for a configuration a person has to fix (bad number, unknown service); no stack trace shown. */
    public static final class ConfigException extends IllegalArgumentException {
        public ConfigException(String message) {
            super(message);
        }
    }

    /**
     * The services' JVM options unless LMC_SERVICE_JAVA_OPTS says otherwise. TrimNativeHeapInterval: every 5 s the JVM
     * hands back to the system the C heap that compilation and request work freed (./lmc bench: registration's RSS after
     * the load 357 -> 331 MB, throughput unchanged).
     */
    static final String DEFAULT_SERVICE_JAVA_OPTS = "-XX:+UseSerialGC -Xms64m -Xmx160m -Xss512k -XX:ReservedCodeCacheSize=64m"
            + " -XX:TrimNativeHeapInterval=5000";

    /** {@code ./lmc}: ports and options from the environment, state in {@code <root>/.lmc}. */
    public static StackConfig fromEnvironment(Path root, Map<String, String> env) {
        Map<ServiceDef, Integer> ports = new EnumMap<>(ServiceDef.class);
        for (ServiceDef s : ServiceDef.values()) {
            ports.put(s, port(env, s.portVariable(), s.defaultPort()));
        }
        Set<ServiceDef> services = new LinkedHashSet<>();
        String selected = env.getOrDefault("LMC_SERVICES", "").trim();
        if (selected.isEmpty() || selected.equals("all")) {
            services.addAll(Arrays.asList(ServiceDef.values()));
        } else {
            for (String name : selected.split("[,\\s]+")) {
                try {
                    services.add(ServiceDef.byShortName(name.trim()));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("LMC_SERVICES: " + e.getMessage());
                }
            }
        }
        String javaOpts = env.getOrDefault("LMC_SERVICE_JAVA_OPTS", DEFAULT_SERVICE_JAVA_OPTS);
        List<String> options = new ArrayList<>();
        for (String o : javaOpts.trim().split("\\s+")) {
            if (!o.isEmpty()) {
                options.add(o);
            }
        }
        long timeout = number(env, "LMC_START_TIMEOUT", 180, 10, 3600);
        return new StackConfig(root.toAbsolutePath().normalize(),
                root.toAbsolutePath().normalize().resolve(".lmc"),
                cacheDir(env),
                port(env, "LMC_POSTGRES_PORT", 55432),
                port(env, "LMC_KAFKA_PORT", 9092),
                port(env, "LMC_SMTP_PORT", 2525),
                port(env, "LMC_KEYCLOAK_PORT", 8180),
                ports, services, options, Duration.ofSeconds(timeout));
    }

    /** The end-to-end test: every port a free one, state in {@code stateDir}, all four services. */
    public static StackConfig onFreePorts(Path root, Path stateDir, Map<String, String> env) {
        StackConfig base = fromEnvironment(root, env);
        Set<Integer> taken = new LinkedHashSet<>();
        Map<ServiceDef, Integer> ports = new EnumMap<>(ServiceDef.class);
        for (ServiceDef s : ServiceDef.values()) {
            ports.put(s, distinctFreePort(taken));
        }
        return new StackConfig(base.root(), stateDir, base.cacheDir(), distinctFreePort(taken),
                distinctFreePort(taken), distinctFreePort(taken), distinctFreePort(taken), ports, base.services(),
                base.serviceJavaOptions(), base.startTimeout());
    }

    private static int distinctFreePort(Set<Integer> taken) {
        while (true) {
            int port = Ports.freePort();
            if (taken.add(port)) {
                return port;
            }
        }
    }

    /** The same stack running only {@code only}. */
    public StackConfig withServices(Set<ServiceDef> only) {
        return new StackConfig(root, stateDir, cacheDir, postgresPort, kafkaPort, smtpPort, keycloakPort, servicePorts, only,
                serviceJavaOptions, startTimeout);
    }

    /** The same stack keeping its state in {@code state}. */
    public StackConfig withStateDir(Path state) {
        return new StackConfig(root, state, cacheDir, postgresPort, kafkaPort, smtpPort, keycloakPort, servicePorts, services,
                serviceJavaOptions, startTimeout);
    }

    public Path logsDir() {
        return stateDir.resolve("logs");
    }

    public int port(ServiceDef service) {
        return servicePorts.get(service);
    }

    public String serviceUrl(ServiceDef service) {
        return "http://127.0.0.1:" + port(service);
    }

    public String keycloakUrl() {
        return "http://127.0.0.1:" + keycloakPort;
    }

    /** The issuer of every token, and what the services are given as {@code LMC_OIDC_URL}. */
    public String issuer() {
        return keycloakUrl() + "/realms/" + REALM;
    }

    /** The Keycloak version this launcher was built with (the dist zip Maven fetched). */
    public static String keycloakVersion() {
        Properties p = new Properties();
        try (InputStream in = StackConfig.class.getResourceAsStream("lmc-local.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String v = p.getProperty("keycloak.version", "");
        if (v.isBlank() || v.startsWith("$")) {
            throw new IllegalStateException("lmc-local.properties has no keycloak.version: build deploy/local with Maven");
        }
        return v;
    }

    /** Ports in the order they are checked, each with its variable. */
    public List<PortUse> portUses() {
        List<PortUse> uses = new ArrayList<>();
        uses.add(new PortUse("PostgreSQL", postgresPort, "LMC_POSTGRES_PORT"));
        uses.add(new PortUse("Kafka", kafkaPort, "LMC_KAFKA_PORT"));
        uses.add(new PortUse("SMTP", smtpPort, "LMC_SMTP_PORT"));
        uses.add(new PortUse("Keycloak", keycloakPort, "LMC_KEYCLOAK_PORT"));
        for (ServiceDef s : services) {
            uses.add(new PortUse(s.module(), port(s), s.portVariable()));
        }
        return uses;
    }

    public record PortUse(String what, int port, String variable) {
    }

    private static Path cacheDir(Map<String, String> env) {
        String explicit = env.get("LMC_CACHE_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath();
        }
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("lmc").toAbsolutePath();
    }

    private static int port(Map<String, String> env, String variable, int defaultPort) {
        return (int) number(env, variable, defaultPort, 1, 65535);
    }

    /** {@code variable}'s whole number from {@code min} to {@code max}, {@code defaultValue} when unset; else a clear error. */
    static long number(Map<String, String> env, String variable, long defaultValue, long min, long max) {
        String raw = env.get(variable);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        try {
            long value = Long.parseLong(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(variable + " must be a number from " + min + " to " + max + ", not '" + raw + "'");
    }

    static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }
}
