package org.lmc.plan.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lmc.contracts.EventJson;
import org.lmc.contracts.registration.TeamMember;
import org.lmc.contracts.registration.TeamOrganisation;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.TestEvents;
import org.lmc.testing.TestTokens;
import org.lmc.testing.access.AccessCall;
import org.lmc.testing.access.AccessWalk;
import org.lmc.testing.access.DatabaseState;

/**
 * Every operation of the plan API as every caller, against {@code docs/security/access-matrix-plan.md}. District A's
 * published plan (version 1 public, version 2 submitted) is the one acted on, and district A's token is its
 * superintendent's (verified email), so A signs in person; district B tries it by its real ids. Calls whose effect
 * cannot repeat (a version, a signature, a publication, a completion, an assignment) get a fresh plan or request of A's
 * for every caller, so that every caller meets the same state.
 */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "plan"))
class AccessMatrixTest {
    static final String BALTIMORE = "2400090";
    static final String ORG_A = "0803360";
    static final String SUPERINTENDENT = "superintendent@dpsk12.example.org";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    DataSource dataSource;

    @Test
    void everyOperationAnswersEveryCallerAsTheMatrixSays() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String content = PlanFixtures.content("Denver ProComp", 9, "Pay teachers for learning gains", today.plusDays(30));
        try (TestEvents events = TestEvents.connect(bootstrap)) {
            PlanFixtures.Team team = teamOfA();
            UUID plan = PlanFixtures.confirmedWithPlan(events, team);
            PlanFixtures.publish(team, plan, content);
            JsonNode draft = EventJson.MAPPER.readTree(PlanFixtures.draftOf(TestTokens.admin(), plan));
            PlanFixtures.saveDraft(TestTokens.admin(), plan, draft.toString().replace("Labor and management, together.",
                    "Labor and management, together, for every school."));
            PlanFixtures.submit(TestTokens.admin(), plan);
            String assistance = assistanceRequest(plan);

            AccessWalk.Result result = AccessWalk.of("plan")
                    .realmCallers(ORG_A, SUPERINTENDENT, BALTIMORE)
                    .state(DatabaseState.of(dataSource))
                    .id("plan", plan)
                    .id("number", 1)
                    .id("from", 1)
                    .id("to", 2)
                    .id("measure", draft.at("/measures/0/id").asText())
                    .id("milestone", draft.at("/milestones/0/id").asText())
                    .id("assistanceRequest", assistance)
                    .prepare("PUT /api/v1/plans/{plan}/draft", call -> call.header("If-Match", etag(plan)).body(content))
                    .prepare("POST /api/v1/plans/{plan}/versions", call -> {
                        UUID fresh = freshPlan(events, call);
                        PlanFixtures.saveDraft(TestTokens.admin(), fresh, content);
                    })
                    .prepare("POST /api/v1/plans/{plan}/versions/{number}/signatures", call -> {
                        UUID fresh = freshPlan(events, call);
                        PlanFixtures.saveDraft(TestTokens.admin(), fresh, content);
                        call.param("number", PlanFixtures.submit(TestTokens.admin(), fresh));
                    })
                    .prepare("POST /api/v1/plans/{plan}/publication", call -> {
                        PlanFixtures.Team fresh = teamOfA();
                        UUID freshPlan = PlanFixtures.confirmedWithPlan(events, fresh);
                        PlanFixtures.saveDraft(TestTokens.admin(), freshPlan, content);
                        int version = PlanFixtures.submit(TestTokens.admin(), freshPlan);
                        PlanFixtures.sign(fresh, freshPlan, version, "SUPERINTENDENT");
                        PlanFixtures.sign(fresh, freshPlan, version, "UNION_LEADER");
                        call.param("plan", freshPlan).body("{\"version\": " + version + "}");
                    })
                    .prepare("POST /api/v1/plans/{plan}/measures/{measure}/values", call -> call.body(
                            "{\"value\": 61.5, \"observedOn\": \"" + today + "\"}"))
                    .prepare("POST /api/v1/plans/{plan}/milestones/{milestone}/completion", call -> {
                        PlanFixtures.Team fresh = teamOfA();
                        UUID freshPlan = PlanFixtures.confirmedWithPlan(events, fresh);
                        PlanFixtures.publish(fresh, freshPlan, content);
                        call.param("plan", freshPlan).param("milestone", firstMilestone(freshPlan))
                                .body("{\"completedOn\": \"" + today + "\"}");
                    })
                    .prepare("POST /api/v1/plans/{plan}/assistance-requests", call -> call.body(
                            "{\"topic\": \"Contract negotiations stalled\", \"details\": \"We would like a mediator.\"}"))
                    .prepare("POST /api/v1/assistance-requests/{assistanceRequest}/assignment", call -> call
                            .param("assistanceRequest", assistanceRequest(plan)).body("{\"assignee\": \"FMCS Denver field office\"}"))
                    .prepare("POST /api/v1/assistance-requests/{assistanceRequest}/closure", call -> call
                            .param("assistanceRequest", assistanceRequest(plan)).body("{\"resolution\": \"Agreement signed.\"}"))
                    .prepare("POST /api/v1/admin/reminder-sweeps", call -> call.query("asOf=" + today))
                    .prepare("POST /api/v1/admin/dead-letters/redrive", call -> call.body("{\"all\": true}"))
                    .run();
            System.out.printf("plan access matrix: %d operations x %d callers = %d cells, observed in %s; %d hostile parameter values on the reading operations%n",
                    result.operations(), result.callers(), result.cells(), result.observed(), result.parameterCases());
            assertThat(result.failures()).isEmpty();
        }
    }

    /** A new confirmed team of district A (a later convening's), its superintendent the same person. */
    private static PlanFixtures.Team teamOfA() {
        return new PlanFixtures.Team(UUID.randomUUID(), UUID.randomUUID(), new TeamOrganisation("DISTRICT", ORG_A, "Denver Public Schools", "CO"),
                List.of(new TeamMember(UUID.randomUUID(), "Tom Boasberg", SUPERINTENDENT, "SUPERINTENDENT", PlanFixtures.CONFIRMED_AT),
                        new TeamMember(UUID.randomUUID(), "Henry Roman", "union@dcta.example.org", "UNION_LEADER", PlanFixtures.CONFIRMED_AT),
                        new TeamMember(UUID.randomUUID(), "Nate Easley", "board@dpsk12.example.org", "BOARD_PRESIDENT", PlanFixtures.CONFIRMED_AT)));
    }

    private static UUID freshPlan(TestEvents events, AccessCall call) {
        UUID plan = PlanFixtures.confirmedWithPlan(events, teamOfA());
        call.param("plan", plan);
        return plan;
    }

    private static String firstMilestone(UUID plan) {
        try {
            return EventJson.MAPPER.readTree(PlanFixtures.draftOf(TestTokens.admin(), plan)).at("/milestones/0/id").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String etag(UUID plan) {
        return given().auth().oauth2(TestTokens.admin()).get("/api/v1/plans/{p}", plan).then().statusCode(200).extract().header("ETag");
    }

    private static String assistanceRequest(UUID plan) {
        return given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body("{\"topic\": \"Contract negotiations stalled\", \"details\": \"We would like a mediator.\"}")
                .post("/api/v1/plans/{p}/assistance-requests", plan).then().statusCode(201).extract().path("id");
    }
}
