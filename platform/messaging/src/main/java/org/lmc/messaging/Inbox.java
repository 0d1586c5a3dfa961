package org.lmc.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.lmc.contracts.EventSchemas;
import org.lmc.contracts.EventTypes;

/**
 * The idempotent inbox: for one event, in one transaction, insert (consumer, event id) and run the handler.
 * A primary-key conflict means the event was seen before (processed, ignored or dead-lettered): skipped and
 * counted, no second effect. Failing to reach the database is reported as {@link DependencyUnavailableException},
 * so the consumer waits for it instead of blaming the event.
 */
@ApplicationScoped
public class Inbox {
    private static final String INSERT = "INSERT INTO lmc_inbox (consumer, event_id, event_type, topic, kafka_partition,"
            + " kafka_offset, outcome, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (consumer, event_id) DO NOTHING";
    private static final String PURGE = "DELETE FROM lmc_inbox WHERE ctid = ANY (ARRAY(SELECT ctid FROM lmc_inbox"
            + " WHERE received_at < ? AND outcome <> 'DEAD_LETTERED' LIMIT 10000))";
    /** Metric tag for event types this consumer does not handle: header values must not make new time series. */
    static final String OTHER_TYPE = "other";

    /** What became of one delivery. */
    public enum Outcome { PROCESSED, IGNORED, DUPLICATE }

    private final DataSource dataSource;
    private final Map<String, EventHandler> handlers = new HashMap<>();
    private final Set<String> handledFamilies = new HashSet<>();
    private final MeterRegistry registry;

    Inbox(DataSource dataSource, Instance<EventHandler> handlerBeans, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.registry = registry;
        for (EventHandler handler : handlerBeans) {
            for (String type : handler.types()) {
                EventHandler previous = handlers.put(type, handler);
                if (previous != null) {
                    throw new IllegalStateException("two handlers for " + type + ": " + previous.getClass().getName()
                            + " and " + handler.getClass().getName());
                }
                handledFamilies.add(EventTypes.family(type));
            }
        }
    }

    /**
     * Processes one event in a new transaction. Types this consumer does not handle at all are recorded as
     * IGNORED and counted; a version of a handled type that it does not know is poison.
     */
    public Outcome process(String consumer, IncomingEvent event) {
        EventHandler handler = handlerFor(event);
        Outcome outcome = QuarkusTransaction.requiringNew().call(() -> {
            boolean first = insert(consumer, event, handler == null ? "IGNORED" : "PROCESSED", null);
            if (!first) {
                return Outcome.DUPLICATE;
            }
            if (handler == null) {
                return Outcome.IGNORED;
            }
            handler.handle(event);
            return Outcome.PROCESSED;
        });
        count(consumer, event, outcome);
        return outcome;
    }

    /** The handler of an event, after the checks that make it poison (unknown version, schema); null when ignored. */
    EventHandler handlerFor(IncomingEvent event) {
        EventHandler handler = handlers.get(event.type());
        if (handler == null && handledFamilies.contains(EventTypes.family(event.type()))) {
            throw new PoisonEventException(PoisonEventException.UNSUPPORTED_VERSION, "unsupported version " + event.type()
                    + "; this consumer handles " + handlers.keySet().stream()
                            .filter(t -> EventTypes.family(t).equals(EventTypes.family(event.type()))).sorted().toList(), null);
        }
        if (handler != null && EventSchemas.exists(event.type())) {
            var violations = EventSchemas.violations(event.type(), event.data());
            if (!violations.isEmpty()) {
                throw new PoisonEventException(PoisonEventException.SCHEMA, "data violates the schema of " + event.type() + ": "
                        + violations, null);
            }
        }
        return handler;
    }

    void count(String consumer, IncomingEvent event, Outcome outcome) {
        Counter.builder("lmc.inbox.events").description("Events received by the inbox, by outcome and handled type")
                .tag("consumer", consumer).tag("outcome", outcome.name().toLowerCase())
                .tag("type", handlers.containsKey(event.type()) ? event.type() : OTHER_TYPE)
                .register(registry).increment();
        if (outcome == Outcome.DUPLICATE) {
            Counter.builder("lmc.inbox.duplicates").description("Redelivered events skipped by the inbox")
                    .tag("consumer", consumer).register(registry).increment();
        }
    }

    /** Deletes inbox rows (not dead-lettered ones) older than the retention, a bounded number per call. */
    int purge(Duration retention) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = connection(); PreparedStatement s = c.prepareStatement(PURGE)) {
                s.setTimestamp(1, Timestamp.from(Instant.now().minus(retention)));
                return s.executeUpdate();
            }
        });
    }

    /** A connection, or the reason the database cannot be reached as a dependency failure (never the event's fault). */
    Connection connection() {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new DependencyUnavailableException("database unavailable: " + e.getMessage(), e);
        }
    }

    boolean insert(String consumer, IncomingEvent event, String outcome, String reason) {
        try (Connection c = connection(); PreparedStatement s = c.prepareStatement(INSERT)) {
            s.setString(1, consumer);
            s.setString(2, event.id());
            s.setString(3, event.type());
            s.setString(4, event.topic());
            s.setInt(5, event.partition());
            s.setLong(6, event.offset());
            s.setString(7, outcome);
            s.setString(8, reason == null ? null : truncate(reason, 2000));
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("inbox write failed: " + e.getMessage(), e);
        }
    }

    static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
