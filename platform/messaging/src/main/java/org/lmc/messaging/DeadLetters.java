package org.lmc.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.lmc.contracts.CloudEventHeaders;
import org.lmc.contracts.EventJson;

/**
 * The dead letters of this service's consumer: recorded in its database (one row per consumer and event, with
 * the record's key, headers and data), copied to the dead-letter topic, listed, and replayed through the inbox
 * once the cause is fixed. A replay inserts the inbox row in the same transaction as the effect, so a dead
 * letter replayed twice, or concurrently, still has one effect.
 */
@ApplicationScoped
public class DeadLetters {
    private static final String RECORD = "INSERT INTO lmc_dead_letter (consumer, event_id, event_type, topic, kafka_partition,"
            + " kafka_offset, record_key, headers, payload, reason, reason_kind, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)"
            + " ON CONFLICT (consumer, event_id) DO NOTHING";
    private static final String PUBLISHED = "SELECT published_at IS NOT NULL FROM lmc_dead_letter WHERE consumer = ? AND event_id = ?";
    private static final String MARK_PUBLISHED = "UPDATE lmc_dead_letter SET published_at = now() WHERE consumer = ? AND event_id = ?";
    private static final String COLUMNS = "consumer, event_id, event_type, topic, kafka_partition, kafka_offset, record_key, reason,"
            + " reason_kind, attempts, dead_lettered_at, published_at, redriven_at, redrive_error";
    private static final String LIST_OPEN = "SELECT " + COLUMNS + " FROM lmc_dead_letter WHERE consumer = ? AND redriven_at IS NULL"
            + " ORDER BY dead_lettered_at, event_id LIMIT ?";
    private static final String LIST_ALL = "SELECT " + COLUMNS + " FROM lmc_dead_letter WHERE consumer = ?"
            + " ORDER BY dead_lettered_at, event_id LIMIT ?";
    private static final String OPEN_COUNT = "SELECT count(*) FROM lmc_dead_letter WHERE consumer = ? AND redriven_at IS NULL";
    private static final String LOCK_ONE = "SELECT event_id, event_type, topic, kafka_partition, kafka_offset, record_key, headers::text,"
            + " payload, redriven_at FROM lmc_dead_letter WHERE consumer = ? AND event_id = ? FOR UPDATE";
    private static final String RELEASE_INBOX = "DELETE FROM lmc_inbox WHERE consumer = ? AND event_id = ? AND outcome = 'DEAD_LETTERED'";
    private static final String MARK_REDRIVEN = "UPDATE lmc_dead_letter SET redriven_at = now(), redrive_error = NULL"
            + " WHERE consumer = ? AND event_id = ?";
    private static final String REDRIVE_FAILED = "UPDATE lmc_dead_letter SET redrive_error = ? WHERE consumer = ? AND event_id = ?";
    private static final String PURGE = "DELETE FROM lmc_dead_letter WHERE redriven_at < ?";
    private static final int MAX_PER_CALL = 1000;

    /** A dead letter as operators see it (the data itself is not listed: it may hold personal data). */
    public record DeadLetter(String consumer, String eventId, String eventType, String topic, int partition, long offset,
            String key, String reason, String reasonKind, int attempts, Instant deadLetteredAt, Instant publishedAt,
            Instant redrivenAt, String redriveError) {
    }

    /** What a replay did. */
    public enum RedriveOutcome {
        /** The handler ran: the effect happened now. */
        PROCESSED,
        /** Replayed, but no handler takes this type: recorded as ignored. */
        IGNORED,
        /** Already replayed before (or the event had its effect otherwise): nothing done. */
        ALREADY_REDRIVEN,
        /** Still failing: left as a dead letter, with the new reason. */
        FAILED
    }

    /** The outcome of replaying one dead letter. */
    public record RedriveResult(String eventId, RedriveOutcome outcome, String reason) {
    }

    private final Inbox inbox;
    private final MeterRegistry registry;
    private final Optional<String> ownConsumer;

