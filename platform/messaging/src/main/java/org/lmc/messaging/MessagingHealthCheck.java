package org.lmc.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Outbox backlog, relay failures, inbox consumer state and dead letters, in {@code /q/health}. A broker
 * outage does not make the service unready (writes still land in the outbox); a dead inbox consumer does.
 */
@Readiness
@ApplicationScoped
public class MessagingHealthCheck implements HealthCheck {
    private final OutboxRelay relay;
    private final InboxConsumer consumer;
    private final Inbox inbox;
    private final MessagingConfig config;

    MessagingHealthCheck(OutboxRelay relay, InboxConsumer consumer, Inbox inbox, MessagingConfig config) {
        this.relay = relay;
        this.consumer = consumer;
        this.inbox = inbox;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder health = HealthCheckResponse.named("lmc-messaging").up();
        if (config.outbox().topic().isPresent()) {
            OutboxRelay.Backlog backlog = relay.backlog();
            health.withData("outboxPending", backlog.pending())
                    .withData("outboxOldestAgeSeconds", (long) backlog.oldestAgeSeconds())
                    .withData("relayConsecutiveFailures", relay.consecutiveFailures());
            if (relay.lastError() != null) {
                health.withData("relayLastError", relay.lastError());
            }
        }
        if (config.inbox().topics().isPresent()) {
            String name = consumer.consumerName();
            health.withData("inboxConsumer", name)
                    .withData("inboxRunning", consumer.isRunning())
                    .withData("inboxDeadLetters", inbox.deadLetterCount(name));
            if (consumer.lastError() != null) {
                health.withData("inboxLastError", consumer.lastError());
            }
            if (!consumer.isRunning()) {
                health.down();
            }
        }
        return health.build();
    }
}
