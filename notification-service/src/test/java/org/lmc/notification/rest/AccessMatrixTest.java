package org.lmc.notification.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lmc.contracts.EventTypes;
import org.lmc.contracts.Topics;
import org.lmc.notification.Db;
import org.lmc.notification.NotificationStack;
import org.lmc.notification.TeamEvents;
import org.lmc.notification.WebhookReceiver;
import org.lmc.testing.TestEvents;
import org.lmc.testing.TestTokens;
import org.lmc.testing.access.AccessWalk;
import org.lmc.testing.access.DatabaseState;

/**
 * Every operation of the notification API as every caller, against {@code docs/security/access-matrix-notification.md}.
 * District A's team was registered and confirmed by events, so it has inbox rows, email deliveries and preferences;
 * district B asks for them by their real ids and by {@code ?orgId=} of A (a forged organisation in the query: 404, no
 * effect). The agency owns the webhook acted on; a deleted webhook is a fresh one for every caller.
 */
@QuarkusTest
@NotificationStack
class AccessMatrixTest {
    static final String BALTIMORE = "2400090";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    DataSource dataSource;

    @Inject
    Db db;

    @Test
    void everyOperationAnswersEveryCallerAsTheMatrixSays() throws Exception {
        TeamEvents team = TeamEvents.denverLike();
        String orgA = team.organisation.orgId();
        String confirmed;
        try (TestEvents events = TestEvents.connect(bootstrap)) {
            events.send(Topics.REGISTRATION_EVENTS, EventTypes.TEAM_REGISTERED_V1, team.teamId.toString(), team.registered());
            confirmed = events.send(Topics.REGISTRATION_EVENTS, EventTypes.TEAM_CONFIRMED_V1, team.teamId.toString(), team.confirmed());
        }
        // A finished delivery (sent or dead): only such a one can be sent again, which is what the admin's cell expects.
        String finished = "SELECT id FROM delivery WHERE event_id = ? AND status IN ('DELIVERED', 'DEAD') ORDER BY id";
        await().atMost(Duration.ofSeconds(30)).until(() -> !db.rows("SELECT id FROM notification WHERE event_id = ?", confirmed).isEmpty()
                && !db.rows(finished, confirmed).isEmpty());
        String notification = db.rows("SELECT id FROM notification WHERE event_id = ?", confirmed).get(0).get(0);
        String delivery = db.rows(finished, confirmed).get(0).get(0);
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String webhook = (String) WebhookDeliveryTest.subscribe(TestTokens.agency(), receiver.url(), List.of("TEAM_CONFIRMED"), orgA)
                    .get("id");
            String subscription = "{\"url\": \"" + receiver.url() + "\", \"kinds\": [\"TEAM_CONFIRMED\"], \"orgId\": \"" + orgA + "\"}";
            AccessWalk.Result result = AccessWalk.of("notification")
                    .realmCallers(orgA, team.superintendent.email(), BALTIMORE)
                    .state(DatabaseState.of(dataSource).countOnly("delivery", "delivery_attempt"))
                    .id("notification", notification)
                    .id("delivery", delivery)
                    .id("webhook", webhook)
                    .prepare("GET /api/v1/inbox", call -> call.query("orgId=" + orgA))
                    .prepare("GET /api/v1/inbox/unread-count", call -> call.query("orgId=" + orgA))
                    .prepare("GET /api/v1/preferences", call -> call.query("orgId=" + orgA))
                    .prepare("PUT /api/v1/preferences", call -> call.query("orgId=" + orgA).body("""
                            {"preferences": [{"kind": "BOOTH_ASSIGNED", "channel": "EMAIL", "mode": "DIGEST"}]}"""))
                    .prepare("POST /api/v1/webhooks", call -> call.body(subscription))
                    .prepare("DELETE /api/v1/webhooks/{webhook}", call -> call.param("webhook",
                            WebhookDeliveryTest.subscribe(TestTokens.agency(), receiver.url(), List.of("TEAM_CONFIRMED"), orgA).get("id")))
                    .prepare("POST /api/v1/admin/dead-letters/redrive", call -> call.body("{\"all\": true}"))
                    .run();
            System.out.printf("notification access matrix: %d operations x %d callers = %d cells, observed in %s; %d hostile parameter values on the reading operations%n",
                    result.operations(), result.callers(), result.cells(), result.observed(), result.parameterCases());
            assertThat(result.failures()).isEmpty();
        }
    }
}
