package org.lmc.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.lmc.testing.embedded.Directories;

/**
 * Keycloak from the {@code org.keycloak:keycloak-quarkus-dist} zip Maven fetched: unpacked once into a cache
 * folder shared by every stack, run as {@code kc.sh start-dev} with a home of its own per stack (symbolic links
 * to the shared lib, providers, themes and conf, and its own data: the H2 file database and the realm import).
 * The realm is imported on the first start, and again whenever the realm file changes.
 */
final class KeycloakServer {
    private static final String REALM_FILE = "deploy/keycloak/lmc-realm.json";

    private final StackConfig config;
    private final ChildProcess process;

    private KeycloakServer(StackConfig config, ChildProcess process) {
        this.config = config;
        this.process = process;
    }

    ChildProcess process() {
        return process;
    }

    /**
     * Unpacks the distribution if needed, prepares this stack's Keycloak home, starts Keycloak and waits until
     * the realm answers. The cache lock is held until then, so two stacks never build the shared
     * distribution at the same time.
     */
    static KeycloakServer startAndAwait(StackConfig config, String stackId, Console console,
            java.util.function.Consumer<ChildProcess> started) {
        String version = StackConfig.keycloakVersion();
        StackConfig.createDirectories(config.cacheDir());
        Path lockFile = config.cacheDir().resolve("keycloak-" + version + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            Path dist = distribution(config, version, console);
            Path home = prepareHome(config, dist, version);
            String url = config.keycloakUrl();
            List<String> command = List.of("/bin/sh", dist.resolve("bin").resolve("kc.sh").toString(), "start-dev",
                    "--http-host=127.0.0.1",
                    "--http-port=" + config.keycloakPort(),
                    "--hostname=" + url,
                    "--db=dev-file",
                    "--import-realm",
                    "-Dkc.home.dir=" + home,
                    "-Djboss.server.config.dir=" + home.resolve("conf"));
            Map<String, String> env = new LinkedHashMap<>();
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.put("KC_BOOTSTRAP_ADMIN_USERNAME", StackConfig.KEYCLOAK_ADMIN);
            env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", StackConfig.KEYCLOAK_ADMIN_PASSWORD);
            env.put(ChildProcess.STACK_ID_VARIABLE, stackId);
            ChildProcess child = ChildProcess.start("keycloak", command, env, home,
                    config.logsDir().resolve("keycloak.log"));
            started.accept(child);
            KeycloakServer server = new KeycloakServer(config, child);
            server.awaitReady(config.startTimeout());
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Keycloak: " + e.getMessage(), e);
        }
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI discovery = URI.create(config.issuer() + "/.well-known/openid-configuration");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new StartupException("Keycloak exited with code " + process.exitCode() + ". Last lines of "
                        + process.log() + ":\n" + process.tail(30));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(5))
                        .GET().build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupException("interrupted while waiting for Keycloak");
            }
            sleep(250);
        }
        throw new StartupException("Keycloak did not become ready within " + timeout.toSeconds() + " s. Last lines of "
                + process.log() + ":\n" + process.tail(30));
    }

    /** The unpacked distribution: {@code LMC_KEYCLOAK_HOME} if set, else the cache, unpacked now if missing. */
    private static Path distribution(StackConfig config, String version, Console console) throws IOException {
        String home = setting("lmc.keycloak.home", "LMC_KEYCLOAK_HOME");
        if (home != null) {
            Path dir = Path.of(home).toAbsolutePath();
            if (!Files.isRegularFile(dir.resolve("bin/kc.sh"))) {
                throw new StartupException("LMC_KEYCLOAK_HOME=" + home + " is not a Keycloak distribution (no bin/kc.sh)");
            }
            return dir;
        }
        Path target = config.cacheDir().resolve("keycloak-" + version);
        if (Files.isRegularFile(target.resolve("bin/kc.sh"))) {
            return target;
        }
        Path zip = distributionZip(config, version);
        console.step("Unpacking Keycloak " + version + " into " + target + " (once)");
        Path partial = config.cacheDir().resolve("keycloak-" + version + ".partial-" + ProcessHandle.current().pid());
        Directories.deleteTree(partial);
        unzip(zip, partial);
        Directories.deleteTree(target);
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    private static Path distributionZip(StackConfig config, String version) throws IOException {
        String explicit = setting("lmc.keycloak.zip", "LMC_KEYCLOAK_ZIP");
        if (explicit != null) {
            return existing(Path.of(explicit), "LMC_KEYCLOAK_ZIP");
        }
        Path pathFile = config.root().resolve("deploy/local/target/keycloak-dist.path");
        if (Files.isRegularFile(pathFile)) {
            String p = Files.readString(pathFile, StandardCharsets.UTF_8).trim();
            if (!p.isEmpty() && Files.isRegularFile(Path.of(p))) {
                return Path.of(p);
            }
        }
        Path m2 = Path.of(System.getProperty("user.home"), ".m2", "repository", "org", "keycloak",
                "keycloak-quarkus-dist", version, "keycloak-quarkus-dist-" + version + ".zip");
        if (Files.isRegularFile(m2)) {
            return m2;
        }
        throw new StartupException("The Keycloak " + version + " distribution is not there yet: run"
                + " ./mvnw -q install -DskipTests (Maven fetches it), or set LMC_KEYCLOAK_ZIP or LMC_KEYCLOAK_HOME.");
    }

    private static Path existing(Path p, String variable) {
        if (!Files.isRegularFile(p)) {
            throw new StartupException(variable + "=" + p + " does not exist");
        }
        return p;
    }

    /** Unzips, dropping the archive's top folder ({@code keycloak-<version>/}), and makes the scripts executable. */
    static void unzip(Path zip, Path target) throws IOException {
        Files.createDirectories(target);
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = zf.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String name = e.getName();
                int slash = name.indexOf('/');
                if (slash < 0 || slash == name.length() - 1) {
                    continue;
                }
                Path out = target.resolve(name.substring(slash + 1)).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry outside the target folder: " + name);
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = zf.getInputStream(e)) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
                if (name.endsWith(".sh")) {
                    out.toFile().setExecutable(true, false);
                }
            }
        }
    }

    /**
     * {@code <state>/keycloak}: links to the shared distribution, the realm file in {@code data/import}, and the
     * H2 database in {@code data/h2}, dropped when the realm file (or the Keycloak version) changed.
     */
    private static Path prepareHome(StackConfig config, Path dist, String version) throws IOException {
        Path home = config.stateDir().resolve("keycloak");
        Files.createDirectories(home.resolve("data").resolve("import"));
        for (String shared : List.of("lib", "providers", "themes", "conf")) {
            Path link = home.resolve(shared);
            Path want = dist.resolve(shared);
            if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(want)) {
                continue;
            }
            if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                Directories.deleteTree(link);
            }
            Files.createSymbolicLink(link, want);
        }
        Path realm = config.root().resolve(REALM_FILE);
        if (!Files.isRegularFile(realm)) {
            throw new StartupException("realm file missing: " + realm);
        }
        byte[] realmBytes = Files.readAllBytes(realm);
        String fingerprint = sha256(realmBytes, version);
        Path fingerprintFile = home.resolve("realm.sha256");
        String previous = Files.exists(fingerprintFile) ? Files.readString(fingerprintFile).trim() : "";
        if (!fingerprint.equals(previous)) {
            Directories.deleteTree(home.resolve("data").resolve("h2"));
        }
        Files.write(home.resolve("data").resolve("import").resolve("lmc-realm.json"), realmBytes);
        Files.writeString(fingerprintFile, fingerprint + "\n");
        return home;
    }

    private static String sha256(byte[] content, String version) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(content);
            md.update(version.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String setting(String property, String variable) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(variable);
        }
        return v == null || v.isBlank() ? null : v;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted");
        }
    }
}
