package org.lmc.notification.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.lmc.notification.config.NotificationConfig;
import org.lmc.notification.repository.DeliveryRepository;
import org.lmc.notification.service.DeliveryWorker;

/**
 * The delivery worker in {@code /q/health}: running or not, its last error, the backlog and the dead deliveries.
 * A stopped worker makes the service unready; failing endpoints do not (they are counted and visible).
 */
@Readiness
@ApplicationScoped
public class DeliveryHealthCheck implements HealthCheck {
    private final DeliveryWorker worker;
    private final NotificationConfig config;

    DeliveryHealthCheck(DeliveryWorker worker, NotificationConfig config) {
        this.worker = worker;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder health = HealthCheckResponse.named("lmc-notification-delivery").up();
        if (!config.delivery().enabled()) {
            return health.withData("worker", "disabled").build();
        }
        DeliveryRepository.Backlog backlog = worker.backlog();
        health.withData("workerRunning", worker.isRunning())
                .withData("lastLoop", worker.lastLoop().toString())
                .withData("pending", backlog.pending())
                .withData("dead", backlog.dead())
                .withData("oldestDueSeconds", (long) backlog.oldestDueSeconds());
        if (worker.lastError() != null) {
            health.withData("lastError", worker.lastError());
        }
        if (!worker.isRunning()) {
            health.down();
        }
        return health.build();
    }
}
