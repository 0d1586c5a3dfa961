package org.lmc.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;
import org.lmc.contracts.CloudEventHeaders;

/**
 * Sends outbox rows to Kafka: claim, send, then mark, with no transaction open while Kafka is waited for (a
 * long-open transaction would hold back every {@code ?since=} feed and vacuum during a broker outage).
 * <ul>
 * <li>One relay at a time per database: the relay holds a session-level advisory lock on one connection of its
 * own (idle between statements, never inside a transaction). Instances of a service may all run a relay; the
 * others wait for the lock. One sender keeps each aggregate's events in order.</li>
 * <li>Each round reads unsent rows in id order (autocommit), sends them, waits for the acks, and marks the acked
 * rows sent. A failure leaves rows unsent: they are sent again, so a row is sent at least once and never lost;
 * consumers deduplicate by {@code ce_id}. The idempotent producer is kept across broker outages, so its own
 * retries do not duplicate.</li>
 * <li>A row Kafka refuses (too large, unknown topic) counts an attempt; after {@code max-send-attempts} it is
 * parked with its reason (health, {@code lmc.outbox.parked}) and the others go on. A parked row holds back the
 * later rows of its aggregate (same topic and key), so an aggregate's order holds; they are counted as held.
 * Within a round, once a row of an aggregate failed, that aggregate's later rows wait for the next round.
 * Broker outages never count as attempts.</li>
 * </ul>
 * Per-aggregate order also relies on writers taking the aggregate's lock before the outbox insert (see
 * {@link Outbox}).
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final String LOCK = "SELECT pg_try_advisory_lock(hashtext('lmc_outbox_relay'))";
    private static final String UNLOCK = "SELECT pg_advisory_unlock(hashtext('lmc_outbox_relay'))";
    private static final String CLAIM = "SELECT id, event_id, topic, record_key, event_type, source, occurred_at, payload::text, trace_parent"
            + " FROM lmc_outbox o WHERE sent_at IS NULL AND parked_at IS NULL AND NOT EXISTS (SELECT 1 FROM lmc_outbox p"
            + " WHERE p.parked_at IS NOT NULL AND p.sent_at IS NULL AND p.topic = o.topic AND p.record_key = o.record_key AND p.id < o.id)"
            + " ORDER BY id LIMIT ?";
    private static final String MARK_SENT = "UPDATE lmc_outbox SET sent_at = now() WHERE id = ANY (?)";
    private static final String REFUSED = "UPDATE lmc_outbox SET send_attempts = send_attempts + 1, park_reason = ?,"
            + " parked_at = CASE WHEN send_attempts + 1 >= ? THEN now() END WHERE id = ? RETURNING parked_at IS NOT NULL";
    private static final String PURGE = "DELETE FROM lmc_outbox WHERE sent_at < ?";
    private static final String BACKLOG = "SELECT count(*) FILTER (WHERE parked_at IS NULL),"
            + " min(created_at) FILTER (WHERE parked_at IS NULL), count(*) FILTER (WHERE parked_at IS NOT NULL),"
            + " count(*) FILTER (WHERE parked_at IS NULL AND EXISTS (SELECT 1 FROM lmc_outbox p WHERE p.parked_at IS NOT NULL"
            + " AND p.sent_at IS NULL AND p.topic = o.topic AND p.record_key = o.record_key AND p.id < o.id))"
            + " FROM lmc_outbox o WHERE sent_at IS NULL";
    private static final String TOPIC_MISSING = "topic ";
    private static final Duration INITIAL_BACKOFF = Duration.ofMillis(100);

    private final DataSource dataSource;
    private final KafkaClients kafka;
    private final MessagingConfig.Outbox config;
    private final Semaphore wakeUp = new Semaphore(0);
    private final ReentrantLock batchLock = new ReentrantLock();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final Counter sent;
    private final Counter failures;
    private final Counter parkedRows;
    private volatile boolean running;
    private volatile String lastError;
    private volatile boolean leader;
    private volatile Backlog cachedBacklog;
    private volatile long cachedAt;
    private long lastPurge;
    private Thread worker;
    private Connection leaderConnection;
    private KafkaProducer<String, byte[]> producer;

    OutboxRelay(DataSource dataSource, KafkaClients kafka, MessagingConfig config, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.kafka = kafka;
        this.config = config.outbox();
        this.sent = Counter.builder("lmc.outbox.sent").description("Outbox rows sent and acknowledged").register(registry);
        this.failures = Counter.builder("lmc.outbox.relay.failures").description("Relay rounds that failed and will be retried")
                .register(registry);
        this.parkedRows = Counter.builder("lmc.outbox.parkings").description("Outbox rows parked because Kafka refused them")
                .register(registry);
        Gauge.builder("lmc.outbox.pending", this, r -> r.backlog().pending())
                .description("Outbox rows not yet acknowledged by Kafka (parked rows excluded)").register(registry);
        Gauge.builder("lmc.outbox.lag.seconds", this, r -> r.backlog().oldestAgeSeconds())
                .description("Age of the oldest unsent outbox row that is not parked").register(registry);
        Gauge.builder("lmc.outbox.parked", this, r -> r.backlog().parked())
                .description("Outbox rows parked because Kafka refused them (need an operator)").register(registry);
        Gauge.builder("lmc.outbox.held", this, r -> r.backlog().held())
                .description("Outbox rows waiting behind a parked row of the same aggregate").register(registry);
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
        batchLock.lock();
        try {
            releaseLeadership();
            closeProducer();
        } finally {
            batchLock.unlock();
        }
    }

    /** Called after a commit that wrote outbox rows. */
    public void wake() {
        wakeUp.release();
    }

    /** Outbox backlog as the metrics and health checks report it (-1 when the database cannot say). */
    public record Backlog(long pending, double oldestAgeSeconds, long parked, long held) {
    }

    /** The backlog, read at most once a second (metrics and health both ask). */
    public Backlog backlog() {
        long now = System.currentTimeMillis();
        Backlog cached = cachedBacklog;
        if (cached != null && now - cachedAt < 1000) {
            return cached;
        }
        Backlog fresh = readBacklog();
        cachedBacklog = fresh;
        cachedAt = now;
        return fresh;
    }

    private Backlog readBacklog() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(BACKLOG);
                ResultSet rs = s.executeQuery()) {
            rs.next();
            Timestamp oldest = rs.getTimestamp(2);
            double age = oldest == null ? 0 : Math.max(0, (System.currentTimeMillis() - oldest.getTime()) / 1000.0);
            return new Backlog(rs.getLong(1), age, rs.getLong(3), rs.getLong(4));
        } catch (SQLException e) {
            return new Backlog(-1, -1, -1, -1);
        }
    }

    public int consecutiveFailures() {
        return consecutiveFailures.get();
    }

    public String lastError() {
        return lastError;
    }

    /** Whether this instance holds the relay lock (one relay sends at a time). */
    public boolean isLeader() {
        return leader;
    }

    public boolean isRunning() {
        return running && worker != null && worker.isAlive();
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
                lastError = Failures.rootMessage(e);
                int failuresInARow = consecutiveFailures.incrementAndGet();
                if (failuresInARow == 1 || failuresInARow % 20 == 0) {
                    LOG.warnf("outbox relay failed (%d in a row), will retry: %s", failuresInARow, lastError);
                }
                sleepQuietly(Backoff.after(failuresInARow, INITIAL_BACKOFF, config.maxBackoff()));
            }
        }
    }

    /**
     * One round: read unsent rows, send them, await the acks, mark the acked ones sent and count the refused ones.
     * Returns the rows settled; 0 when another relay holds the lock. Throws when the broker or database is away.
     */
    int relayBatch() {
        if (!batchLock.tryLock()) {
            return 0;
        }
        try {
            Connection c = leadership();
            if (c == null) {
                return 0;
            }
            try {
                List<Row> rows = claim(c);
                if (rows.isEmpty()) {
                    return 0;
                }
                Round round = send(rows);
                markSent(c, round.acked());
                sent.increment(round.acked().size());
                for (Map.Entry<Row, String> refused : round.refused().entrySet()) {
                    countRefusal(c, refused.getKey(), refused.getValue());
                }
                if (round.transientFailure() != null) {
                    throw round.transientFailure();
                }
                return round.acked().size() + round.refused().size();
            } catch (SQLException e) {
                releaseLeadership();
                throw new DependencyUnavailableException("outbox database: " + e.getMessage(), e);
            }
        } finally {
            batchLock.unlock();
        }
    }

    private record Row(long id, String eventId, String topic, String key, String type, String source, Instant time,
            byte[] payload, String traceParent) {
        String aggregate() {
            return topic + '\u0000' + key;
        }
    }

    /** What a round did: rows acked, rows refused with the reason, and the first broker-side failure if any. */
    private record Round(List<Row> acked, Map<Row, String> refused, RuntimeException transientFailure) {
    }

    private Connection leadership() {
        try {
            if (leaderConnection != null) {
                if (leaderConnection.isValid(2)) {
                    return leaderConnection;
                }
                releaseLeadership();
            }
            Connection c = dataSource.getConnection();
            boolean locked;
            try (PreparedStatement s = c.prepareStatement(LOCK); ResultSet rs = s.executeQuery()) {
                rs.next();
                locked = rs.getBoolean(1);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            if (!locked) {
                c.close();
                return null;
            }
            leaderConnection = c;
            leader = true;
            return c;
        } catch (SQLException e) {
            throw new DependencyUnavailableException("outbox database: " + e.getMessage(), e);
        }
    }

    // The connection goes back to the pool, its session alive: the lock is released first (a dead session has lost it).
    private void releaseLeadership() {
        leader = false;
        if (leaderConnection != null) {
            try (PreparedStatement s = leaderConnection.prepareStatement(UNLOCK)) {
                s.execute();
            } catch (SQLException e) {
                LOG.debugf("relay lock not released explicitly (its session is gone): %s", e.getMessage());
            }
            try {
                leaderConnection.close();
            } catch (SQLException e) {
                LOG.debug("closing the relay's connection failed", e);
            }
            leaderConnection = null;
        }
    }

    private List<Row> claim(Connection c) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(CLAIM)) {
            s.setInt(1, config.batchSize());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong("id"), rs.getString("event_id"), rs.getString("topic"), rs.getString("record_key"),
                            rs.getString("event_type"), rs.getString("source"), rs.getTimestamp("occurred_at").toInstant(),
                            rs.getString("payload").getBytes(StandardCharsets.UTF_8), rs.getString("trace_parent")));
                }
            }
        }
        return rows;
    }

    private Round send(List<Row> rows) {
        KafkaProducer<String, byte[]> p = producer();
        Map<Row, Future<RecordMetadata>> inFlight = new LinkedHashMap<>();
        Map<Row, String> refused = new LinkedHashMap<>();
        Set<String> waiting = new HashSet<>();
        RuntimeException transientFailure = null;
        Map<String, String> missingTopics = new HashMap<>();
        for (Row row : rows) {
            if (waiting.contains(row.aggregate())) {
                continue;
            }
            String missing = missingTopics.get(row.topic());
            if (missing != null) {
                // Each send to a missing topic would block for the metadata timeout: the verdict holds for the round.
                waiting.add(row.aggregate());
                refused.put(row, missing);
                continue;
            }
            Future<RecordMetadata> ack = p.send(record(row));
            if (ack.isDone()) {
                // Refused before it left (too large, no metadata for the topic): later rows of the aggregate wait.
                RuntimeException failure = failureOf(ack);
                if (failure != null) {
                    waiting.add(row.aggregate());
                    String refusal = refusal(row, failure);
                    if (refusal != null) {
                        refused.put(row, refusal);
                        if (refusal.startsWith(TOPIC_MISSING)) {
                            missingTopics.put(row.topic(), refusal);
                        }
                        continue;
                    }
                    transientFailure = failure;
                    break;
                }
            }
            inFlight.put(row, ack);
        }
        List<Row> acked = new ArrayList<>();
        long deadline = System.nanoTime() + config.sendTimeout().toNanos();
        for (Map.Entry<Row, Future<RecordMetadata>> e : inFlight.entrySet()) {
            Row row = e.getKey();
            if (waiting.contains(row.aggregate())) {
                continue;
            }
            try {
                e.getValue().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acked.add(row);
            } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException failure) {
                RuntimeException cause = unwrap(failure);
                waiting.add(row.aggregate());
                String refusal = refusal(row, cause);
                if (refusal != null) {
                    refused.put(row, refusal);
                } else if (transientFailure == null) {
                    transientFailure = cause;
                }
            } catch (InterruptedException failure) {
                Thread.currentThread().interrupt();
                transientFailure = new DependencyUnavailableException("interrupted while waiting for Kafka", failure);
                break;
            }
        }
        if (transientFailure != null && !(transientFailure instanceof RetriableException
                || transientFailure instanceof DependencyUnavailableException)) {
            // A producer that failed for another reason may hold a broken state; the next round gets a fresh one.
            closeProducer();
        }
        return new Round(acked, refused, transientFailure);
    }

    /** Why Kafka will never take this row, or null when the failure is the broker's (retried, never counted). */
    private String refusal(Row row, RuntimeException failure) {
        if (failure instanceof ApiException && !(failure instanceof RetriableException)) {
            return failure.getClass().getSimpleName() + ": " + failure.getMessage();
        }
        if (failure instanceof org.apache.kafka.common.errors.TimeoutException && String.valueOf(failure.getMessage())
                .contains("not present in metadata") && topicMissing(row.topic())) {
            return TOPIC_MISSING + row.topic() + " does not exist";
        }
        return null;
    }

    private boolean topicMissing(String topic) {
        try (Admin admin = kafka.admin()) {
            admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS);
            return false;
        } catch (ExecutionException e) {
            return e.getCause() instanceof UnknownTopicOrPartitionException;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private void countRefusal(Connection c, Row row, String reason) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(REFUSED)) {
            s.setString(1, Inbox.truncate(reason, 2000));
            s.setInt(2, config.maxSendAttempts());
            s.setLong(3, row.id());
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next() && rs.getBoolean(1)) {
                    parkedRows.increment();
                    LOG.errorf("outbox row %d (event %s, %s, key %s) parked: Kafka refused it %d times: %s; later events of"
                            + " this aggregate wait until it is removed or fixed", row.id(), row.eventId(), row.type(), row.key(),
                            config.maxSendAttempts(), reason);
                } else {
                    LOG.warnf("Kafka refused outbox row %d (event %s): %s", row.id(), row.eventId(), reason);
                }
            }
        }
    }

    private static RuntimeException failureOf(Future<RecordMetadata> ack) {
        try {
            ack.get();
            return null;
        } catch (ExecutionException e) {
            return unwrap(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DependencyUnavailableException("interrupted", e);
        }
    }

    private static RuntimeException unwrap(Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof java.util.concurrent.TimeoutException) {
            return new org.apache.kafka.common.errors.TimeoutException("Kafka did not acknowledge in time", cause);
        }
        return cause instanceof RuntimeException r ? r : new DependencyUnavailableException(cause.getMessage(), cause);
    }

    private static ProducerRecord<String, byte[]> record(Row row) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.SPEC_VERSION, bytes(CloudEventHeaders.SPEC_VERSION_VALUE));
        headers.add(CloudEventHeaders.ID, bytes(row.eventId()));
        headers.add(CloudEventHeaders.TYPE, bytes(row.type()));
        headers.add(CloudEventHeaders.SOURCE, bytes(row.source()));
        headers.add(CloudEventHeaders.TIME, bytes(row.time().toString()));
        headers.add(CloudEventHeaders.SUBJECT, bytes(row.key()));
        headers.add(CloudEventHeaders.CONTENT_TYPE, bytes(CloudEventHeaders.JSON));
        if (row.traceParent() != null) {
            headers.add(EventTracing.TRACEPARENT, bytes(row.traceParent()));
        }
        return new ProducerRecord<>(row.topic(), null, row.key(), row.payload(), headers);
    }

    private static void markSent(Connection c, List<Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        Long[] ids = rows.stream().map(Row::id).toArray(Long[]::new);
        try (PreparedStatement s = c.prepareStatement(MARK_SENT)) {
            s.setArray(1, c.createArrayOf("bigint", ids));
            s.executeUpdate();
        }
    }

    private void purgeOccasionally() {
        long now = System.currentTimeMillis();
        if (now - lastPurge < TimeUnit.MINUTES.toMillis(10)) {
            return;
        }
        batchLock.lock();
        try {
            Connection c = leaderConnection;
            if (c == null) {
                return;
            }
            lastPurge = now;
            try (PreparedStatement s = c.prepareStatement(PURGE)) {
                s.setTimestamp(1, Timestamp.from(Instant.now().minus(config.retention())));
                int purged = s.executeUpdate();
                if (purged > 0) {
                    LOG.debugf("purged %d sent outbox rows", purged);
                }
            } catch (SQLException e) {
                LOG.debugf("outbox purge skipped: %s", e.getMessage());
            }
        } finally {
            batchLock.unlock();
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = kafka.producer("outbox-relay", config.sendTimeout().toMillis());
        }
        return producer;
    }

    private void closeProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ofSeconds(1));
            } catch (RuntimeException e) {
                LOG.debug("closing the relay producer failed", e);
            }
            producer = null;
        }
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