    DeadLetters(Inbox inbox, MeterRegistry registry, MessagingConfig config) {
        this.inbox = inbox;
        this.registry = registry;
        this.ownConsumer = config.inbox().consumer();
    }

    /** The consumer name of this service, if it consumes at all. */
    public Optional<String> consumer() {
        return ownConsumer;
    }

    /** Whether a recorded dead letter was newly recorded now, and whether its topic copy was already sent. */
    record Recorded(boolean isNew, boolean published) {
    }

    /**
     * Records a dead letter and the inbox row that keeps a redelivery from retrying it, in one transaction.
     * Recording twice is harmless: the first row stays.
     */
    Recorded record(String consumer, ConsumerRecord<String, byte[]> record, String eventId, String eventType,
            Failures.Failure failure, int attempts) {
        Recorded recorded = QuarkusTransaction.requiringNew().call(() -> {
            boolean isNew;
            try (Connection c = inbox.connection(); PreparedStatement s = c.prepareStatement(RECORD)) {
                s.setString(1, consumer);
                s.setString(2, eventId);
                s.setString(3, eventType);
                s.setString(4, record.topic());
                s.setInt(5, record.partition());
                s.setLong(6, record.offset());
                s.setString(7, record.key());
                s.setString(8, headersJson(record));
                s.setBytes(9, record.value());
                s.setString(10, Inbox.truncate(failure.message(), 2000));
                s.setString(11, failure.reason());
                s.setInt(12, attempts);
                isNew = s.executeUpdate() == 1;
                IncomingEvent marker = new IncomingEvent(eventId, eventType == null ? "unknown" : eventType, null, null, null,
                        record.key(), record.value(), record.topic(), record.partition(), record.offset());
                inbox.insert(consumer, marker, "DEAD_LETTERED", failure.message());
                try (PreparedStatement p = c.prepareStatement(PUBLISHED)) {
                    p.setString(1, consumer);
                    p.setString(2, eventId);
                    try (ResultSet rs = p.executeQuery()) {
                        return new Recorded(isNew, rs.next() && rs.getBoolean(1));
                    }
                }
            }
        });
        if (recorded.isNew()) {
            Counter.builder("lmc.inbox.dead.letters").description("Events dead-lettered, by reason")
                    .tag("consumer", consumer).tag("reason", failure.reason()).register(registry).increment();
        }
        return recorded;
    }

    void markPublished(String consumer, String eventId) {
        update(MARK_PUBLISHED, consumer, eventId);
    }

    /** Dead letters of a consumer, oldest first; open ones only unless {@code includeRedriven}. */
    public List<DeadLetter> list(String consumer, boolean includeRedriven, int limit) {
        List<DeadLetter> letters = new ArrayList<>();
        try (Connection c = inbox.connection(); PreparedStatement s = c.prepareStatement(includeRedriven ? LIST_ALL : LIST_OPEN)) {
            s.setString(1, consumer);
            s.setInt(2, Math.max(1, Math.min(limit, MAX_PER_CALL)));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    letters.add(new DeadLetter(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                            rs.getLong(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getInt(10), instant(rs, 11),
                            instant(rs, 12), instant(rs, 13), rs.getString(14)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read dead letters: " + e.getMessage(), e);
        }
        return letters;
    }

    /** Dead letters not yet replayed; -1 when the database cannot say. */
    public long openCount(String consumer) {
        try (Connection c = inbox.connection(); PreparedStatement s = c.prepareStatement(OPEN_COUNT)) {
            s.setString(1, consumer);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException | RuntimeException e) {
            return -1;
        }
    }

    /** Replays one dead letter through the inbox; empty when the consumer has no dead letter with this id. */
    public Optional<RedriveResult> redrive(String consumer, String eventId) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> replay(consumer, eventId));
        } catch (RuntimeException e) {
            Failures.Failure failure = Failures.classify(e);
            if (!failure.infrastructure()) {
                update(REDRIVE_FAILED, Inbox.truncate(failure.message(), 2000), consumer, eventId);
            }
            return Optional.of(new RedriveResult(eventId, RedriveOutcome.FAILED, failure.message()));
        }
    }

