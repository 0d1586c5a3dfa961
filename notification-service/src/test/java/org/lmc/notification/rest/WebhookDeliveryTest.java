package org.lmc.notification.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lmc.contracts.EventJson;
import org.lmc.contracts.EventTypes;
import org.lmc.contracts.Topics;
import org.lmc.contracts.notification.NotificationEventTypes;
import org.lmc.notification.Db;
import org.lmc.notification.NotificationStack;
import org.lmc.notification.TeamEvents;
import org.lmc.notification.WebhookReceiver;
import org.lmc.testing.EventProbe;
import org.lmc.testing.TestEvents;
import org.lmc.testing.TestTokens;

@QuarkusTest
@NotificationStack
class WebhookDeliveryTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    Db db;

    static Map<String, Object> subscribe(String token, String url, List<String> kinds, String orgId) {
        return given().auth().oauth2(token).contentType("application/json")
                .body(orgId == null ? Map.of("url", url, "kinds", kinds) : Map.of("url", url, "kinds", kinds, "orgId", orgId))
                .post("/api/v1/webhooks").then().statusCode(201).extract().jsonPath().getMap("$");
    }

    /**
     * A client whose answer was lost (it gave up on the read, or the service died before answering) sends the same
     * subscription again with the same Idempotency-Key: it gets the one subscription and its secret. Found by the fault
     * harness: the retry made a second subscription, so every message came twice, one copy signed with a secret nobody had.
     */
    @Test
    void aSubscriptionSentAgainWithTheSameIdempotencyKeyIsMadeOnceAndAnswersWithItsSecret() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String key = java.util.UUID.randomUUID().toString();
            Map<String, Object> body = Map.of("url", receiver.url(), "kinds", List.of("TEAM_CONFIRMED"), "description", "retried " + key);
            Map<String, Object> first = given().auth().oauth2(TestTokens.agency()).contentType("application/json")
                    .header("Idempotency-Key", key).body(body).post("/api/v1/webhooks").then().statusCode(201)
                    .extract().jsonPath().getMap("$");
            io.restassured.response.Response again = given().auth().oauth2(TestTokens.agency()).contentType("application/json")
                    .header("Idempotency-Key", key).body(body).post("/api/v1/webhooks");
            assertThat(again.statusCode()).isEqualTo(201);
            assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(again.jsonPath().getString("id")).isEqualTo(first.get("id"));
            assertThat(again.jsonPath().getString("secret")).isEqualTo(first.get("secret")).startsWith("whsec_");
            assertThat(db.rows("SELECT id FROM webhook_subscription WHERE description = ?", "retried " + key)).hasSize(1);
        }
    }

    @Test
    void aSubscriberGetsEachNotificationSignedWithTheEventsIdAndItsSecretIsShownOnce() throws Exception {
        TeamEvents team = TeamEvents.denverLike();
        try (WebhookReceiver receiver = WebhookReceiver.start(); EventProbe probe = EventProbe.open(bootstrap, Topics.NOTIFICATION_EVENTS)) {
            Map<String, Object> subscription = subscribe(TestTokens.agency(), receiver.url(), List.of("TEAM_CONFIRMED"),
                    team.organisation.orgId());
            String id = (String) subscription.get("id");
            String secret = (String) subscription.get("secret");
            assertThat(secret).startsWith("whsec_");
            given().auth().oauth2(TestTokens.agency()).get("/api/v1/webhooks/" + id).then().statusCode(200)
                    .body("secret", nullValue()).body("url", equalTo(receiver.url())).body("kinds", equalTo(List.of("TEAM_CONFIRMED")));

            String eventId;
            try (TestEvents events = TestEvents.connect(bootstrap)) {
                events.send(Topics.REGISTRATION_EVENTS, EventTypes.TEAM_REGISTERED_V1, team.teamId.toString(), team.registered());
                eventId = events.send(Topics.REGISTRATION_EVENTS, EventTypes.TEAM_CONFIRMED_V1, team.teamId.toString(), team.confirmed());
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received().size() == 1);
            WebhookReceiver.Received message = receiver.received().get(0);
            assertThat(message.header("webhook-id")).isEqualTo("evt_" + eventId);
            assertThat(Long.parseLong(message.header("webhook-timestamp"))).isCloseTo(System.currentTimeMillis() / 1000,
                    org.assertj.core.data.Offset.offset(30L));
            assertThat(WebhookReceiver.verifies(secret, message)).isTrue();
            JsonNode body = EventJson.MAPPER.readTree(message.body());
            assertThat(body.get("type").asText()).isEqualTo("TEAM_CONFIRMED");
            assertThat(body.at("/data/eventId").asText()).isEqualTo(eventId);
            assertThat(body.at("/data/orgId").asText()).isEqualTo(team.organisation.orgId());
            assertThat(body.at("/data/subject").asText()).isEqualTo("Team confirmed: Denver Public Schools");
            assertThat(body.at("/data/event/status").asText()).isEqualTo("CONFIRMED");

            // This subscription's delivery: other tests' subscriptions (to every organisation) get the same event.
            List<List<String>> deliveries = db.rows("SELECT id FROM delivery WHERE event_id = ? AND channel = 'WEBHOOK'"
                    + " AND subscription_id = CAST(? AS uuid)", eventId, id);
            assertThat(deliveries).hasSize(1);
            String deliveryId = deliveries.get(0).get(0);
            EventProbe.Event delivered = probe.awaitType(NotificationEventTypes.NOTIFICATION_DELIVERED_V1, deliveryId);
            assertThat(delivered.data().get("channel").asText()).isEqualTo("WEBHOOK");
            assertThat(delivered.data().get("subscriptionId").asText()).isEqualTo(id);
            assertThat(delivered.data().get("eventId").asText()).isEqualTo(eventId);
            assertThat(delivered.data().get("attempts").asInt()).isEqualTo(1);

            // Rotation: for the overlap, every message carries both signatures; the new secret is shown once.
            String rotated = given().auth().oauth2(TestTokens.agency()).post("/api/v1/webhooks/" + id + "/secret-rotation").then()
                    .statusCode(200).body("secret", startsWith("whsec_")).extract().path("secret");
            given().auth().oauth2(TestTokens.agency()).post("/api/v1/webhooks/" + id + "/test").then().statusCode(202)
                    .body("kind", equalTo("WEBHOOK_TEST")).body("status", equalTo("PENDING"));
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received().size() == 2);
            WebhookReceiver.Received test = receiver.received().get(1);
            assertThat(test.header("webhook-signature").split(" ")).hasSize(2);
            assertThat(WebhookReceiver.verifies(rotated, test)).isTrue();
            assertThat(WebhookReceiver.verifies(secret, test)).isTrue();
        }
    }

    @Test
    void aFailingEndpointIsRetriedOnScheduleThenDeadWhileAHealthyOneIsServedAtOnce() throws Exception {
        TeamEvents team = TeamEvents.denverLike();
        try (WebhookReceiver failing = WebhookReceiver.start().answering(500); WebhookReceiver slow = WebhookReceiver.start().delaying(3000);
                WebhookReceiver healthy = WebhookReceiver.start(); EventProbe probe = EventProbe.open(bootstrap, Topics.NOTIFICATION_EVENTS)) {
            String orgId = team.organisation.orgId();
            String failingId = (String) subscribe(TestTokens.agency(), failing.url(), List.of(), orgId).get("id");
            subscribe(TestTokens.agency(), slow.url(), List.of(), orgId);
            subscribe(TestTokens.admin(), healthy.url(), List.of(), orgId);

            long sent;
            String eventId;
            try (TestEvents events = TestEvents.connect(bootstrap)) {
                sent = System.currentTimeMillis();
                eventId = events.send(Topics.REGISTRATION_EVENTS, EventTypes.TEAM_REGISTERED_V1, team.teamId.toString(), team.registered());
            }
            // The healthy endpoint is served at once, although the other two fail or hang.
            await().atMost(Duration.ofSeconds(20)).until(() -> healthy.received().size() == 1);
            assertThat(healthy.received().get(0).at().toEpochMilli() - sent).isLessThan(2500);

            // Three attempts (test config), 400 ms then 800 ms base backoff with jitter in [half, full].
            await().atMost(Duration.ofSeconds(20)).until(() -> failing.received().size() == 3);
            List<WebhookReceiver.Received> tries = failing.received();
            long firstGap = tries.get(1).at().toEpochMilli() - tries.get(0).at().toEpochMilli();
            long secondGap = tries.get(2).at().toEpochMilli() - tries.get(1).at().toEpochMilli();
            assertThat(firstGap).isBetween(190L, 1500L);
            assertThat(secondGap).isBetween(390L, 2500L);
            assertThat(tries).extracting(r -> r.header("webhook-id")).containsOnly("evt_" + eventId);

            String deadId = db.rows("SELECT id FROM delivery WHERE event_id = ? AND subscription_id = ?::uuid", eventId, failingId).get(0).get(0);
            EventProbe.Event failed = probe.awaitType(NotificationEventTypes.NOTIFICATION_FAILED_V1, deadId);
            assertThat(failed.data().get("attempts").asInt()).isEqualTo(3);
            assertThat(failed.data().get("reason").asText()).isEqualTo("endpoint answered 500");
            given().auth().oauth2(TestTokens.admin()).queryParam("status", "DEAD").queryParam("kind", "REGISTRATION_RECEIVED")
                    .queryParam("limit", 200).get("/api/v1/deliveries").then().statusCode(200)
                    .body("items.findAll { it.id == '" + deadId + "' }", hasSize(1));
            given().auth().oauth2(TestTokens.admin()).get("/api/v1/deliveries/" + deadId).then().statusCode(200)
                    .body("status", equalTo("DEAD")).body("attempts", equalTo(3)).body("attemptLog", hasSize(3))
                    .body("attemptLog[2].httpStatus", equalTo(500)).body("lastError", equalTo("endpoint answered 500"));
            // The slow endpoint timed out (2 s in tests) and is retried on its own schedule.
            await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM delivery_attempt a JOIN delivery d"
                    + " ON d.id = a.delivery_id WHERE d.event_id = ? AND a.error LIKE 'no answer within 2000 ms'", eventId) >= 1);

            // An administrator redelivers once the endpoint is fixed; the receiver sees the same webhook-id.
            failing.answering(200);
            given().auth().oauth2(TestTokens.agency()).post("/api/v1/deliveries/" + deadId + "/redelivery").then().statusCode(403);
            given().auth().oauth2(TestTokens.admin()).post("/api/v1/deliveries/" + deadId + "/redelivery").then().statusCode(202)
                    .body("status", equalTo("PENDING")).body("attempts", equalTo(0));
            await().atMost(Duration.ofSeconds(20)).until(() -> failing.received().size() == 4);
            assertThat(failing.received().get(3).header("webhook-id")).isEqualTo("evt_" + eventId);
            await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(db.rows("SELECT status FROM delivery WHERE id = ?::uuid",
                    deadId).get(0).get(0)));
            given().auth().oauth2(TestTokens.admin()).post("/api/v1/deliveries/" + java.util.UUID.randomUUID() + "/redelivery").then()
                    .statusCode(404);
        }
    }

    @Test
    void aPrivateOrPlainHttpUrlOrAnUnknownKindIsRefusedAndNothingIsWritten() {
        long before = db.count("SELECT count(*) FROM webhook_subscription");
        String agency = TestTokens.agency();
        given().auth().oauth2(agency).contentType("application/json").body(Map.of("url", "https://10.1.2.3/hook"))
                .post("/api/v1/webhooks").then().statusCode(400).contentType("application/problem+json")
                .body("errors", hasSize(1)).body("errors[0].field", equalTo("url"))
                .body("errors[0].message", equalTo("resolves to a private, link-local or reserved address (10.1.2.3)"));
        given().auth().oauth2(agency).contentType("application/json").body(Map.of("url", "https://169.254.169.254/latest/meta-data"))
                .post("/api/v1/webhooks").then().statusCode(400)
                .body("errors[0].message", equalTo("resolves to a private, link-local or reserved address (169.254.169.254)"));
        given().auth().oauth2(agency).contentType("application/json").body(Map.of("url", "http://93.184.215.14/hook"))
                .post("/api/v1/webhooks").then().statusCode(400)
                .body("errors[0].field", equalTo("url")).body("errors[0].message", equalTo("must be an HTTPS URL"));
        given().auth().oauth2(agency).contentType("application/json")
                .body(Map.of("url", "https://93.184.215.14/hook", "kinds", List.of("TEAM_CONFIRMED", "PLAN_DUE")))
                .post("/api/v1/webhooks").then().statusCode(400)
                .body("errors", hasSize(1)).body("errors[0].field", equalTo("kinds[1]"))
                .body("errors[0].message", startsWith("is not a notification kind"));
        given().auth().oauth2(agency).contentType("application/json").body(Map.of("kinds", List.of()))
                .post("/api/v1/webhooks").then().statusCode(400).body("errors[0].field", equalTo("url"));
        given().auth().oauth2(TestTokens.admin()).queryParam("kind", "PLAN_DUE").get("/api/v1/deliveries").then().statusCode(400)
                .body("errors[0].field", equalTo("kind"));
        given().auth().oauth2(TestTokens.admin()).queryParam("status", "LOST").get("/api/v1/deliveries").then().statusCode(400)
                .body("errors[0].field", equalTo("status"));
        assertThat(db.count("SELECT count(*) FROM webhook_subscription")).isEqualTo(before);
    }

    @Test
    void agenciesManageTheirOwnSubscriptionsAdministratorsAllAndDistrictsNone() {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String mine = (String) subscribe(TestTokens.agency(), receiver.url(), List.of(), null).get("id");
            String otherAgency = TestTokens.user("aasa").roles("agency").token();
            given().auth().oauth2(otherAgency).get("/api/v1/webhooks/" + mine).then().statusCode(404)
                    .contentType("application/problem+json");
            given().auth().oauth2(otherAgency).delete("/api/v1/webhooks/" + mine).then().statusCode(404);
            given().auth().oauth2(otherAgency).post("/api/v1/webhooks/" + mine + "/secret-rotation").then().statusCode(404);
            given().auth().oauth2(otherAgency).get("/api/v1/webhooks").then().statusCode(200)
                    .body("items.findAll { it.id == '" + mine + "' }", hasSize(0));
            given().auth().oauth2(TestTokens.admin()).get("/api/v1/webhooks/" + mine).then().statusCode(200);
            given().auth().oauth2(TestTokens.district("0803360")).get("/api/v1/webhooks").then().statusCode(403);
            given().auth().oauth2(TestTokens.district("0803360")).get("/api/v1/deliveries").then().statusCode(403);
            given().auth().oauth2(TestTokens.agency()).delete("/api/v1/webhooks/" + mine).then().statusCode(204);
            given().auth().oauth2(TestTokens.agency()).get("/api/v1/webhooks/" + mine).then().statusCode(404);
        }
    }
}
