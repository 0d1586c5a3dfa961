package org.lmc.messaging;

import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * What needs an operator, in the health group {@code /q/health/group/lmc-alerts}: DOWN while outbox rows are
 * parked (Kafka refused them) or dead letters wait to be replayed. Kept out of readiness so that one bad event
 * does not take an instance out of traffic.
 */
@HealthGroup("lmc-alerts")
@ApplicationScoped
public class MessagingAlertsCheck implements HealthCheck {
    private final OutboxRelay relay;
    private final InboxConsumer consumer;
    private final DeadLetters deadLetters;
    private final MessagingConfig config;

    MessagingAlertsCheck(OutboxRelay relay, InboxConsumer consumer, DeadLetters deadLetters, MessagingConfig config) {
        this.relay = relay;
        this.consumer = consumer;
        this.deadLetters = deadLetters;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder health = HealthCheckResponse.named("lmc-messaging-alerts").up();
        if (config.outbox().topic().isPresent()) {
            long parked = relay.backlog().parked();
            health.withData("outboxParked", parked);
            if (parked != 0) {
                health.down();
            }
        }
        if (config.inbox().topics().isPresent()) {
            long open = deadLetters.openCount(consumer.consumerName());
            health.withData("inboxDeadLetters", open);
            if (open != 0) {
                health.down();
            }
        }
        return health.build();
    }
}
