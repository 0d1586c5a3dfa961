package org.lmc.plan.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.TestEvents;

/** Bad input gets problem+json naming every field at fault, and writes nothing. */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "plan"))
class BadInputTest {
    @Inject
    PlanRows rows;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aFaultyDraftIsRefusedFieldByFieldAndNothingIsWritten() {
        PlanFixtures.Team team = PlanFixtures.district("Hillsborough County Public Schools", "FL");
        UUID planId;
        try (TestEvents events = TestEvents.connect(bootstrap)) {
            planId = PlanFixtures.confirmedWithPlan(events, team);
        }
        String token = PlanFixtures.district(team);
        String before = rows.text("SELECT draft_revision || '|' || draft::text FROM plan WHERE id = '" + planId + "'");
        given().auth().oauth2(token).contentType(ContentType.JSON).header("If-Match", "\"1\"").body("""
                {"title": "", "principles": [{"principle": 12, "goals": [{"title": "Goal", "strategies": {}}]}],
                 "measures": [{"name": "Graduation rate", "unit": "percent", "baseline": "low", "target": 90, "targetDate": "next year"}],
                 "milestones": [], "owner": "me"}""")
                .put("/api/v1/plans/{p}/draft", planId).then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:lmc:problem:validation"))
                .body("detail", startsWith("owner: unknown field (and 5 more)"))
                .body("errors.field", containsInAnyOrder("owner", "title", "principles[0].principle",
                        "principles[0].goals[0].strategies", "measures[0].baseline", "measures[0].targetDate"))
                .body("errors.find { it.field == 'principles[0].principle' }.message",
                        equalTo("there is no Principle in Action 12 (see /api/v1/public/principles)"));
        given().auth().oauth2(token).contentType(ContentType.JSON).header("If-Match", "\"1\"").body("[1, 2]")
                .put("/api/v1/plans/{p}/draft", planId).then().statusCode(400).body("errors.field", contains("(body)"));
        given().auth().oauth2(token).contentType(ContentType.JSON).header("If-Match", "\"1\"").body("{\"title\": ")
                .put("/api/v1/plans/{p}/draft", planId).then().statusCode(400).body("type", equalTo("urn:lmc:problem:malformed-request"));
        assertThat(rows.text("SELECT draft_revision || '|' || draft::text FROM plan WHERE id = '" + planId + "'")).isEqualTo(before);

        // An empty draft is no version.
        given().auth().oauth2(token).post("/api/v1/plans/{p}/versions", planId).then().statusCode(422)
                .body("type", equalTo("urn:lmc:problem:draft-incomplete")).body("errors[0].field", equalTo("draft.principles"));
        assertThat(rows.count("SELECT count(*) FROM plan_version WHERE plan_id = '" + planId + "'")).isZero();
        assertThat(rows.count("SELECT count(*) FROM lmc_outbox WHERE record_key = '" + planId + "' AND event_type LIKE '%version%'")).isZero();

        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"version\": 0}").post("/api/v1/plans/{p}/publication", planId)
                .then().statusCode(400).body("errors[0].field", equalTo("version"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"version\": 1, \"status\": \"PUBLISHED\"}")
                .post("/api/v1/plans/{p}/publication", planId).then().statusCode(400)
                .body("errors[0].field", equalTo("status")).body("errors[0].message", equalTo("is set by the service and cannot be sent"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"version\": 1}").post("/api/v1/plans/{p}/publication", planId)
                .then().statusCode(422).body("type", equalTo("urn:lmc:problem:no-such-version"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"observedOn\": \"2011-05-01\"}")
                .post("/api/v1/plans/{p}/measures/{m}/values", planId, UUID.randomUUID()).then().statusCode(400)
                .body("errors[0].field", equalTo("value"));
        given().auth().oauth2(token).get("/api/v1/plans/{p}", "not-a-uuid").then().statusCode(400);
        given().get("/api/v1/public/plans?state=Colorado&principle=0").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("state", "principle"));
        given().get("/api/v1/public/plans?after=bm90LWEtY3Vyc29y").then().statusCode(400).body("errors[0].field", equalTo("after"));
        given().get("/api/v1/public/plans?q=x&after=bm90LWEtY3Vyc29y").then().statusCode(400).body("errors[0].field", equalTo("after"));
        // An unchanged directory does not excuse a malformed cursor.
        String directory = given().get("/api/v1/public/plans").then().statusCode(200).extract().header("ETag");
        given().header("If-None-Match", directory).get("/api/v1/public/plans?q=x&after=bm90LWEtY3Vyc29y").then().statusCode(400)
                .body("errors[0].field", equalTo("after"));
    }
}
