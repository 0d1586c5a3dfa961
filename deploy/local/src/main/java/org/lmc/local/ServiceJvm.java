package org.lmc.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The JDK the services run on: the launcher's own, or the one {@code LMC_SERVICE_JAVA_HOME} names (the services are built
 * for Java 17 and run on any newer JDK). Java 25 was measured against 17 with {@code ./lmc bench} in alternating runs on
 * this project's 2-core machines: no consistent gain (17 served more registrations in both pairs, 25 more reads in one
 * of them), so the default stays the launcher's.
 */
public record ServiceJvm(Path home, String version, int feature) {

    /** The oldest Java the services run on (their bytecode level). */
    static final int MINIMUM_FEATURE = 17;

    /** Java 25 made compact object headers a product option (JEP 519): 8-byte object headers instead of 12. */
    static final int COMPACT_HEADERS_FEATURE = 25;

    public Path java() {
        return home.resolve("bin").resolve("java");
    }

    /** The options this JVM's version adds to the services' unless they already decide it themselves. */
    public List<String> versionOptions(List<String> given) {
        List<String> options = new ArrayList<>();
        if (feature >= COMPACT_HEADERS_FEATURE && given.stream().noneMatch(o -> o.contains("CompactObjectHeaders"))) {
            options.add("-XX:+UseCompactObjectHeaders");
        }
        return options;
    }

    /**
     * The class-data archive's file name for this JVM: an archive is only valid for the exact JDK build that wrote it, so
     * the name carries the version (switching JDKs keeps each one's archive instead of writing one over the other's).
     */
    public String classDataArchiveName() {
        return "app-cds-" + version.replaceAll("[^A-Za-z0-9._-]", "_") + ".jsa";
    }

    /** {@code version (folder name)}, for the stack's and the benchmarks' output. */
    public String describe() {
        return version + " (" + home.getFileName() + ")";
    }

    /** The services' JDK: {@code LMC_SERVICE_JAVA_HOME}'s when set, otherwise the launcher's, {@code launcherHome}. */
    public static ServiceJvm choose(Map<String, String> env, Path launcherHome) {
        String configured = env.getOrDefault("LMC_SERVICE_JAVA_HOME", "").trim();
        if (configured.isEmpty()) {
            return at(launcherHome).orElseThrow(() -> new StartupException("the launcher's Java home " + launcherHome
                    + " has no release file naming its version"));
        }
        Path home = Path.of(configured);
        return at(home).orElseThrow(() -> new StartupException("LMC_SERVICE_JAVA_HOME: " + home + " is not a JDK "
                + MINIMUM_FEATURE + " or newer (no executable bin/java, or no release file naming its version)"));
    }

    /** The JDK at {@code home}: an executable bin/java and a release file with its JAVA_VERSION, 17 or newer. */
    static Optional<ServiceJvm> at(Path home) {
        Path release = home.resolve("release");
        if (!Files.isExecutable(home.resolve("bin").resolve("java")) || !Files.isRegularFile(release)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(release)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
        String version = properties.getProperty("JAVA_VERSION", "").replace("\"", "").trim();
        int feature;
        try {
            feature = Integer.parseInt(version.split("[.+-]", 2)[0]);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return feature >= MINIMUM_FEATURE ? Optional.of(new ServiceJvm(home, version, feature)) : Optional.empty();
    }
}
