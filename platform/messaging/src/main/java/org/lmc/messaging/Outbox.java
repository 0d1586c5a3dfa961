package org.lmc.messaging;

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
 */
@ApplicationScoped
public class Outbox {
    private static final String WAKE_REGISTERED = Outbox.class.getName() + ".wake";
    private static final String INSERT = "INSERT INTO lmc_outbox (event_id, topic, record_key, event_type, source, occurred_at, payload)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?::json)";

    private final DataSource dataSource;
    private final TransactionSynchronizationRegistry transactions;
    private final OutboxRelay relay;
    private final MessagingConfig.Outbox config;

    Outbox(DataSource dataSource, TransactionSynchronizationRegistry transactions, OutboxRelay relay, MessagingConfig config) {
        this.dataSource = dataSource;
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
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (PendingEvent event : events) {
                byte[] payload = EventJson.write(event.data());
                if (config.validateSchemas()) {
                    EventSchemas.assertValid(event.type(), payload);
                }
                UUID id = UUID.randomUUID();
                insert.setObject(1, id);
                insert.setString(2, topic);
                insert.setString(3, event.aggregateId());
                insert.setString(4, event.type());
                insert.setString(5, config.source());
                insert.setTimestamp(6, Timestamp.from(now));
                insert.setString(7, new String(payload, java.nio.charset.StandardCharsets.UTF_8));
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

    private void wakeRelayAfterCommit() {
        AfterCommit.once(transactions, WAKE_REGISTERED, relay::wake);
    }
}
