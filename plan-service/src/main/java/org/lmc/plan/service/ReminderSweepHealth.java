package org.lmc.plan.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** The reminder sweep in health: DOWN while its last scheduled run failed (e.g. the database was away), UP once one succeeds. */
@Readiness
@ApplicationScoped
public class ReminderSweepHealth implements HealthCheck {
    private final ReminderSweep sweep;

    ReminderSweepHealth(ReminderSweep sweep) {
        this.sweep = sweep;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("plan-reminder-sweep").up();
        sweep.lastSweep().ifPresent(last -> {
            response.withData("lastSweepAt", last.at().toString());
            if (last.error() != null) {
                response.down().withData("error", last.error());
            } else {
                response.withData("lastSent", last.result().sent());
            }
        });
        return response.build();
    }
}
