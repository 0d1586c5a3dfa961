package org.lmc.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;
import javax.sql.DataSource;
import org.lmc.contracts.EventJson;
import org.lmc.contracts.EventSchemas;
import org.lmc.sql.Sql;

/**
 * The one way a service emits an event: a row written in the caller's transaction. Nothing reaches
 * Kafka unless that transaction commits; after it commits the relay is woken to send the rows.
 * <p>
 * <b>Per-aggregate order relies on the writer</b>: take the aggregate's lock (a {@code SELECT ... FOR UPDATE}
 * of its row, or an advisory lock on its id) before appending its events, and hold it to commit. The relay sends
 * in outbox id order; ids are allocated at insert and transactions commit in another order, so two
 * transactions writing events of one aggregate without that lock could commit, and be sent, the other way
 * round. With the lock, a later event of an aggregate is inserted only after the earlier one committed.
 */
@ApplicationScoped
public class Outbox {
    private static final String WAKE_REGISTERED = Outbox.class.getName() + ".wake";
    private static final String INSERT = "INSERT INTO lmc_outbox (event_id, topic, record_key, event_type, source, occurred_at, payload,"
            + " trace_parent) VALUES";
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?::json, ?)";
    static final int MOST_ROWS = 100;

    private final DataSource dataSource;
    private final EventTracing tracing;
    private final TransactionSynchronizationRegistry transactions;
    private final OutboxRelay relay;
    private final MessagingConfig.Outbox config;

    Outbox(DataSource dataSource, TransactionSynchronizationRegistry transactions, OutboxRelay relay, MessagingConfig config,
            EventTracing tracing) {
        this.dataSource = dataSource;
        this.tracing = tracing;
        this.transactions = transactions;
        this.relay = relay;
        this.config = config.outbox();
    }

    /** Writes one event to the outbox; returns its CloudEvents id. Requires the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID publish(PendingEvent event) {
        return publishAll(java.util.List.of(event)).iterator().next();
    }

    /** Writes events in order, in the caller's transaction; returns their ids in the same order. */
    @Transactional(Transactional.TxType.MANDATORY)
    public java.util.List<UUID> publishAll(Collection<PendingEvent> events) {
        String topic = topic();
        Timestamp now = Timestamp.from(Instant.now());
        String traceParent = tracing.currentTraceParent();
        java.util.List<UUID> ids = new java.util.ArrayList<>(events.size());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(INSERT + " " + ROW)) {
            for (PendingEvent event : events) {
                UUID id = UUID.randomUUID();
                Sql.bind(insert, row(event, id, topic, now, traceParent));
                insert.addBatch();
                ids.add(id);
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("outbox write failed: " + e.getMessage(), e);
        }
        wakeRelayAfterCommit();
        return ids;
    }

    /** One INSERT of outbox rows with its arguments in order (some null), for {@link Sql#together}, and the events' ids. */
    public record Rows(Sql.Statement statement, java.util.List<UUID> ids) {
    }

    /**
     * The outbox rows of {@code events}, in order, as one INSERT the caller runs in its own transaction, in one round trip
     * with its other statements: for a path that holds a hot lock, where each round trip it saves is one every waiter
     * saves. Validated and serialised as {@link #publishAll} does; the relay is woken when the transaction commits. For a
     * few events ({@value #MOST_ROWS} at most): every row is eight parameters of one statement.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Rows rows(java.util.List<PendingEvent> events) {
        if (events.isEmpty() || events.size() > MOST_ROWS) {
            throw new IllegalArgumentException("rows of 1 to " + MOST_ROWS + " events, not " + events.size());
        }
        String topic = topic();
        Timestamp now = Timestamp.from(Instant.now());
        String traceParent = tracing.currentTraceParent();
        java.util.List<Object> args = new java.util.ArrayList<>(events.size() * 8);
        java.util.List<UUID> ids = new java.util.ArrayList<>(events.size());
        StringBuilder sql = new StringBuilder(INSERT);
        for (PendingEvent event : events) {
            UUID id = UUID.randomUUID();
            sql.append(ids.isEmpty() ? " " : ", ").append(ROW);
            args.addAll(java.util.Arrays.asList(row(event, id, topic, now, traceParent)));
            ids.add(id);
        }
        wakeRelayAfterCommit();
        return new Rows(Sql.Statement.update(sql.toString(), args.toArray()), java.util.List.copyOf(ids));
    }

    private String topic() {
        return config.topic().orElseThrow(() -> new IllegalStateException(
                "lmc.messaging.outbox.topic is not set: this service has no topic to publish to"));
    }

    /** An event's row, validated against its schema: the arguments of {@link #ROW}. */
    private Object[] row(PendingEvent event, UUID id, String topic, Timestamp now, String traceParent) {
        // One tree, validated and written: the event is never parsed back from its own bytes.
        JsonNode tree = EventJson.MAPPER.valueToTree(event.data());
        if (config.validateSchemas()) {
            EventSchemas.assertValid(event.type(), tree);
        }
        try {
            return new Object[] {id, topic, event.aggregateId(), event.type(), config.source(), now,
                    EventJson.MAPPER.writeValueAsString(tree), traceParent};
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event data is not serialisable: " + e.getMessage(), e);
        }
    }

    private void wakeRelayAfterCommit() {
        AfterCommit.once(transactions, WAKE_REGISTERED, relay::wake);
    }
}
