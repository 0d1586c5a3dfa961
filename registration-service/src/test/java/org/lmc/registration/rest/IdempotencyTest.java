package org.lmc.registration.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.lmc.contracts.EventTypes;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.TestTokens;

/** Creating POSTs retried with the same Idempotency-Key replay the first answer and write nothing more. */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "registration"))
class IdempotencyTest {
    @Inject
    Rows rows;

    static String team(String leaId) {
        return """
                {"organisation": {"kind": "DISTRICT", "ncesLeaId": "%1$s", "name": "District %1$s", "state": "CO"},
                 "members": [
                   {"name": "S", "email": "s@d%1$s.example.org", "role": "SUPERINTENDENT"},
                   {"name": "U", "email": "u@d%1$s.example.org", "role": "UNION_LEADER"},
                   {"name": "B", "email": "b@d%1$s.example.org", "role": "BOARD_PRESIDENT"}
                 ]}""".formatted(leaId);
    }

    static ValidatableResponse register(String token, String key, UUID convening, String body) {
        return given().auth().oauth2(token).header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/api/v1/convenings/{c}/teams", convening).then();
    }

    @Test
    void aRegistrationRetriedWithItsKeyIsReplayedAndAnotherBodyUnderThatKeyIsRefused() {
        UUID convening = Fixtures.openDenver(150);
        String key = "registration-" + UUID.randomUUID();
        String leaId = Fixtures.nextColoradoDistrict();
        var first = register(TestTokens.agency(), key, convening, team(leaId)).statusCode(201).extract();
        String id = first.path("id");
        register(TestTokens.agency(), key, convening, team(leaId))
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .header("ETag", equalTo(first.header("ETag")))
                .body(equalTo(first.body().asString()))
                .header("Location", matchesPattern(".*/api/v1/teams/" + id + "$"))
                .body("id", equalTo(id))
                .body("status", equalTo("REGISTERED"));
        register(TestTokens.agency(), key, convening, team(Fixtures.nextColoradoDistrict()))
                .statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("urn:lmc:problem:idempotency-key-reused"))
                .body("errors[0].field", equalTo("Idempotency-Key"));
        // Keys belong to their caller: the admin's same key is a new request (here a duplicate team).
        register(TestTokens.admin(), key, convening, team(leaId)).statusCode(409).body("type", equalTo("urn:lmc:problem:duplicate-team"));

        assertThat(rows.text("SELECT count(*) FROM team WHERE convening_id = '" + convening + "'")).isEqualTo("1");
        assertThat(rows.text("SELECT count(*) FROM lmc_outbox WHERE event_type = '" + EventTypes.TEAM_REGISTERED_V1
                + "' AND record_key = '" + id + "'")).isEqualTo("1");
    }

    @Test
    void aRefusedRegistrationLeavesItsKeyFreeForTheCorrectedRequest() {
        UUID convening = Fixtures.openDenver(150);
        String key = "registration-" + UUID.randomUUID();
        String leaId = Fixtures.nextColoradoDistrict();
        register(TestTokens.agency(), key, convening, team(leaId).replace("\"state\": \"CO\"", "\"state\": \"MD\""))
                .statusCode(422).body("type", equalTo("urn:lmc:problem:nces-state-mismatch"));
        register(TestTokens.agency(), key, convening, team(leaId)).statusCode(201);
        assertThat(rows.text("SELECT count(*) FROM team WHERE convening_id = '" + convening + "'")).isEqualTo("1");
    }

    @Test
    void anAddedMemberRetriedWithItsKeyIsAddedOnce() {
        UUID convening = Fixtures.openDenver(150);
        Fixtures.RegisteredTeam team = Fixtures.registerDistrictTeam(convening, Fixtures.nextColoradoDistrict());
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body("{\"session\": \"Peer assistance and review\"}")
                .post("/api/v1/teams/{t}/presenter", team.id()).then().statusCode(200);
        String key = UUID.randomUUID().toString();
        String teacher = "{\"name\": \"T\", \"email\": \"t@example.org\", \"role\": \"TEACHER\"}";
        for (int attempt = 0; attempt < 2; attempt++) {
            given().auth().oauth2(TestTokens.district(team.orgId())).header("Idempotency-Key", key).contentType(ContentType.JSON).body(teacher)
                    .post("/api/v1/teams/{t}/members", team.id()).then().statusCode(201).body("members.size()", equalTo(4));
        }
        assertThat(rows.text("SELECT count(*) FROM team_member WHERE team_id = '" + team.id() + "'")).isEqualTo("4");
        assertThat(rows.text("SELECT count(*) FROM lmc_outbox WHERE event_type = '" + EventTypes.MEMBER_ADDED_V1
                + "' AND record_key = '" + team.id() + "'")).isEqualTo("1");
    }
}
