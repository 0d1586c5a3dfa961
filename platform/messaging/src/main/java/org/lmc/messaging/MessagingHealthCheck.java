package org.lmc.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Outbox relay and inbox consumer in {@code /q/health} (readiness). DOWN while the consumer waits for a
 * dependency (with the reason in {@code inboxWaitingFor}) or is restarting after an unexpected failure. A
 * broker outage alone does not make the service unready (writes still land in the outbox; the relay's lag
 * shows it). Parked outbox rows and open dead letters are alerts that need an operator, not reasons to take
 * the service out of traffic: they are in the data here and in the separate check {@link MessagingAlertsCheck}.
 */
@Readiness
@ApplicationScoped
public class MessagingHealthCheck implements HealthCheck {
    private final OutboxRelay relay;
    private final InboxConsumer consumer;
    private final DeadLetters deadLetters;
    private final MessagingConfig config;

    MessagingHealthCheck(OutboxRelay relay, InboxConsumer consumer, DeadLetters deadLetters, MessagingConfig config) {
        this.relay = relay;
        this.consumer = consumer;
        this.deadLetters = deadLetters;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder health = HealthCheckResponse.named("lmc-messaging").up();
        if (config.outbox().topic().isPresent()) {
            describeRelay(relay, health);
        }
        if (config.inbox().topics().isPresent()) {
            String name = consumer.consumerName();
            InboxConsumer.State state = consumer.state();
            health.withData("inboxConsumer", name)
                    .withData("inboxState", state.name())
                    .withData("inboxRunning", consumer.isRunning())
                    .withData("inboxRestarts", consumer.restarts())
                    .withData("inboxDeadLetters", deadLetters.openCount(name));
            String waitingFor = consumer.waitingFor();
            if (waitingFor != null) {
                health.withData("inboxWaitingFor", waitingFor).withData("inboxPausedSeconds", consumer.pausedFor().toSeconds());
            }
            if (consumer.lastRecovery() != null) {
                health.withData("inboxLastRecoveredAt", consumer.lastRecovery().toString())
                        .withData("inboxLastOutageMillis", consumer.lastOutage().toMillis());
            }
            if (consumer.lastError() != null) {
                health.withData("inboxLastError", consumer.lastError());
            }
            if (!consumer.isRunning() || state == InboxConsumer.State.WAITING_FOR_DEPENDENCY
                    || state == InboxConsumer.State.RESTARTING) {
                health.down();
            }
        }
        return health.build();
    }

    static void describeRelay(OutboxRelay relay, HealthCheckResponseBuilder health) {
        OutboxRelay.Backlog backlog = relay.backlog();
        health.withData("outboxPending", backlog.pending())
                .withData("outboxOldestAgeSeconds", (long) backlog.oldestAgeSeconds())
                .withData("outboxParked", backlog.parked())
                .withData("outboxHeldBehindParked", backlog.held())
                .withData("relayRunning", relay.isRunning())
                .withData("relayLeader", relay.isLeader())
                .withData("relayConsecutiveFailures", relay.consecutiveFailures());
        if (relay.lastError() != null) {
            health.withData("relayLastError", relay.lastError());
        }
    }
}
