package org.lmc.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How tests get each runtime piece. Embedded is the default; an environment variable points a piece at
 * an external server; {@code LMC_TEST_CONTAINERS=true} asks for Testcontainers, which needs a Docker engine.
 */
public final class TestEnvironment {
    /** Full JDBC URL of an external PostgreSQL database for tests (with LMC_TEST_POSTGRES_USER/PASSWORD). */
    public static final String POSTGRES_URL = "LMC_TEST_POSTGRES_URL";
    public static final String POSTGRES_USER = "LMC_TEST_POSTGRES_USER";
    public static final String POSTGRES_PASSWORD = "LMC_TEST_POSTGRES_PASSWORD";
    /** Bootstrap servers of an external Kafka for tests. */
    public static final String KAFKA_BOOTSTRAP = "LMC_TEST_KAFKA_BOOTSTRAP";
    /** {@code true}: PostgreSQL and Kafka from Testcontainers instead of the embedded ones. */
    public static final String CONTAINERS = "LMC_TEST_CONTAINERS";

    private TestEnvironment() {
    }

    static String get(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            value = System.getProperty(name);
        }
        return value == null || value.isBlank() ? null : value;
    }

    static boolean containersRequested() {
        return Boolean.parseBoolean(get(CONTAINERS));
    }

    /**
     * Fails at once, with the reason, when Testcontainers is asked for on a machine without a reachable
     * Docker engine: Testcontainers itself would otherwise probe for a long time before failing.
     */
    static void requireDocker() {
        String dockerHost = System.getenv("DOCKER_HOST");
        boolean socket = Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"));
        if (dockerHost == null && !socket) {
            throw new IllegalStateException(CONTAINERS + "=true asks for Testcontainers, but no Docker engine is reachable"
                    + " (no DOCKER_HOST and no docker.sock). Unset " + CONTAINERS
                    + " to use the embedded PostgreSQL and Kafka, or point " + POSTGRES_URL + " and " + KAFKA_BOOTSTRAP
                    + " at running servers.");
        }
        if (!org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException(CONTAINERS + "=true but the Docker engine at "
                    + (dockerHost != null ? dockerHost : "docker.sock") + " does not answer.");
        }
    }
}