    /** Replays every open dead letter of a consumer, oldest first (at most 1000 per call). */
    public List<RedriveResult> redriveAll(String consumer) {
        List<RedriveResult> results = new ArrayList<>();
        for (DeadLetter letter : list(consumer, false, MAX_PER_CALL)) {
            redrive(consumer, letter.eventId()).ifPresent(results::add);
        }
        return results;
    }

    private Optional<RedriveResult> replay(String consumer, String eventId) throws SQLException {
        IncomingEvent event;
        try (Connection c = inbox.connection(); PreparedStatement s = c.prepareStatement(LOCK_ONE)) {
            s.setString(1, consumer);
            s.setString(2, eventId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                if (rs.getTimestamp("redriven_at") != null) {
                    return Optional.of(new RedriveResult(eventId, RedriveOutcome.ALREADY_REDRIVEN, null));
                }
                Map<String, String> headers = readHeaders(rs.getString(7));
                event = new IncomingEvent(eventId, rs.getString("event_type"), headers.get(CloudEventHeaders.SOURCE),
                        headers.get(CloudEventHeaders.SUBJECT), time(headers.get(CloudEventHeaders.TIME)), rs.getString("record_key"),
                        rs.getBytes("payload"), rs.getString("topic"), rs.getInt("kafka_partition"), rs.getLong("kafka_offset"));
            }
            if (event.type() == null || event.data() == null || unreplayable(eventId)) {
                throw new PoisonEventException(PoisonEventException.UNPARSEABLE, "not a CloudEvent: it cannot be replayed", null);
            }
            EventHandler handler = inbox.handlerFor(event);
            try (PreparedStatement release = c.prepareStatement(RELEASE_INBOX)) {
                release.setString(1, consumer);
                release.setString(2, eventId);
                release.executeUpdate();
            }
            RedriveOutcome outcome;
            if (!inbox.insert(consumer, event, handler == null ? "IGNORED" : "PROCESSED", "redriven")) {
                outcome = RedriveOutcome.ALREADY_REDRIVEN;
            } else if (handler == null) {
                outcome = RedriveOutcome.IGNORED;
            } else {
                handler.handle(event);
                outcome = RedriveOutcome.PROCESSED;
            }
            try (PreparedStatement mark = c.prepareStatement(MARK_REDRIVEN)) {
                mark.setString(1, consumer);
                mark.setString(2, eventId);
                mark.executeUpdate();
            }
            inbox.count(consumer, event, outcome == RedriveOutcome.ALREADY_REDRIVEN ? Inbox.Outcome.DUPLICATE
                    : outcome == RedriveOutcome.IGNORED ? Inbox.Outcome.IGNORED : Inbox.Outcome.PROCESSED);
            Counter.builder("lmc.inbox.redriven").description("Dead letters replayed, by outcome").tag("consumer", consumer)
                    .tag("outcome", outcome.name().toLowerCase()).register(registry).increment();
            return Optional.of(new RedriveResult(eventId, outcome, null));
        }
    }

    // Dead letters recorded without a CloudEvents id are keyed by their Kafka position and cannot be replayed.
    private static boolean unreplayable(String eventId) {
        return eventId.startsWith(InboxConsumer.OFFSET_ID_PREFIX);
    }

    /** Deletes dead letters replayed longer ago than the retention; open ones stay until someone acts. */
    int purge(Duration retention) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = inbox.connection(); PreparedStatement s = c.prepareStatement(PURGE)) {
                s.setTimestamp(1, Timestamp.from(Instant.now().minus(retention)));
                return s.executeUpdate();
            }
        });
    }

    private void update(String sql, String... values) {
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection c = inbox.connection(); PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < values.length; i++) {
                    s.setString(i + 1, values[i]);
                }
                s.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("dead-letter write failed: " + e.getMessage(), e);
            }
        });
    }

    private static String headersJson(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        try {
            return EventJson.MAPPER.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> readHeaders(String json) {
        try {
            return EventJson.MAPPER.readValue(json, new TypeReference<Map<String, String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant time(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
