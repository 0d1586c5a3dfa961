package org.lmc.plan.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.lmc.contracts.EventJson;
import org.lmc.contracts.EventTypes;
import org.lmc.contracts.Topics;
import org.lmc.contracts.plan.PlanEventTypes;
import org.lmc.contracts.plan.PlanOpened;
import org.lmc.contracts.registration.MemberReplaced;
import org.lmc.contracts.registration.TeamCancelled;
import org.lmc.contracts.registration.TeamMember;
import org.lmc.contracts.registration.TeamPromoted;
import org.lmc.testing.EventProbe;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.TestEvents;

/** A team's plan from confirmation to publication and closure, with the events it causes. */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "plan"))
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlanLifecycleTest {
    @Inject
    PlanRows rows;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    TestEvents events;

    @BeforeAll
    void connect() {
        events = TestEvents.connect(bootstrap);
    }

    @AfterAll
    void disconnect() {
        events.close();
    }

    @Test
    void aConfirmationDeliveredTwiceAndAPromotionOpenOnePlan() {
        PlanFixtures.Team team = PlanFixtures.district("Meriden Public Schools", "CT");
        try (EventProbe probe = EventProbe.open(bootstrap, Topics.PLAN_EVENTS)) {
            String eventId = UUID.randomUUID().toString();
            byte[] confirmed = EventJson.write(team.confirmed());
            events.send(Topics.REGISTRATION_EVENTS, eventId, EventTypes.TEAM_CONFIRMED_V1, team.teamId().toString(), confirmed);
            events.send(Topics.REGISTRATION_EVENTS, eventId, EventTypes.TEAM_CONFIRMED_V1, team.teamId().toString(), confirmed);
            events.send(Topics.REGISTRATION_EVENTS, EventTypes.TEAM_PROMOTED_V1, team.teamId().toString(), new TeamPromoted(team.teamId(),
                    team.conveningId(), team.organisation(), team.members(), 3, false, "CONFIRMED", PlanFixtures.CONFIRMED_AT, UUID.randomUUID()));
            UUID planId = PlanFixtures.awaitPlan(team.teamId());

            // A later team's plan, on the same partition order per key is not shared; wait for the inbox to pass both.
            PlanFixtures.Team marker = PlanFixtures.district("Oak Lawn-Hometown School District 123", "IL");
            events.send(Topics.REGISTRATION_EVENTS, EventTypes.TEAM_CONFIRMED_V1, team.teamId().toString(), marker.confirmed());
            PlanFixtures.awaitPlan(marker.teamId());

            assertThat(rows.count("SELECT count(*) FROM plan WHERE team_id = '" + team.teamId() + "'")).isEqualTo(1);
            assertThat(rows.count("SELECT count(*) FROM lmc_inbox WHERE event_id = '" + eventId + "'")).isEqualTo(1);
            EventProbe.Event opened = probe.awaitType(PlanEventTypes.PLAN_OPENED_V1, planId.toString());
            Instant openedAt = Instant.parse(rows.text("SELECT to_char(opened_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
                    + " FROM plan WHERE id = '" + planId + "'"));
            assertThat(opened.data(PlanOpened.class)).isEqualTo(new PlanOpened(planId, team.conveningId(), team.teamId(),
                    team.organisation(), List.of(), null, openedAt));
            probe.awaitType(PlanEventTypes.PLAN_OPENED_V1, PlanFixtures.awaitPlan(marker.teamId()).toString());
            assertThat(probe.drain(Duration.ofMillis(300)).stream()
                    .filter(e -> e.key().equals(planId.toString()) && e.type().equals(PlanEventTypes.PLAN_OPENED_V1))).hasSize(1);
        }
        given().auth().oauth2(PlanFixtures.district(team)).get("/api/v1/plans/{p}", PlanFixtures.awaitPlan(team.teamId())).then()
                .statusCode(200).header("ETag", "\"1\"")
                .body("status", equalTo("OPEN")).body("latestVersion", equalTo(0)).body("publishedVersion", nullValue())
                .body("organisation.orgId", equalTo(team.orgId())).body("draft.title", equalTo("Meriden Public Schools action plan"))
                .body("draft.principles", empty());
    }

    @Test
    void theTeamWritesBothSidesSignAndThePlanIsPublished() {
        PlanFixtures.Team team = PlanFixtures.district("Denver Public Schools", "CO");
        UUID planId = PlanFixtures.confirmedWithPlan(events, team);
        String district = PlanFixtures.district(team);
        String body = PlanFixtures.content("ProComp for every school", 9, "Pay for learning gains", LocalDate.of(2031, 9, 1));
        try (EventProbe probe = EventProbe.open(bootstrap, Topics.PLAN_EVENTS)) {
            given().auth().oauth2(district).contentType(ContentType.JSON).body(body).put("/api/v1/plans/{p}/draft", planId)
                    .then().statusCode(428).contentType("application/problem+json");
            given().auth().oauth2(district).contentType(ContentType.JSON).header("If-Match", "\"7\"").body(body)
                    .put("/api/v1/plans/{p}/draft", planId).then().statusCode(412).body("type", equalTo("urn:lmc:problem:stale-etag"));
            String etag = PlanFixtures.saveDraft(district, planId, body);
            assertThat(etag).isEqualTo("\"2\"");

            given().auth().oauth2(district).post("/api/v1/plans/{p}/versions", planId).then().statusCode(201)
                    .body("number", equalTo(1)).body("content.title", equalTo("ProComp for every school"))
                    .body("signatures", empty()).body("awaitedRoles", contains("SUPERINTENDENT", "UNION_LEADER"));

            PlanFixtures.sign(team, planId, 1, "SUPERINTENDENT");
            given().auth().oauth2(district).contentType(ContentType.JSON).body("{\"version\": 1}").post("/api/v1/plans/{p}/publication", planId)
                    .then().statusCode(422).body("type", equalTo("urn:lmc:problem:not-endorsed")).body("errors[0].field", equalTo("version"));
            given().auth().oauth2(PlanFixtures.signer(team, "BOARD_PRESIDENT")).post("/api/v1/plans/{p}/versions/1/signatures", planId)
                    .then().statusCode(201).body("signatures.role", contains("SUPERINTENDENT", "BOARD_PRESIDENT"))
                    .body("awaitedRoles", contains("UNION_LEADER")).body("endorsedAt", nullValue());
            given().auth().oauth2(PlanFixtures.signer(team, "SUPERINTENDENT")).post("/api/v1/plans/{p}/versions/1/signatures", planId)
                    .then().statusCode(409).body("type", equalTo("urn:lmc:problem:already-signed"));
            given().auth().oauth2(PlanFixtures.signer(team, "UNION_LEADER")).post("/api/v1/plans/{p}/versions/1/signatures", planId)
                    .then().statusCode(201).body("awaitedRoles", empty()).body("signatures", hasSize(3));
            given().auth().oauth2(district).contentType(ContentType.JSON).body("{\"version\": 1}").post("/api/v1/plans/{p}/publication", planId)
                    .then().statusCode(200).body("number", equalTo(1));

            List<String> types = new ArrayList<>();
            for (String type : List.of(PlanEventTypes.VERSION_SUBMITTED_V1, PlanEventTypes.VERSION_SIGNED_V1, PlanEventTypes.VERSION_ENDORSED_V1,
                    PlanEventTypes.PLAN_PUBLISHED_V1)) {
                probe.awaitType(type, planId.toString());
            }
            probe.drain(Duration.ofMillis(300)).stream().filter(e -> e.key().equals(planId.toString())).forEach(e -> types.add(e.type()));
            assertThat(types).containsExactly(PlanEventTypes.VERSION_SUBMITTED_V1, PlanEventTypes.VERSION_SIGNED_V1,
                    PlanEventTypes.VERSION_SIGNED_V1, PlanEventTypes.VERSION_SIGNED_V1, PlanEventTypes.VERSION_ENDORSED_V1,
                    PlanEventTypes.PLAN_PUBLISHED_V1);
            EventProbe.Event labor = probe.drain(Duration.ZERO).stream().filter(e -> e.key().equals(planId.toString())
                    && e.type().equals(PlanEventTypes.VERSION_SIGNED_V1)).toList().get(2);
            assertThat(labor.data().get("memberId").asText()).isEqualTo(team.inRole("UNION_LEADER").memberId().toString());
            assertThat(labor.data().get("signerName").asText()).isEqualTo("Union leader of Denver Public Schools");
            assertThat(labor.data().get("recipientRoles")).isEmpty();
            assertThat(labor.data().get("organisation").get("orgId").asText()).isEqualTo(team.orgId());
            EventProbe.Event endorsed = probe.awaitType(PlanEventTypes.VERSION_ENDORSED_V1, planId.toString());
            assertThat(endorsed.data().get("signerRoles").toString()).isEqualTo("[\"SUPERINTENDENT\",\"BOARD_PRESIDENT\",\"UNION_LEADER\"]");
            assertThat(endorsed.data().get("versionNumber").asInt()).isEqualTo(1);
        }
        assertThat(rows.text("SELECT published_version || '|' || milestones_total || '|' || principles::text || '|' || published_title"
                + " FROM plan WHERE id = '" + planId + "'")).isEqualTo("1|1|{9}|ProComp for every school");

        // The refined plan: a second version, and what changed.
        PlanFixtures.saveDraft(district, planId, PlanFixtures.draftOf(district, planId)
                .replace("Pay for learning gains", "Pay for learning gains and hard-to-staff schools"));
        PlanFixtures.submit(district, planId);
        given().auth().oauth2(district).get("/api/v1/plans/{p}/versions/1/diff/2", planId).then().statusCode(200)
                .body("changes", hasSize(1)).body("changes[0].path", equalTo("principles[principle=9].goals[0].title"))
                .body("changes[0].kind", equalTo("CHANGED")).body("changes[0].before", equalTo("Pay for learning gains"));
        given().auth().oauth2(district).get("/api/v1/plans/{p}/versions/1", planId).then().statusCode(200)
                .body("content.principles[0].goals[0].title", equalTo("Pay for learning gains")).body("publishedAt", org.hamcrest.Matchers.notNullValue());
        // Version 1 is superseded: its signatures are closed.
        given().auth().oauth2(PlanFixtures.signer(team, "BOARD_PRESIDENT")).post("/api/v1/plans/{p}/versions/1/signatures", planId)
                .then().statusCode(409).body("type", equalTo("urn:lmc:problem:version-superseded"));
    }

    @Test
    void aReplacedMemberNoLongerSignsAndACancelledTeamsPlanIsClosedNotDeleted() {
        PlanFixtures.Team team = PlanFixtures.district("Winston-Salem/Forsyth County Schools", "NC");
        UUID planId = PlanFixtures.confirmedWithPlan(events, team);
        String district = PlanFixtures.district(team);
        PlanFixtures.saveDraft(district, planId, PlanFixtures.content("Layoffs beyond seniority", 8, "Weigh more than seniority"));
        PlanFixtures.submit(district, planId);

        TeamMember old = team.inRole("UNION_LEADER");
        TeamMember successor = new TeamMember(old.memberId(), "New union president", "president@" + team.orgId() + ".example.org",
                "UNION_LEADER", null);
        List<TeamMember> members = List.of(team.inRole("SUPERINTENDENT"), successor, team.inRole("BOARD_PRESIDENT"));
        events.send(Topics.REGISTRATION_EVENTS, EventTypes.MEMBER_REPLACED_V1, team.teamId().toString(), new MemberReplaced(team.teamId(),
                team.conveningId(), team.organisation(), members, 3, false, "CONFIRMED", old.memberId(), old, Instant.now(), List.of("UNION_LEADER")));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!successor.email().equals(rows.text("SELECT email FROM plan_team_member WHERE id = '" + old.memberId() + "'"))
                && System.nanoTime() < deadline) {
            PlanFixtures.pause();
        }
        given().auth().oauth2(PlanFixtures.signer(team, "UNION_LEADER")).post("/api/v1/plans/{p}/versions/1/signatures", planId)
                .then().statusCode(403).body("detail", equalTo("the token's email is not that of a member of this team"));
        given().auth().oauth2(PlanFixtures.token(team.orgId(), successor.email(), "sub-successor", true))
                .post("/api/v1/plans/{p}/versions/1/signatures", planId).then().statusCode(201)
                .body("signatures[0].name", equalTo("New union president"));

        try (EventProbe probe = EventProbe.open(bootstrap, Topics.PLAN_EVENTS)) {
            events.send(Topics.REGISTRATION_EVENTS, EventTypes.TEAM_CANCELLED_V1, team.teamId().toString(), new TeamCancelled(team.teamId(),
                    team.conveningId(), team.organisation(), members, 3, false, "CANCELLED", "CONFIRMED", Instant.now()));
            EventProbe.Event closed = probe.awaitType(PlanEventTypes.PLAN_CLOSED_V1, planId.toString());
            assertThat(closed.data().get("reason").asText()).isEqualTo("team cancelled");
            assertThat(closed.data().get("teamId").asText()).isEqualTo(team.teamId().toString());
        }
        given().auth().oauth2(district).get("/api/v1/plans/{p}", planId).then().statusCode(200).body("status", equalTo("CLOSED"))
                .body("latestVersion", equalTo(1));
        given().auth().oauth2(district).contentType(ContentType.JSON).header("If-Match", "*")
                .body(PlanFixtures.content("x", 1, "y")).put("/api/v1/plans/{p}/draft", planId)
                .then().statusCode(409).body("type", equalTo("urn:lmc:problem:plan-closed"));
        assertThat(rows.count("SELECT count(*) FROM plan_version WHERE plan_id = '" + planId + "'")).isEqualTo(1);
    }
}
