package org.lmc.plan.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lmc.contracts.EventJson;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.TestEvents;
import org.lmc.testing.TestTokens;
import org.lmc.testing.access.DatabaseState;
import org.lmc.testing.fuzz.HostileInput;

/** Hostile bodies on every writing endpoint of plans that takes one: never a 5xx, always problem+json, no partial write. */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "plan"))
class HostileInputTest {
    static final int CASES_PER_ENDPOINT = 50;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    DataSource dataSource;

    @Test
    void hostileBodiesNeverBreakTheServiceNorWriteHalfOfAnything() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String content = PlanFixtures.content("Green Dot workday", 4, "Define the workday by responsibilities", today.plusDays(20),
                today.plusDays(90));
        PlanFixtures.Team team = PlanFixtures.district("Green Dot Public Schools", "CA");
        UUID plan;
        try (TestEvents events = TestEvents.connect(bootstrap)) {
            plan = PlanFixtures.confirmedWithPlan(events, team);
        }
        PlanFixtures.publish(team, plan, content);
        var draft = EventJson.MAPPER.readTree(PlanFixtures.draftOf(TestTokens.admin(), plan));
        String measure = draft.at("/measures/0/id").asText();
        String milestone = draft.at("/milestones/1/id").asText();
        String assistance = given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .body("{\"topic\": \"Evaluation article\", \"details\": \"A mediator, please.\"}")
                .post("/api/v1/plans/{p}/assistance-requests", plan).then().statusCode(201).extract().path("id");
        String etag = given().auth().oauth2(TestTokens.admin()).get("/api/v1/plans/{p}", plan).then().statusCode(200).extract().header("ETag");
        List<HostileInput.Target> targets = List.of(
                new HostileInput.Target("PUT", "/api/v1/plans/" + plan + "/draft", draft.toString(), Map.of("If-Match", etag)),
                new HostileInput.Target("POST", "/api/v1/plans/" + plan + "/publication", "{\"version\": 1}"),
                new HostileInput.Target("POST", "/api/v1/plans/" + plan + "/measures/" + measure + "/values",
                        "{\"value\": 61.5, \"observedOn\": \"" + today + "\"}"),
                new HostileInput.Target("POST", "/api/v1/plans/" + plan + "/milestones/" + milestone + "/completion",
                        "{\"completedOn\": \"" + today + "\"}"),
                new HostileInput.Target("POST", "/api/v1/plans/" + plan + "/assistance-requests",
                        "{\"topic\": \"Contract negotiations stalled\", \"details\": \"We would like a mediator.\"}"),
                new HostileInput.Target("POST", "/api/v1/assistance-requests/" + assistance + "/assignment",
                        "{\"assignee\": \"FMCS Denver field office\"}"));
        HostileInput.Report report = HostileInput.run(targets, TestTokens.admin(), DatabaseState.of(dataSource), CASES_PER_ENDPOINT);
        System.out.printf("plan hostile input: %d cases on %d endpoints, %d accepted, %d broke the rules (seed %s)%n", report.cases(),
                targets.size(), report.accepted(), report.failures().size(), report.seed());
        assertThat(report.failures()).isEmpty();
        assertThat(report.cases()).isEqualTo(CASES_PER_ENDPOINT * targets.size());
    }
}
