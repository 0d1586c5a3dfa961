package org.lmc.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;
import org.lmc.contracts.CloudEventHeaders;

/**
 * Sends outbox rows to Kafka. Each batch runs in one transaction: claim unsent rows in id order
 * ({@code FOR UPDATE SKIP LOCKED}), send them with key and {@code ce_} headers, wait for every ack, mark
 * them sent, commit. A failure rolls the batch back and it is retried, so a row is sent at least once and
 * never lost; consumers deduplicate by {@code ce_id}. Instances of a service may all run a relay: a
 * transaction-scoped advisory lock lets one relay at a time, which also keeps each aggregate's events in order.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final String LOCK = "SELECT pg_try_advisory_xact_lock(hashtext('lmc_outbox_relay'))";
    private static final String CLAIM = "SELECT id, event_id, topic, record_key, event_type, source, occurred_at, payload::text"
            + " FROM lmc_outbox WHERE sent_at IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED";
    private static final String MARK_SENT = "UPDATE lmc_outbox SET sent_at = now() WHERE id = ANY (?)";
    private static final String PURGE = "DELETE FROM lmc_outbox WHERE sent_at < ?";
    private static final String BACKLOG = "SELECT count(*), min(created_at) FROM lmc_outbox WHERE sent_at IS NULL";
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final DataSource dataSource;
    private final KafkaClients kafka;
    private final MessagingConfig.Outbox config;
    private final Semaphore wakeUp = new Semaphore(0);
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicLong lastPurge = new AtomicLong();
    private final Counter sent;
    private final Counter failures;
    private volatile boolean running;
    private volatile String lastError;
    private Thread worker;
    private KafkaProducer<String, byte[]> producer;

    OutboxRelay(DataSource dataSource, KafkaClients kafka, MessagingConfig config, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.kafka = kafka;
        this.config = config.outbox();
        this.sent = Counter.builder("lmc.outbox.sent").description("Outbox rows sent and acknowledged").register(registry);
        this.failures = Counter.builder("lmc.outbox.relay.failures").description("Relay batches that failed and will be retried")
                .register(registry);
        Gauge.builder("lmc.outbox.pending", this, r -> r.backlog().pending())
                .description("Outbox rows not yet acknowledged by Kafka").register(registry);
        Gauge.builder("lmc.outbox.lag.seconds", this, r -> r.backlog().oldestAgeSeconds())
                .description("Age of the oldest unsent outbox row").register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (!config.relayEnabled() || config.topic().isEmpty()) {
            return;
        }
        running = true;
        worker = new Thread(this::run, "lmc-outbox-relay");
        worker.setDaemon(true);
        worker.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        wake();
        if (worker != null) {
            try {
                worker.join(TimeUnit.SECONDS.toMillis(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeProducer();
    }

    /** Called after a commit that wrote outbox rows. */
    public void wake() {
        wakeUp.release();
    }

    /** Outbox backlog as the metrics and health checks report it. */
    public record Backlog(long pending, double oldestAgeSeconds) {
    }

    public Backlog backlog() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(BACKLOG);
                ResultSet rs = s.executeQuery()) {
            rs.next();
            Timestamp oldest = rs.getTimestamp(2);
            double age = oldest == null ? 0 : Math.max(0, (System.currentTimeMillis() - oldest.getTime()) / 1000.0);
            return new Backlog(rs.getLong(1), age);
        } catch (SQLException e) {
            return new Backlog(-1, -1);
        }
    }

    public int consecutiveFailures() {
        return consecutiveFailures.get();
    }

    public String lastError() {
        return lastError;
    }

    private void run() {
        while (running) {
            try {
                int count = relayBatch();
                consecutiveFailures.set(0);
                lastError = null;
                purgeOccasionally();
                if (count < config.batchSize()) {
                    wakeUp.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wakeUp.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failures.increment();
                lastError = e.getMessage();
                int failuresInARow = consecutiveFailures.incrementAndGet();
                LOG.warnf("outbox relay failed (%d in a row), will retry: %s", failuresInARow, e.getMessage());
                closeProducer();
                sleepQuietly(backoff(failuresInARow));
            }
        }
    }

    /** One claim-send-ack-mark transaction; returns the number of rows sent. */
    int relayBatch() {
        return QuarkusTransaction.requiringNew()
                .timeout((int) config.sendTimeout().multipliedBy(3).toSeconds() + 5)
                .call(() -> {
                    try (Connection c = dataSource.getConnection()) {
                        if (!tryLock(c)) {
                            return 0;
                        }
                        List<Row> rows = claim(c);
                        if (rows.isEmpty()) {
                            return 0;
                        }
                        sendAndAwaitAcks(rows);
                        markSent(c, rows);
                        sent.increment(rows.size());
                        return rows.size();
                    }
                });
    }

    private record Row(long id, String eventId, String topic, String key, String type, String source, Instant time,
            String subject, byte[] payload) {
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(LOCK); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private List<Row> claim(Connection c) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(CLAIM)) {
            s.setInt(1, config.batchSize());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString("record_key");
                    rows.add(new Row(rs.getLong("id"), rs.getString("event_id"), rs.getString("topic"), key,
                            rs.getString("event_type"), rs.getString("source"), rs.getTimestamp("occurred_at").toInstant(),
                            key, rs.getString("payload").getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
        return rows;
    }

    private void sendAndAwaitAcks(List<Row> rows) throws Exception {
        KafkaProducer<String, byte[]> p = producer();
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        for (Row row : rows) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(CloudEventHeaders.SPEC_VERSION, bytes(CloudEventHeaders.SPEC_VERSION_VALUE));
            headers.add(CloudEventHeaders.ID, bytes(row.eventId()));
            headers.add(CloudEventHeaders.TYPE, bytes(row.type()));
            headers.add(CloudEventHeaders.SOURCE, bytes(row.source()));
            headers.add(CloudEventHeaders.TIME, bytes(row.time().toString()));
            headers.add(CloudEventHeaders.SUBJECT, bytes(row.subject()));
            headers.add(CloudEventHeaders.CONTENT_TYPE, bytes(CloudEventHeaders.JSON));
            acks.add(p.send(new ProducerRecord<>(row.topic(), null, row.key(), row.payload(), headers)));
        }
        p.flush();
        long deadline = System.nanoTime() + config.sendTimeout().toNanos();
        for (Future<RecordMetadata> ack : acks) {
            ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    private static void markSent(Connection c, List<Row> rows) throws SQLException {
        Long[] ids = rows.stream().map(Row::id).toArray(Long[]::new);
        try (PreparedStatement s = c.prepareStatement(MARK_SENT)) {
            s.setArray(1, c.createArrayOf("bigint", ids));
            s.executeUpdate();
        }
    }

    private void purgeOccasionally() {
        long now = System.currentTimeMillis();
        long last = lastPurge.get();
        if (now - last < TimeUnit.MINUTES.toMillis(10) || !lastPurge.compareAndSet(last, now)) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(PURGE)) {
                s.setTimestamp(1, Timestamp.from(Instant.now().minus(config.retention())));
                int purged = s.executeUpdate();
                if (purged > 0) {
                    LOG.debugf("purged %d sent outbox rows", purged);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = kafka.producer("outbox-relay", config.sendTimeout().toMillis());
        }
        return producer;
    }

    // A producer that saw a send fail may hold a broken idempotence state; the next batch gets a fresh one.
    private synchronized void closeProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ofSeconds(1));
            } catch (RuntimeException e) {
                LOG.debug("closing the relay producer failed", e);
            }
            producer = null;
        }
    }

    private static Duration backoff(int failuresInARow) {
        long millis = 100L << Math.min(failuresInARow, 6);
        return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
