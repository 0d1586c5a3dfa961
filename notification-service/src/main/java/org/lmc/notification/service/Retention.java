package org.lmc.notification.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;
import org.lmc.notification.config.NotificationConfig;
import org.lmc.notification.repository.DeliveryRepository;
import org.lmc.sql.Sql;

/** Purges what grows with traffic: finished deliveries (with their attempt log) and old inbox notifications. */
@ApplicationScoped
public class Retention {
    private static final Logger LOG = Logger.getLogger(Retention.class);

    private final DeliveryRepository deliveries;
    private final Sql sql;
    private final NotificationConfig.Retention config;

    Retention(DeliveryRepository deliveries, Sql sql, NotificationConfig config) {
        this.deliveries = deliveries;
        this.sql = sql;
        this.config = config.retention();
    }

    @Scheduled(every = "1h", delayed = "1m", identity = "notification-retention",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void hourly() {
        try {
            purge(Instant.now());
        } catch (RuntimeException e) {
            LOG.warnf("retention purge failed, will try again next hour: %s", e.getMessage());
        }
    }

    /** Returns the number of delivery and notification rows removed. */
    public int purge(Instant now) {
        int removed = deliveries.purge(now.minus(config.delivered()), now.minus(config.dead()));
        // Deliveries of an old notification go with it (cascade); a pending one would be weeks past its last retry.
        removed += sql.update("DELETE FROM notification WHERE created_at < ?", now.minus(config.inbox()));
        return removed;
    }
}
