package org.lmc.notification.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lmc.contracts.EventTypes;
import org.lmc.contracts.Topics;
import org.lmc.notification.Db;
import org.lmc.notification.Mailbox;
import org.lmc.notification.NotificationStack;
import org.lmc.notification.TeamEvents;
import org.lmc.notification.service.Digests;
import org.lmc.testing.TestEvents;
import org.lmc.testing.TestTokens;

@QuarkusTest
@NotificationStack
class PreferencesAndDigestTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    Db db;
    @Inject
    Digests digests;

    static Map<String, Object> preference(Object memberId, String kind, String channel, String mode) {
        Map<String, Object> p = new HashMap<>();
        p.put("memberId", memberId);
        p.put("kind", kind);
        p.put("channel", channel);
        p.put("mode", mode);
        return p;
    }

    static io.restassured.response.ValidatableResponse put(String token, String orgId, List<Map<String, Object>> preferences) {
        return given().auth().oauth2(token).contentType("application/json").queryParam("orgId", orgId)
                .body(Map.of("preferences", preferences)).put("/api/v1/preferences").then();
    }

    @Test
    void routineKindsWaitForTheDailyDigestAndAPersonMaySwitchOneOff() {
        TeamEvents team = TeamEvents.denverLike();
        String orgId = team.organisation.orgId();
        try (TestEvents events = TestEvents.connect(bootstrap)) {
            events.send(Topics.REGISTRATION_EVENTS, EventTypes.MEMBER_COMMITTED_V1, team.teamId.toString(), team.committed(team.superintendent));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM directory_member WHERE team_id = ?", team.teamId) == 3);
        String district = TestTokens.district(orgId);
        put(district, orgId, List.of(preference(null, "BOOTH_ASSIGNED", "EMAIL", "DIGEST"),
                preference(null, "MEMBER_ADDED", "EMAIL", "DIGEST"),
                preference(team.boardPresident.memberId().toString(), "TEAM_CONFIRMED", "EMAIL", "OFF"))).statusCode(200)
                .body("orgId", equalTo(orgId)).body("preferences", hasSize(3))
                .body("preferences[0].memberId", equalTo(null)).body("preferences[0].kind", equalTo("BOOTH_ASSIGNED"));
        given().auth().oauth2(district).get("/api/v1/preferences").then().statusCode(200)
                .body("preferences.mode", equalTo(List.of("DIGEST", "DIGEST", "OFF")))
                .body("kinds.find { it.kind == 'PAYMENT_MADE' }.critical", equalTo(true))
                .body("kinds.find { it.kind == 'BOOTH_ASSIGNED' }.digestible", equalTo(true));

        try (TestEvents events = TestEvents.connect(bootstrap)) {
            events.send(Topics.REGISTRATION_EVENTS, EventTypes.TEAM_CONFIRMED_V1, team.teamId.toString(), team.confirmed());
            events.send(Topics.REGISTRATION_EVENTS, EventTypes.BOOTH_ASSIGNED_V1, team.teamId.toString(), team.boothAssigned(42));
        }
        // Confirmation at once to all but the person who switched it off; the booth waits for the digest.
        Mailbox.await(team.superintendent.email(), "Team confirmed", 1);
        Mailbox.await(team.unionLeader.email(), "Team confirmed", 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM delivery WHERE org_id = ? AND status = 'DIGEST'",
                orgId) == 3);
        assertThat(Mailbox.matching(team.boardPresident.email(), "Team confirmed")).isEmpty();
        assertThat(Mailbox.matching(team.superintendent.email(), "Expo booth")).isEmpty();

        assertThat(digests.gather()).isGreaterThanOrEqualTo(3);
        for (String address : team.emails()) {
            assertThat(Mailbox.await(address, "Your LMC daily digest", 1)).singleElement().satisfies(m -> {
                assertThat(m.subject()).isEqualTo("Your LMC daily digest: 1 notification");
                assertThat(m.text()).isEqualTo("- Expo booth 42: Denver Public Schools\n  Your team will staff booth 42 at the expo.");
            });
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> db.count("SELECT count(*) FROM delivery WHERE org_id = ?"
                + " AND kind = 'BOOTH_ASSIGNED' AND status = 'DELIVERED' AND digest_id IS NOT NULL", orgId) == 3);
        // Nothing is left to gather: a second run sends no second digest.
        digests.gather();
        assertThat(Mailbox.matching(team.superintendent.email(), "Your LMC daily digest")).hasSize(1);
    }

    @Test
    void criticalKindsCannotBeSwitchedOffUrgentOnesNotDelayedAndBadInputWritesNothing() {
        TeamEvents team = TeamEvents.denverLike();
        String orgId = team.organisation.orgId();
        String district = TestTokens.district(orgId);
        put(district, orgId, List.of(preference(null, "PLAN_OPENED", "EMAIL", "DIGEST"))).statusCode(200);

        put(district, orgId, List.of(preference(null, "PAYMENT_MADE", "EMAIL", "OFF"))).statusCode(422)
                .contentType("application/problem+json").body("type", equalTo("urn:lmc:problem:critical-kind"))
                .body("errors[0].field", equalTo("preferences[0].mode"))
                .body("errors[0].message", equalTo("PAYMENT_MADE is critical and cannot be switched off"));
        put(district, orgId, List.of(preference(null, "MILESTONE_OVERDUE", "EMAIL", "OFF"))).statusCode(422);
        put(district, orgId, List.of(preference(null, "TEAM_CANCELLED", "EMAIL", "OFF"))).statusCode(422);
        put(district, orgId, List.of(preference(null, "TEAM_CONFIRMED", "EMAIL", "DIGEST"))).statusCode(422)
                .body("type", equalTo("urn:lmc:problem:not-digestible")).body("errors[0].field", equalTo("preferences[0].mode"));
        put(district, orgId, List.of(preference(null, "PLAN_DUE", "EMAIL", "OFF"), preference(null, "PLAN_OPENED", "SMS", "SOMETIMES")))
                .statusCode(400).body("errors.field", equalTo(List.of("preferences[0].kind", "preferences[1].channel", "preferences[1].mode")));
        put(district, orgId, List.of(preference(java.util.UUID.randomUUID().toString(), "PLAN_OPENED", "EMAIL", "OFF"))).statusCode(422)
                .body("errors[0].field", equalTo("preferences[0].memberId"));
        put(TestTokens.district("2400090"), orgId, List.of()).statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.district("2400090")).queryParam("orgId", orgId).get("/api/v1/preferences").then().statusCode(404);
        put(TestTokens.agency(), orgId, List.of()).statusCode(403);
        // Every refusal left the one stored preference as it was.
        assertThat(db.rows("SELECT member_key, kind, channel, mode FROM notification_preference WHERE org_id = ?", orgId))
                .containsExactly(List.of("", "PLAN_OPENED", "EMAIL", "DIGEST"));
    }
}
