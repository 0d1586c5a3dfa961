package org.lmc.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmc.testing.embedded.EmbeddedPostgresServer;
import org.lmc.testing.embedded.Ports;

/**
 * The built service, started as production starts it (no LMC_DEPLOYMENT) with the local stack's demo settings, refuses
 * to start and says why; the same jar with LMC_DEPLOYMENT=local gets past that check. Its database is real, so the
 * refusal is the check's and not a missing dependency's.
 */
class ProductionStartIT {

    @Test
    void aServiceInProductionRefusesTheDemoSecrets(@TempDir Path temp) throws Exception {
        Path root = Path.of(System.getProperty("lmc.root", "../..")).toAbsolutePath().normalize();
        Path jar = ServiceDef.REGISTRATION.runJar(root);
        assertThat(jar).as("registration-service built before this test").isRegularFile();
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(Ports.freePort(), temp.resolve("postgres"), Map.of())) {
            postgres.ensureDatabase("registration");
            Map<String, String> demo = Map.of(
                    "LMC_DB_URL", postgres.jdbcUrl("registration"),
                    "LMC_DB_PASSWORD", EmbeddedPostgresServer.PASSWORD,
                    "LMC_OIDC_URL", "http://127.0.0.1:" + Ports.freePort() + "/realms/lmc",
                    "QUARKUS_OIDC_CONNECTION_DELAY", "0S",
                    "LMC_KAFKA_BOOTSTRAP", "127.0.0.1:" + Ports.freePort(),
                    "QUARKUS_HTTP_PORT", Integer.toString(Ports.freePort()));

            Started production = start(jar, demo, temp.resolve("production.log"));
            assertThat(production.exitCode()).as("exit code of a production start with demo settings").isNotZero();
            assertThat(production.log()).contains("Refusing to start")
                    .contains("the database password (LMC_DB_PASSWORD) is a demo value")
                    .contains("is not HTTPS");

            Map<String, String> local = new java.util.HashMap<>(demo);
            local.put("LMC_DEPLOYMENT", "local");
            Started onThisMachine = start(jar, local, temp.resolve("local.log"));
            assertThat(onThisMachine.exitCode()).as("a local start keeps running").isEqualTo(-1);
            assertThat(onThisMachine.log()).doesNotContain("Refusing to start").contains("registration-service").contains("started in");
        }
    }

    record Started(int exitCode, String log) {
    }

    /** Runs the jar until it exits, or until it says it started and is then stopped (exit code -1); at most 60 s. */
    private static Started start(Path jar, Map<String, String> environment, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("LMC_") || k.startsWith("QUARKUS_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (process.isAlive() && System.nanoTime() < deadline && !Files.readString(log).contains("started in")) {
            Thread.sleep(200);
        }
        boolean exited = process.waitFor(1, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        return new Started(exited ? process.exitValue() : -1, Files.readString(log));
    }
}
