package org.lmc.notification.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lmc.contracts.EventJson;
import org.lmc.contracts.EventTypes;
import org.lmc.contracts.Topics;
import org.lmc.contracts.registration.TeamRegistered;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.TestEvents;
import org.lmc.testing.TestTokens;

@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "notification"))
class RegistrationNotificationTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static TeamRegistered teamOf(String orgId, String state, String name) {
        return new TeamRegistered(UUID.randomUUID(), UUID.randomUUID(),
                new TeamRegistered.Organisation("DISTRICT", orgId, name, state),
                List.of(new TeamRegistered.Member(UUID.randomUUID(), "Andrés Alonso", "ceo@bcps.k12.md.us", "SUPERINTENDENT"),
                        new TeamRegistered.Member(UUID.randomUUID(), "Marietta English", "president@baltu.org", "UNION_LEADER"),
                        new TeamRegistered.Member(UUID.randomUUID(), "Neil Duke", "board@bcps.k12.md.us", "BOARD_PRESIDENT")),
                3, false, "REGISTERED", Instant.parse("2011-01-20T15:00:00Z"));
    }

    static JsonPath inbox(String token, String orgId) {
        return given().auth().oauth2(token).queryParam("orgId", orgId).get("/api/v1/notifications")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aTeamRegisteredEventBecomesOneNotificationForItsOrganisationEvenWhenRedelivered() {
        String orgId = "24" + String.format("%05d", (int) (Math.random() * 100_000));
        TeamRegistered team = teamOf(orgId, "MD", "Baltimore City Public Schools");
        String eventId = UUID.randomUUID().toString();
        Instant sentAt = Instant.now();
        try (TestEvents events = TestEvents.connect(bootstrap)) {
            byte[] data = EventJson.write(team);
            events.send(Topics.REGISTRATION_EVENTS, eventId, EventTypes.TEAM_REGISTERED_V1, team.teamId().toString(), data);
            events.send(Topics.REGISTRATION_EVENTS, eventId, EventTypes.TEAM_REGISTERED_V1, team.teamId().toString(), data);
            // A later event on another key proves the consumer went past both copies.
            TeamRegistered marker = teamOf(orgId, "MD", "marker");
            events.send(Topics.REGISTRATION_EVENTS, EventTypes.TEAM_REGISTERED_V1, marker.teamId().toString(), marker);
        }
        String district = TestTokens.district(orgId);
        await().atMost(Duration.ofSeconds(30)).until(() -> inbox(district, orgId).getList("$").size() == 2);

        JsonPath notifications = inbox(district, orgId);
        List<String> teamIds = notifications.getList("teamId");
        assertThat(teamIds).containsOnlyOnce(team.teamId().toString());
        int i = teamIds.indexOf(team.teamId().toString());
        assertThat(notifications.getString("[" + i + "].orgId")).isEqualTo(orgId);
        assertThat(notifications.getString("[" + i + "].eventType")).isEqualTo(EventTypes.TEAM_REGISTERED_V1);
        assertThat(notifications.getString("[" + i + "].eventId")).isEqualTo(eventId);
        assertThat(notifications.getString("[" + i + "].subject")).isEqualTo("Registration received: Baltimore City Public Schools");
        assertThat(notifications.getString("[" + i + "].body"))
                .isEqualTo("Your team of 3 is registered: Andrés Alonso (SUPERINTENDENT), Marietta English (UNION_LEADER),"
                        + " Neil Duke (BOARD_PRESIDENT). It is confirmed once every required member has committed to attend.");
        // Dated by the event's ce_time, when the registration happened, not when the consumer caught up.
        assertThat(Instant.parse(notifications.getString("[" + i + "].createdAt"))).isBetween(sentAt, Instant.now());
    }

    @Test
    void anInboxIsReadableByStaffAndItsOwnDistrictOnly() {
        String orgId = "0803360";
        given().auth().oauth2(TestTokens.admin()).queryParam("orgId", orgId).get("/api/v1/notifications").then().statusCode(200);
        given().auth().oauth2(TestTokens.agency()).queryParam("orgId", orgId).get("/api/v1/notifications").then().statusCode(200);
        given().auth().oauth2(TestTokens.district(orgId)).queryParam("orgId", orgId).get("/api/v1/notifications").then().statusCode(200);
        given().auth().oauth2(TestTokens.district("2400090")).queryParam("orgId", orgId).get("/api/v1/notifications").then()
                .statusCode(404).contentType("application/problem+json").body("type", equalTo("urn:lmc:problem:not-found"));
        given().auth().oauth2(TestTokens.user("ford").roles("funder").funderId("ford-foundation").token())
                .queryParam("orgId", orgId).get("/api/v1/notifications").then().statusCode(403);
        given().queryParam("orgId", orgId).get("/api/v1/notifications").then().statusCode(401);
    }

    @Test
    void aMalformedOrganisationIdIsABadRequest() {
        given().auth().oauth2(TestTokens.admin()).queryParam("orgId", "08-03360").get("/api/v1/notifications").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors", hasSize(1))
                .body("errors[0].field", equalTo("orgId"))
                .body("errors[0].message", containsString("7-digit NCES LEA id"));
        given().auth().oauth2(TestTokens.admin()).queryParam("orgId", "0803360").queryParam("limit", "lots").get("/api/v1/notifications")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:lmc:problem:malformed-parameter"))
                .body("errors[0].field", equalTo("limit"));
    }
}
