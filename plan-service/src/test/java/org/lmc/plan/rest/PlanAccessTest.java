package org.lmc.plan.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lmc.contracts.Topics;
import org.lmc.contracts.plan.PlanEventTypes;
import org.lmc.testing.EventProbe;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.TestEvents;
import org.lmc.testing.TestTokens;

/** Who reads and writes which plan; the agencies' list and change feed; assistance requests. */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "plan"))
class PlanAccessTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aDistrictSeesOnlyItsOwnPlanAgenciesReadAllAndSyncByChangeFeed() {
        PlanFixtures.Team own = PlanFixtures.district("Toledo Public Schools", "OH");
        PlanFixtures.Team other = PlanFixtures.district("Plattsburgh City School District", "NY");
        String start = given().auth().oauth2(TestTokens.agency()).get("/api/v1/plans/changes?limit=500").then().statusCode(200)
                .extract().path("next");
        UUID ownPlan;
        UUID otherPlan;
        try (TestEvents events = TestEvents.connect(bootstrap)) {
            ownPlan = PlanFixtures.confirmedWithPlan(events, own);
            otherPlan = PlanFixtures.confirmedWithPlan(events, other);
        }
        String token = PlanFixtures.district(own);
        given().auth().oauth2(token).get("/api/v1/plans/{p}", otherPlan).then().statusCode(404);
        given().auth().oauth2(token).contentType(ContentType.JSON).header("If-Match", "*").body(PlanFixtures.content("x", 1, "y"))
                .put("/api/v1/plans/{p}/draft", otherPlan).then().statusCode(404);
        given().auth().oauth2(token).get("/api/v1/plans?team={t}", other.teamId()).then().statusCode(200).body("items", org.hamcrest.Matchers.empty());
        given().auth().oauth2(token).get("/api/v1/plans").then().statusCode(200).body("items.id", contains(ownPlan.toString()));
        given().auth().oauth2(TestTokens.agency()).get("/api/v1/plans/{p}", otherPlan).then().statusCode(200);
        given().auth().oauth2(TestTokens.agency()).contentType(ContentType.JSON).header("If-Match", "*")
                .body(PlanFixtures.content("x", 1, "y")).put("/api/v1/plans/{p}/draft", otherPlan).then().statusCode(403);
        given().auth().oauth2(TestTokens.user("funder").roles("funder").token()).get("/api/v1/plans/{p}", otherPlan).then().statusCode(403);
        given().get("/api/v1/plans/{p}", otherPlan).then().statusCode(401);
        given().auth().oauth2(TestTokens.admin()).get("/api/v1/plans?team={t}", own.teamId()).then().statusCode(200)
                .body("items.id", contains(ownPlan.toString()));

        // Paging through every plan, one at a time, reaches both.
        List<String> seen = new ArrayList<>();
        String after = null;
        do {
            var request = given().auth().oauth2(TestTokens.agency()).queryParam("limit", 1).queryParam("convening", own.conveningId());
            if (after != null) {
                request.queryParam("after", after);
            }
            Response page = request.get("/api/v1/plans");
            seen.addAll(page.path("items.id"));
            after = page.path("next");
        } while (after != null);
        assertThat(seen).contains(ownPlan.toString(), otherPlan.toString()).doesNotHaveDuplicates();

        PlanFixtures.saveDraft(token, ownPlan, PlanFixtures.content("Toledo peer review", 3, "Peer assistance and review"));
        Response changes = given().auth().oauth2(TestTokens.agency()).get("/api/v1/plans/changes?since={s}&limit=500", start);
        changes.then().statusCode(200).body("items.id", hasItem(ownPlan.toString())).body("items.id", hasItem(otherPlan.toString()));
        List<String> ids = changes.path("items.id");
        assertThat(ids.indexOf(ownPlan.toString())).isGreaterThan(ids.indexOf(otherPlan.toString()));
        given().auth().oauth2(token).get("/api/v1/plans/changes?since={s}", start).then().statusCode(200)
                .body("items.id", contains(ownPlan.toString()));
        given().auth().oauth2(TestTokens.agency()).get("/api/v1/plans/changes?since={s}", "tampered").then().statusCode(400)
                .body("errors[0].field", equalTo("since"));
        given().auth().oauth2(TestTokens.agency()).get("/api/v1/plans/changes?since={s}", changes.path("next").toString()).then()
                .statusCode(200).body("items.id", not(hasItem(otherPlan.toString())));
    }

    @Test
    void aTeamAsksForMediationAndStaffAssignAndCloseIt() {
        PlanFixtures.Team team = PlanFixtures.district("Baltimore City Public Schools", "MD");
        UUID planId;
        try (TestEvents events = TestEvents.connect(bootstrap)) {
            planId = PlanFixtures.confirmedWithPlan(events, team);
        }
        String token = PlanFixtures.district(team);
        try (EventProbe probe = EventProbe.open(bootstrap, Topics.PLAN_EVENTS)) {
            String requestId = given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body("{\"topic\": \"Contract negotiations stalled\", \"details\": \"A mediator for the joint committee, please.\"}")
                    .post("/api/v1/plans/{p}/assistance-requests", planId).then().statusCode(201).body("status", equalTo("REQUESTED"))
                    .extract().path("id");
            given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"assignee\": \"me\"}")
                    .post("/api/v1/assistance-requests/{a}/assignment", requestId).then().statusCode(403);
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body("{\"assignee\": \"FMCS Baltimore field office\"}")
                    .post("/api/v1/assistance-requests/{a}/assignment", requestId).then().statusCode(200)
                    .body("status", equalTo("ASSIGNED")).body("assignee", equalTo("FMCS Baltimore field office"));
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body("{\"resolution\": \"Agreement reached.\"}")
                    .post("/api/v1/assistance-requests/{a}/closure", requestId).then().statusCode(200).body("status", equalTo("CLOSED"));
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body("{\"resolution\": \"Again.\"}")
                    .post("/api/v1/assistance-requests/{a}/closure", requestId).then().statusCode(409);
            given().auth().oauth2(token).get("/api/v1/plans/{p}/assistance-requests", planId).then().statusCode(200)
                    .body("resolution", contains("Agreement reached."));

            EventProbe.Event asked = probe.awaitType(PlanEventTypes.ASSISTANCE_REQUESTED_V1, planId.toString());
            assertThat(asked.data().get("requestId").asText()).isEqualTo(requestId);
            assertThat(asked.data().get("topic").asText()).isEqualTo("Contract negotiations stalled");
            assertThat(probe.awaitType(PlanEventTypes.ASSISTANCE_ASSIGNED_V1, planId.toString()).data().get("assignee").asText())
                    .isEqualTo("FMCS Baltimore field office");
            assertThat(probe.awaitType(PlanEventTypes.ASSISTANCE_CLOSED_V1, planId.toString()).data().get("resolution").asText())
                    .isEqualTo("Agreement reached.");
        }
    }
}
