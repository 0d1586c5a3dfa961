package org.lmc.notification.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.lmc.notification.Db;
import org.lmc.notification.NotificationStack;
import org.lmc.notification.service.Retention;

/** The worker in health and metrics, and the retention of what grows with traffic. */
@QuarkusTest
@NotificationStack
class DeliveryWorkerOperationsTest {
    @Inject
    Db db;
    @Inject
    Retention retention;

    @Test
    void theWorkerShowsInHealthAndMetrics() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'lmc-notification-delivery' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'lmc-notification-delivery' }.data.workerRunning", equalTo(true));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("lmc_notification_deliveries_pending"))
                .body(containsString("lmc_notification_deliveries_dead"))
                .body(containsString("lmc_notification_deliveries_in_flight"))
                .body(containsString("lmc_notification_deliveries_oldest_due_seconds"));
    }

    @Test
    void finishedDeliveriesAndOldNotificationsArePurgedAfterTheirRetention() {
        Instant now = Instant.now();
        UUID old = notification(now.minus(Duration.ofDays(401)));
        UUID recent = notification(now.minus(Duration.ofDays(40)));
        UUID oldDelivered = delivery(old, "DELIVERED", now.minus(Duration.ofDays(400)));
        UUID delivered40DaysAgo = delivery(recent, "DELIVERED", now.minus(Duration.ofDays(31)));
        UUID dead40DaysAgo = delivery(recent, "DEAD", now.minus(Duration.ofDays(31)));
        UUID deliveredYesterday = delivery(recent, "DELIVERED", now.minus(Duration.ofDays(1)));
        db.update("INSERT INTO delivery_attempt (delivery_id, attempt, started_at, duration_ms, succeeded) VALUES (?, 1, ?, 5, true)",
                delivered40DaysAgo, OffsetDateTime.now(ZoneOffset.UTC).minusDays(31));

        retention.purge(now);

        assertThat(db.count("SELECT count(*) FROM notification WHERE id IN (?, ?)", old, recent)).isEqualTo(1);
        assertThat(db.rows("SELECT id FROM delivery WHERE id IN (?, ?, ?, ?) ORDER BY finished_at", oldDelivered, delivered40DaysAgo,
                dead40DaysAgo, deliveredYesterday)).containsExactly(List.of(dead40DaysAgo.toString()), List.of(deliveredYesterday.toString()));
        assertThat(db.count("SELECT count(*) FROM delivery_attempt WHERE delivery_id = ?", delivered40DaysAgo)).isZero();
    }

    private UUID notification(Instant createdAt) {
        UUID id = UUID.randomUUID();
        db.update("INSERT INTO notification (id, org_id, kind, event_type, event_id, subject, body, created_at) VALUES"
                + " (?, '0803360', 'BOOTH_ASSIGNED', 'org.lmc.registration.booth-assigned.v1', ?, 's', 'b', ?)", id, UUID.randomUUID().toString(),
                createdAt.atOffset(ZoneOffset.UTC));
        return id;
    }

    private UUID delivery(UUID notification, String status, Instant finishedAt) {
        UUID id = UUID.randomUUID();
        db.update("INSERT INTO delivery (id, notification_id, event_id, kind, channel, recipient, status, attempts, next_attempt_at,"
                + " created_at, finished_at) VALUES (?, ?, ?, 'BOOTH_ASSIGNED', 'EMAIL', 'x@example.org', ?, 1, ?, ?, ?)", id, notification,
                UUID.randomUUID().toString(), status, finishedAt.atOffset(ZoneOffset.UTC), finishedAt.atOffset(ZoneOffset.UTC),
                finishedAt.atOffset(ZoneOffset.UTC));
        return id;
    }
}
