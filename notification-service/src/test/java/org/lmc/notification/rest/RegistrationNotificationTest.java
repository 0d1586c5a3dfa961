package org.lmc.notification.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lmc.contracts.EventJson;
import org.lmc.contracts.EventTypes;
import org.lmc.contracts.Topics;
import org.lmc.contracts.registration.TeamMember;
import org.lmc.notification.Db;
import org.lmc.notification.Mailbox;
import org.lmc.notification.NotificationStack;
import org.lmc.notification.TeamEvents;
import org.lmc.testing.TestEvents;
import org.lmc.testing.TestTokens;

@QuarkusTest
@NotificationStack
class RegistrationNotificationTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    Db db;

    static JsonPath inbox(String token, String orgId) {
        return given().auth().oauth2(token).queryParam("orgId", orgId).get("/api/v1/inbox")
                .then().statusCode(200).extract().jsonPath();
    }

    void awaitInbox(String orgId, int size) {
        await().atMost(Duration.ofSeconds(30)).until(() -> inbox(TestTokens.admin(), orgId).getList("items").size() == size);
    }

    @Test
    void aRegistrationIsToldOnceToEachMemberAndTheInboxEvenWhenTheEventComesTwice() {
        TeamEvents team = TeamEvents.denverLike();
        String orgId = team.organisation.orgId();
        String eventId = UUID.randomUUID().toString();
        Instant sentAt = Instant.now();
        try (TestEvents events = TestEvents.connect(bootstrap)) {
            byte[] data = EventJson.write(team.registered());
            events.send(Topics.REGISTRATION_EVENTS, eventId, EventTypes.TEAM_REGISTERED_V1, team.teamId.toString(), data);
            events.send(Topics.REGISTRATION_EVENTS, eventId, EventTypes.TEAM_REGISTERED_V1, team.teamId.toString(), data);
            // A later event of the same team proves the consumer went past both copies.
            events.send(Topics.REGISTRATION_EVENTS, EventTypes.BOOTH_ASSIGNED_V1, team.teamId.toString(), team.boothAssigned(113));
        }
        awaitInbox(orgId, 2);
        String expectedText = "Your team of 3 is registered: Tom Boasberg (SUPERINTENDENT), Henry Roman (UNION_LEADER),"
                + " Nate Easley (BOARD_PRESIDENT). It is confirmed once every required member has committed to attend.";
        JsonPath page = inbox(TestTokens.district(orgId), orgId);
        assertThat(page.getString("items[1].kind")).isEqualTo("REGISTRATION_RECEIVED");
        assertThat(page.getString("items[1].eventId")).isEqualTo(eventId);
        assertThat(page.getString("items[1].eventType")).isEqualTo(EventTypes.TEAM_REGISTERED_V1);
        assertThat(page.getString("items[1].teamId")).isEqualTo(team.teamId.toString());
        assertThat(page.getString("items[1].subject")).isEqualTo("Registration received: Denver Public Schools");
        assertThat(page.getString("items[1].body")).isEqualTo(expectedText);
        assertThat(page.getString("items[1].readAt")).isNull();
        assertThat(Instant.parse(page.getString("items[1].createdAt"))).isBetween(sentAt, Instant.now());
        assertThat(page.getString("items[0].subject")).isEqualTo("Expo booth 113: Denver Public Schools");

        for (String address : team.emails()) {
            List<Mailbox.Mail> mails = Mailbox.await(address, "Registration received", 1);
            assertThat(mails).singleElement().satisfies(m -> {
                assertThat(m.to()).containsExactly(address);
                assertThat(m.subject()).isEqualTo("Registration received: Denver Public Schools");
                assertThat(m.text()).isEqualTo(expectedText);
                assertThat(m.from()).contains("notifications@lmc.example.org");
            });
        }
        // One intent per (event, channel, recipient), all delivered; the directory holds the team.
        assertThat(db.rows("SELECT recipient, status, attempts FROM delivery WHERE event_id = ? ORDER BY recipient", eventId))
                .extracting(r -> r.get(0) + " " + r.get(1) + " " + r.get(2))
                .containsExactlyElementsOf(team.emails().stream().sorted().map(e -> e + " DELIVERED 1").toList());
        assertThat(db.rows("SELECT email, role, active FROM directory_member WHERE team_id = ? ORDER BY role", team.teamId))
                .extracting(r -> String.join(" ", r)).containsExactly(
                        team.boardPresident.email() + " BOARD_PRESIDENT t",
                        team.superintendent.email() + " SUPERINTENDENT t",
                        team.unionLeader.email() + " UNION_LEADER t");
    }

    @Test
    void eachLifecycleEventTellsTheTeamWhatHappenedAndTheDirectoryFollowsReplacementsAndAdditions() {
        TeamEvents team = TeamEvents.denverLike();
        TeamMember newLeader = TeamEvents.member("Pam Shamburg", "pshamburg." + team.teamId.toString().substring(0, 8) + "@dcta.example.org",
                "UNION_LEADER");
        TeamMember principal = TeamEvents.member("Antonio Esquibel", "aesquibel." + team.teamId.toString().substring(0, 8)
                + "@dpsk12.example.org", "PRINCIPAL");
        String key = team.teamId.toString();
        try (TestEvents events = TestEvents.connect(bootstrap)) {
            events.send(Topics.REGISTRATION_EVENTS, EventTypes.TEAM_REGISTERED_V1, key, team.registered());
            events.send(Topics.REGISTRATION_EVENTS, EventTypes.MEMBER_COMMITTED_V1, key, team.committed(team.superintendent));
            events.send(Topics.REGISTRATION_EVENTS, EventTypes.TEAM_WAITLISTED_V1, key, team.waitlisted(4));
            events.send(Topics.REGISTRATION_EVENTS, EventTypes.TEAM_PROMOTED_V1, key, team.promoted());
            events.send(Topics.REGISTRATION_EVENTS, EventTypes.MEMBER_REPLACED_V1, key, team.replaceUnionLeader(newLeader));
            events.send(Topics.REGISTRATION_EVENTS, EventTypes.MEMBER_ADDED_V1, key,
                    team.added(List.of(team.superintendent, newLeader, team.boardPresident, principal), principal));
            events.send(Topics.REGISTRATION_EVENTS, EventTypes.TEAM_CANCELLED_V1, key, team.cancelled());
        }
        String orgId = team.organisation.orgId();
        // The commitment is no news to the district: six notifications for seven events.
        awaitInbox(orgId, 6);
        assertThat(inbox(TestTokens.admin(), orgId).getList("items.kind", String.class)).containsExactly(
                "TEAM_CANCELLED", "MEMBER_ADDED", "MEMBER_REPLACED", "TEAM_PROMOTED", "TEAM_WAITLISTED", "REGISTRATION_RECEIVED");

        String superintendent = team.superintendent.email();
        assertThat(Mailbox.await(superintendent, "Team waitlisted", 1)).singleElement().satisfies(m -> {
            assertThat(m.subject()).isEqualTo("Team waitlisted: Denver Public Schools is number 4 on the waitlist");
            assertThat(m.text()).startsWith("Every required member has committed, but the convening is full. Your team is number 4"
                    + " on the waitlist and will be told at once if a place frees up.");
        });
        assertThat(Mailbox.await(superintendent, "Team confirmed from the waitlist", 1)).singleElement().satisfies(m ->
                assertThat(m.text()).startsWith("A place has freed up and your team now has it: your team is confirmed for the convening."));
        String replacedText = "Henry Roman (UNION_LEADER) is replaced on your team by Pam Shamburg. Still to commit: UNION_LEADER."
                + " Your team: Tom Boasberg (SUPERINTENDENT), Pam Shamburg (UNION_LEADER), Nate Easley (BOARD_PRESIDENT).";
        // The new member, the rest of the team and the person replaced are all told of the replacement.
        for (String address : List.of(superintendent, newLeader.email(), team.unionLeader.email())) {
            assertThat(Mailbox.await(address, "Team member replaced", 1)).singleElement().satisfies(m -> {
                assertThat(m.subject()).isEqualTo("Team member replaced: Denver Public Schools");
                assertThat(m.text()).isEqualTo(replacedText);
            });
        }
        assertThat(Mailbox.await(principal.email(), "Team member added", 1)).singleElement().satisfies(m ->
                assertThat(m.text()).startsWith("Antonio Esquibel joins your team as PRINCIPAL."));
        // After the replacement the old union leader hears nothing more about the team; the principal now does.
        assertThat(Mailbox.await(principal.email(), "Team cancelled", 1)).singleElement().satisfies(m -> {
            assertThat(m.subject()).isEqualTo("Team cancelled: Denver Public Schools");
            assertThat(m.text()).isEqualTo("Your team's registration for the convening is cancelled (it was CONFIRMED)."
                    + " If this is a mistake, contact the convening staff.");
        });
        Mailbox.await(superintendent, "Team cancelled", 1);
        assertThat(Mailbox.matching(team.unionLeader.email(), "Team cancelled")).isEmpty();
        assertThat(Mailbox.matching(team.unionLeader.email(), "Team member added")).isEmpty();

        assertThat(db.rows("SELECT email, active FROM directory_member WHERE team_id = ? ORDER BY email", team.teamId))
                .extracting(r -> String.join(" ", r)).containsExactlyInAnyOrder(
                        superintendent + " t", newLeader.email() + " t", team.boardPresident.email() + " t", principal.email() + " t",
                        team.unionLeader.email() + " f");
        assertThat(db.rows("SELECT status FROM directory_team WHERE team_id = ?", team.teamId)).containsExactly(List.of("CANCELLED"));
    }

    @Test
    void aDistrictReadsAndMarksItsOwnInboxOnlyAndCountsWhatIsUnread() {
        TeamEvents team = TeamEvents.denverLike();
        String orgId = team.organisation.orgId();
        try (TestEvents events = TestEvents.connect(bootstrap)) {
            events.send(Topics.REGISTRATION_EVENTS, EventTypes.TEAM_REGISTERED_V1, team.teamId.toString(), team.registered());
            events.send(Topics.REGISTRATION_EVENTS, EventTypes.TEAM_CONFIRMED_V1, team.teamId.toString(), team.confirmed());
            events.send(Topics.REGISTRATION_EVENTS, EventTypes.BOOTH_ASSIGNED_V1, team.teamId.toString(), team.boothAssigned(7));
        }
        awaitInbox(orgId, 3);
        String district = TestTokens.district(orgId);
        String other = TestTokens.district("2400090");

        // Without orgId a district reads its own; pages of one with a cursor.
        JsonPath first = given().auth().oauth2(district).queryParam("limit", 1).get("/api/v1/inbox").then().statusCode(200)
                .body("items", hasSize(1)).body("next", notNullValue()).extract().jsonPath();
        assertThat(first.getString("items[0].kind")).isEqualTo("BOOTH_ASSIGNED");
        given().auth().oauth2(district).queryParam("limit", 1).queryParam("after", first.getString("next")).get("/api/v1/inbox")
                .then().statusCode(200).body("items[0].kind", equalTo("TEAM_CONFIRMED"));
        String confirmed = inbox(district, orgId).getString("items[1].id");

        given().auth().oauth2(district).get("/api/v1/inbox/unread-count").then().statusCode(200)
                .body("orgId", equalTo(orgId)).body("unread", equalTo(3));
        // Another district: the notification does not exist for it, nor does the inbox.
        given().auth().oauth2(other).post("/api/v1/inbox/" + confirmed + "/read").then().statusCode(404)
                .contentType("application/problem+json").body("type", equalTo("urn:lmc:problem:not-found"));
        given().auth().oauth2(other).queryParam("orgId", orgId).get("/api/v1/inbox").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(other).queryParam("orgId", orgId).get("/api/v1/inbox/unread-count").then().statusCode(404);

        String readAt = given().auth().oauth2(district).post("/api/v1/inbox/" + confirmed + "/read").then().statusCode(200)
                .body("id", equalTo(confirmed)).body("readAt", notNullValue()).extract().path("readAt");
        given().auth().oauth2(district).post("/api/v1/inbox/" + confirmed + "/read").then().statusCode(200).body("readAt", equalTo(readAt));
        given().auth().oauth2(district).get("/api/v1/inbox/unread-count").then().body("unread", equalTo(2));
        given().auth().oauth2(district).queryParam("unread", true).get("/api/v1/inbox").then().statusCode(200)
                .body("items.kind", org.hamcrest.Matchers.contains("BOOTH_ASSIGNED", "REGISTRATION_RECEIVED"));
        given().auth().oauth2(district).queryParam("unread", false).get("/api/v1/inbox").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.contains(confirmed));
    }

    @Test
    void onlyStaffAndTheOrganisationsOwnDistrictReadAnInbox() {
        String orgId = "0803360";
        given().auth().oauth2(TestTokens.admin()).queryParam("orgId", orgId).get("/api/v1/inbox").then().statusCode(200);
        given().auth().oauth2(TestTokens.agency()).queryParam("orgId", orgId).get("/api/v1/inbox").then().statusCode(200);
        given().auth().oauth2(TestTokens.district(orgId)).queryParam("orgId", orgId).get("/api/v1/inbox").then().statusCode(200);
        given().auth().oauth2(TestTokens.user("ford").roles("funder").funderId("ford-foundation").token())
                .queryParam("orgId", orgId).get("/api/v1/inbox").then().statusCode(403).contentType("application/problem+json");
        given().queryParam("orgId", orgId).get("/api/v1/inbox").then().statusCode(401);
        // Staff must say whose inbox; a malformed id or parameter is named.
        given().auth().oauth2(TestTokens.admin()).get("/api/v1/inbox").then().statusCode(400)
                .body("errors[0].field", equalTo("orgId"));
        given().auth().oauth2(TestTokens.admin()).queryParam("orgId", "08-03360").get("/api/v1/inbox").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors", hasSize(1)).body("errors[0].field", equalTo("orgId"))
                .body("errors[0].message", containsString("7-digit NCES LEA id"));
        given().auth().oauth2(TestTokens.admin()).queryParam("orgId", orgId).queryParam("limit", "lots").get("/api/v1/inbox")
                .then().statusCode(400).body("type", equalTo("urn:lmc:problem:malformed-parameter"))
                .body("errors[0].field", equalTo("limit"));
        given().auth().oauth2(TestTokens.admin()).queryParam("orgId", orgId).queryParam("after", "not-a-cursor").get("/api/v1/inbox")
                .then().statusCode(400).body("errors[0].field", equalTo("after"));
    }
}
