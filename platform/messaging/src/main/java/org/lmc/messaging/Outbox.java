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
            + " trace_parent) VALUES (?, ?, ?, ?, ?, ?, ?::json, ?)";

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
        String topic = config.topic().orElseThrow(() -> new IllegalStateException(
                "lmc.messaging.outbox.topic is not set: this service has no topic to publish to"));
        Instant now = Instant.now();
        java.util.List<UUID> ids = new java.util.ArrayList<>(events.size());
        String traceParent = tracing.currentTraceParent();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (PendingEvent event : events) {
                // One tree, validated and written: the event is never parsed back from its own bytes.
                JsonNode tree = EventJson.MAPPER.valueToTree(event.data());
                if (config.validateSchemas()) {
                    EventSchemas.assertValid(event.type(), tree);
                }
                String payload = EventJson.MAPPER.writeValueAsString(tree);
                UUID id = UUID.randomUUID();
                insert.setObject(1, id);
                insert.setString(2, topic);
                insert.setString(3, event.aggregateId());
                insert.setString(4, event.type());
                insert.setString(5, config.source());
                insert.setTimestamp(6, Timestamp.from(now));
                insert.setString(7, payload);
                insert.setString(8, traceParent);
                insert.addBatch();
                ids.add(id);
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("outbox write failed: " + e.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event data is not serialisable: " + e.getMessage(), e);
        }
        wakeRelayAfterCommit();
        return ids;
    }

    private void wakeRelayAfterCommit() {
        AfterCommit.once(transactions, WAKE_REGISTERED, relay::wake);
    }
}
