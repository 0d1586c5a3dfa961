package org.lmc.web;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The purge of Idempotency-Key records in {@code /q/health}: when it last succeeded and why it last failed. A failing
 * purge keeps the service ready (requests are still served correctly); it shows here and in the metrics.
 */
@Readiness
@ApplicationScoped
public class IdempotencyHealthCheck implements HealthCheck {
    private final IdempotencyRecords records;

    IdempotencyHealthCheck(IdempotencyRecords records) {
        this.records = records;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder health = HealthCheckResponse.named("lmc-idempotency").up()
                .withData("lastPurge", records.lastSuccess().toString());
        if (records.lastError() != null) {
            health.withData("lastPurgeError", records.lastError());
        }
        return health.build();
    }
}
