package org.lmc.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.util.HashMap;
import java.util.Map;
import org.lmc.testing.embedded.EmbeddedKafkaBroker;
import org.lmc.testing.embedded.EmbeddedPostgresServer;
import org.lmc.testing.embedded.EmbeddedSmtpServer;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The one test-resource set of the platform: PostgreSQL 17 (a database per service), a Kafka broker and the
 * OIDC test server, started once per test JVM and shared by every test class of a module. A service's tests
 * use it with {@code @QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name =
 * "database", value = "registration"))}. With {@code @ResourceArg(name = "smtp", value = "true")} it also starts an
 * in-JVM SMTP server (GreenMail) for quarkus-mailer, readable through {@link #smtp()}.
 */
public class LmcTestStack implements QuarkusTestResourceLifecycleManager {
    private static EmbeddedPostgresServer postgres;
    private static PostgreSQLContainer<?> postgresContainer;
    private static EmbeddedKafkaBroker kafka;
    private static KafkaContainer kafkaContainer;
    private static OidcWiremockTestResource oidc;
    private static Map<String, String> oidcConfig;
    private static EmbeddedSmtpServer smtp;

    private String database = "lmc";
    private boolean withSmtp;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
        withSmtp = Boolean.parseBoolean(initArgs.getOrDefault("smtp", "false"));
    }

    @Override
    public synchronized Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        config.putAll(database());
        config.put("kafka.bootstrap.servers", kafkaBootstrap());
        config.putAll(oidc());
        if (withSmtp) {
            config.putAll(smtpConfig());
        }
        return config;
    }

    @Override
    public void stop() {
        // Shared across the test classes of the JVM; a shutdown hook stops them when the JVM ends.
    }

    private Map<String, String> database() {
        String url = TestEnvironment.get(TestEnvironment.POSTGRES_URL);
        if (url != null) {
            return Map.of("quarkus.datasource.jdbc.url", url,
                    "quarkus.datasource.username", orDefault(TestEnvironment.get(TestEnvironment.POSTGRES_USER), "postgres"),
                    "quarkus.datasource.password", orDefault(TestEnvironment.get(TestEnvironment.POSTGRES_PASSWORD), "postgres"));
        }
        synchronized (LmcTestStack.class) {
            if (TestEnvironment.containersRequested()) {
                if (postgresContainer == null) {
                    TestEnvironment.requireDocker();
                    postgresContainer = new PostgreSQLContainer<>("postgres:17").withDatabaseName(database);
                    postgresContainer.start();
                    Runtime.getRuntime().addShutdownHook(new Thread(postgresContainer::stop));
                }
                return Map.of("quarkus.datasource.jdbc.url", postgresContainer.getJdbcUrl(),
                        "quarkus.datasource.username", postgresContainer.getUsername(),
                        "quarkus.datasource.password", postgresContainer.getPassword());
            }
            if (postgres == null) {
                // Durability is not under test; skipping fsync keeps the suite fast.
                postgres = EmbeddedPostgresServer.start(0, null, Map.of("fsync", "off", "synchronous_commit", "off",
                        "full_page_writes", "off"));
                Runtime.getRuntime().addShutdownHook(new Thread(postgres::close));
            }
            postgres.ensureDatabase(database);
            return Map.of("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database),
                    "quarkus.datasource.username", EmbeddedPostgresServer.USER,
                    "quarkus.datasource.password", EmbeddedPostgresServer.PASSWORD);
        }
    }

    private static String kafkaBootstrap() {
        String external = TestEnvironment.get(TestEnvironment.KAFKA_BOOTSTRAP);
        if (external != null) {
            return external;
        }
        synchronized (LmcTestStack.class) {
            if (TestEnvironment.containersRequested()) {
                if (kafkaContainer == null) {
                    TestEnvironment.requireDocker();
                    kafkaContainer = new KafkaContainer("apache/kafka:4.1.1");
                    kafkaContainer.start();
                    Runtime.getRuntime().addShutdownHook(new Thread(kafkaContainer::stop));
                }
                return kafkaContainer.getBootstrapServers();
            }
            if (kafka == null) {
                kafka = EmbeddedKafkaBroker.start(0, null, Map.of());
                EmbeddedKafkaBroker broker = kafka;
                Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
                KafkaOutage.register(broker);
            }
            return kafka.bootstrapServers();
        }
    }

    private static Map<String, String> oidc() {
        synchronized (LmcTestStack.class) {
            if (oidc == null) {
                oidc = new OidcWiremockTestResource();
                oidcConfig = oidc.start();
                OidcWiremockTestResource server = oidc;
                Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
            }
            return Map.of("quarkus.oidc.auth-server-url", oidcConfig.get("keycloak.url") + "/realms/quarkus",
                    "quarkus.oidc.token.issuer", TestTokens.ISSUER);
        }
    }

    /** The SMTP server of this test JVM (started by the first stack asked for one); mail sent to it can be read back. */
    public static synchronized EmbeddedSmtpServer smtp() {
        if (smtp == null) {
            throw new IllegalStateException("no SMTP server: start LmcTestStack with @ResourceArg(name = \"smtp\", value = \"true\")");
        }
        return smtp;
    }

    private static Map<String, String> smtpConfig() {
        synchronized (LmcTestStack.class) {
            if (smtp == null) {
                smtp = EmbeddedSmtpServer.start(0);
                EmbeddedSmtpServer server = smtp;
                Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            }
            return Map.of("quarkus.mailer.host", "127.0.0.1", "quarkus.mailer.port", Integer.toString(smtp.port()),
                    "quarkus.mailer.mock", "false");
        }
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
