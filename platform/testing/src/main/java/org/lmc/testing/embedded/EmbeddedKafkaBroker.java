package org.lmc.testing.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.lmc.contracts.Topics;

/**
 * A real Kafka 4 broker (KRaft, combined broker and controller) inside this JVM. It can be stopped and
 * started again on the same port and log directory, which is how tests take Kafka down and bring it back.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private final Properties config;
    private final int port;
    private final Path logDir;
    private final boolean deleteOnClose;
    private KafkaRaftServer server;

    private EmbeddedKafkaBroker(Properties config, int port, Path logDir, boolean deleteOnClose) {
        this.config = config;
        this.port = port;
        this.logDir = logDir;
        this.deleteOnClose = deleteOnClose;
    }

    /** Formats {@code logDir} if new (null: a temporary folder removed on close) and starts the broker. */
    public static EmbeddedKafkaBroker start(int port, Path logDir, Map<String, String> overrides) {
        Ports.requireFree(port, "Kafka", "LMC_KAFKA_PORT");
        try {
            boolean temporary = logDir == null;
            Path dir = temporary ? Files.createTempDirectory("lmc-kafka") : Files.createDirectories(logDir);
            int brokerPort = Ports.orFree(port);
            int controllerPort = Ports.freePort();
            Properties p = new Properties();
            p.put("process.roles", "broker,controller");
            p.put("node.id", "1");
            p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
            p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
            p.put("controller.listener.names", "CONTROLLER");
            p.put("inter.broker.listener.name", "PLAINTEXT");
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.put("log.dirs", dir.resolve("data").toString());
            p.put("num.partitions", "3");
            p.put("auto.create.topics.enable", "true");
            p.put("offsets.topic.replication.factor", "1");
            p.put("offsets.topic.num.partitions", "5");
            p.put("transaction.state.log.replication.factor", "1");
            p.put("transaction.state.log.min.isr", "1");
            p.put("share.coordinator.state.topic.replication.factor", "1");
            p.put("share.coordinator.state.topic.min.isr", "1");
            p.put("group.initial.rebalance.delay.ms", "0");
            p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
            p.putAll(overrides);
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(p, brokerPort, dir, temporary);
            broker.formatIfNew();
            broker.startServer();
            broker.createTopics(List.of(Topics.REGISTRATION_EVENTS, Topics.PLAN_EVENTS, Topics.FUNDING_EVENTS,
                    Topics.NOTIFICATION_EVENTS));
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("Kafka did not start: " + e.getMessage(), e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Takes the broker down; its data stays for {@link #restart()}. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /** Starts the broker again on the same port and data. */
    public synchronized void restart() {
        if (server == null) {
            startServer();
        }
    }

    @Override
    public synchronized void close() {
        stop();
        if (deleteOnClose) {
            try {
                Directories.deleteTree(logDir);
            } catch (UncheckedIOException e) {
                // a temporary folder left behind costs nothing; the broker is stopped either way
            }
        }
    }

    private void formatIfNew() throws IOException {
        Path propsFile = logDir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(propsFile)) {
            config.store(w, "embedded LMC broker");
        }
        if (Files.exists(logDir.resolve("data").resolve("meta.properties"))) {
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", propsFile.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("Kafka storage format failed: " + out.toString(StandardCharsets.UTF_8));
        }
    }

    private synchronized void startServer() {
        KafkaRaftServer s = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
        s.startup();
        server = s;
        awaitReady(Duration.ofSeconds(60));
    }

    /**
     * Creates the platform's event topics up front, as deploy/k8s does: a consumer subscribed to a topic that does
     * not exist yet only finds it at its next metadata refresh, so its first events would wait tens of seconds.
     */
    private void createTopics(List<String> topics) {
        try (Admin client = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            for (String topic : topics) {
                try {
                    client.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty()))).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("topic " + topic + " was not created: " + e.getCause().getMessage(), e);
                    }
                } catch (InterruptedException | TimeoutException e) {
                    throw new IllegalStateException("topic " + topic + " was not created: " + e, e);
                }
            }
        }
    }

    private void awaitReady(Duration timeout) {
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        try (Admin client = Admin.create(admin)) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!client.describeCluster().nodes().get().isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    last = new IllegalStateException(e.getMessage(), e);
                }
                sleep(100);
            }
        }
        throw new IllegalStateException("Kafka broker on " + bootstrapServers() + " not ready after " + timeout, last);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
