package org.lmc.registration.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lmc.contracts.EventTypes;
import org.lmc.contracts.Topics;
import org.lmc.testing.EventProbe;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.TestTokens;

@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "registration"))
class TeamRegistrationTest {
    static final String DENVER = "0803360";

    @Inject
    Rows rows;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static String denverTeam(String leaId, String state) {
        return """
                {"organisation": {"kind": "DISTRICT", "ncesLeaId": "%s", "name": "Denver Public Schools", "state": "%s"},
                 "members": [
                   {"name": "Tom Boasberg", "email": "Superintendent@DPSK12.org", "role": "SUPERINTENDENT"},
                   {"name": "Henry Roman", "email": "president@dcta.org", "role": "UNION_LEADER"},
                   {"name": "Nate Easley", "email": "board.president@dpsk12.org", "role": "BOARD_PRESIDENT"}
                 ]}""".formatted(leaId, state);
    }

    static ValidatableResponse post(String token, UUID convening, String body) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (token != null) {
            request.auth().oauth2(token);
        }
        return request.post("/api/v1/convenings/{c}/teams", convening).then();
    }

    @Test
    void anAgencyRegistersATeamAndItsEventCarriesWhatConsumersNeed() {
        UUID convening = Fixtures.openDenver(150);
        try (EventProbe probe = EventProbe.open(bootstrap, Topics.REGISTRATION_EVENTS)) {
            String teamId = post(TestTokens.agency(), convening, denverTeam(DENVER, "CO"))
                    .statusCode(201)
                    .header("Location", matchesPattern(".*/api/v1/teams/[0-9a-f-]{36}$"))
                    .body("status", equalTo("REGISTERED"))
                    .body("conveningId", equalTo(convening.toString()))
                    .body("organisation.orgId", equalTo(DENVER))
                    .body("organisation.kind", equalTo("DISTRICT"))
                    .body("members.role", contains("SUPERINTENDENT", "UNION_LEADER", "BOARD_PRESIDENT"))
                    .body("members[0].email", equalTo("superintendent@dpsk12.org"))
                    .extract().path("id");

            assertThat(rows.text("SELECT status || '|' || org_id || '|' || org_state || '|' || registered_by FROM team WHERE id = '" + teamId + "'"))
                    .isEqualTo("REGISTERED|" + DENVER + "|CO|agency");
            assertThat(rows.text("SELECT string_agg(role, ',' ORDER BY position) FROM team_member WHERE team_id = '" + teamId + "'"))
                    .isEqualTo("SUPERINTENDENT,UNION_LEADER,BOARD_PRESIDENT");

            EventProbe.Event event = probe.awaitType(EventTypes.TEAM_REGISTERED_V1, teamId);
            assertThat(event.subject()).isEqualTo(teamId);
            assertThat(event.headers()).containsEntry("ce_source", "/lmc/registration-service");
            JsonNode data = event.data();
            assertThat(data.get("teamId").asText()).isEqualTo(teamId);
            assertThat(data.get("conveningId").asText()).isEqualTo(convening.toString());
            assertThat(data.get("organisation").toString())
                    .isEqualTo("{\"kind\":\"DISTRICT\",\"orgId\":\"0803360\",\"name\":\"Denver Public Schools\",\"state\":\"CO\"}");
            assertThat(data.get("members")).hasSize(3);
            assertThat(data.get("members").get(1).get("email").asText()).isEqualTo("president@dcta.org");
            assertThat(data.get("members").get(1).get("role").asText()).isEqualTo("UNION_LEADER");
            assertThat(data.get("teamSize").asInt()).isEqualTo(3);
            assertThat(data.get("presenting").asBoolean()).isFalse();
            assertThat(data.get("status").asText()).isEqualTo("REGISTERED");
            assertThat(rows.text("SELECT count(*) FROM lmc_outbox WHERE record_key = '" + teamId + "' AND sent_at IS NOT NULL")).isEqualTo("1");
        }
    }

    @Test
    void aDistrictUserRegistersItsOwnOrganisationOnly() {
        post(TestTokens.district(DENVER), Fixtures.openDenver(150), denverTeam(DENVER, "CO")).statusCode(201);
        UUID convening = Fixtures.openDenver(150);
        post(TestTokens.district(Fixtures.BALTIMORE), convening, denverTeam(DENVER, "CO"))
                .statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("urn:lmc:problem:forbidden"))
                .body("detail", containsString("only its own organisation"));
        assertThat(teamsOf(convening)).isZero();
    }

    @Test
    void withoutAValidTokenOrWithAWrongRoleTheCallIsRefused() {
        UUID convening = Fixtures.openDenver(150);
        post(null, convening, denverTeam(DENVER, "CO"))
                .statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("status", equalTo(401));
        post(TestTokens.user("agency").roles("agency").audience("some-other-api").token(), convening, denverTeam(DENVER, "CO"))
                .statusCode(401);
        post(TestTokens.user("ford").roles("funder").funderId("ford-foundation").token(), convening, denverTeam(DENVER, "CO"))
                .statusCode(403).contentType("application/problem+json").body("title", equalTo("Forbidden"));
        assertThat(teamsOf(convening)).isZero();
    }

    @Test
    void theSameOrganisationCannotRegisterTwiceForAConvening() {
        UUID convening = Fixtures.openDenver(150);
        post(TestTokens.agency(), convening, denverTeam(DENVER, "CO")).statusCode(201);
        post(TestTokens.admin(), convening, denverTeam(DENVER, "CO"))
                .statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("urn:lmc:problem:duplicate-team"))
                .body("detail", containsString("already has a team"));
        assertThat(teamsOf(convening)).isEqualTo(1);
    }

    @Test
    void malformedAndInconsistentOrganisationIdsAreRefusedWithTheFieldAtFault() {
        UUID convening = Fixtures.openDenver(150);
        post(TestTokens.agency(), convening, denverTeam("08033", "CO"))
                .statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("urn:lmc:problem:malformed-nces-id"))
                .body("errors[0].field", equalTo("organisation.ncesLeaId"));
        post(TestTokens.agency(), convening, denverTeam(DENVER, "MD"))
                .statusCode(422)
                .body("type", equalTo("urn:lmc:problem:nces-state-mismatch"))
                .body("detail", containsString("belongs to FIPS state 08, not to MD (FIPS 24)"));
        post(TestTokens.agency(), convening, denverTeam(DENVER, "ZZ"))
                .statusCode(422).body("type", equalTo("urn:lmc:problem:unknown-state"));
        assertThat(teamsOf(convening)).isZero();
    }

    @Test
    void wrongTypesMissingFieldsAndBadEmailsAreBadRequests() {
        UUID convening = Fixtures.openDenver(150);
        post(TestTokens.agency(), convening, "{\"organisation\": {\"kind\": \"SCHOOL\", \"name\": \"x\", \"state\": \"CO\"}, \"members\": []}")
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("organisation.kind"))
                .body("errors[0].message", containsString("one of [DISTRICT, STATE]"));
        post(TestTokens.agency(), convening, "{\"organisation\": {\"kind\": \"DISTRICT\", \"ncesLeaId\": \"0803360\", \"state\": \"CO\"},"
                + " \"members\": [{\"name\": \"A\", \"email\": \"not-an-email\", \"role\": \"SUPERINTENDENT\"}]}")
                .statusCode(400)
                .body("errors.field", contains("members[0].email", "organisation.name"));
        post(TestTokens.agency(), convening, "{\"organisation\": 42, \"members\": \"all of us\"}")
                .statusCode(400).body("errors", hasSize(1));
        post(TestTokens.agency(), convening, "{not json").statusCode(400).body("type", equalTo("urn:lmc:problem:malformed-request"));
        given().auth().oauth2(TestTokens.agency()).contentType(ContentType.JSON).body(denverTeam(DENVER, "CO"))
                .post("/api/v1/convenings/not-a-uuid/teams").then()
                .statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:lmc:problem:malformed-parameter"))
                .body("errors[0].field", equalTo("convening"));
        assertThat(teamsOf(convening)).isZero();
    }

    @Test
    void serverOwnedAndUnknownFieldsAreBadRequestsNamingEachAndWriteNothing() {
        UUID convening = Fixtures.openDenver(150);
        String team = denverTeam(DENVER, "CO");
        String withStatus = team.replaceFirst("\\{", "{\"status\": \"CONFIRMED\", ");
        String withId = team.replaceFirst("\\{", "{\"id\": \"" + UUID.randomUUID() + "\", ");
        String withMemberCommitment = team.replace("\"role\": \"UNION_LEADER\"", "\"role\": \"UNION_LEADER\", \"committedAt\": \"2011-01-11T16:00:00Z\"");
        String withUnknown = team.replace("\"state\": \"CO\"", "\"state\": \"CO\", \"motto\": \"together\"");
        for (String[] refused : new String[][] {{withStatus, "status", "is set by the service and cannot be sent"},
                {withId, "id", "is set by the service and cannot be sent"},
                {withMemberCommitment, "members[1].committedAt", "is set by the service and cannot be sent"},
                {withUnknown, "organisation.motto", "unknown field"}}) {
            given().auth().oauth2(TestTokens.agency()).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                    .body(refused[0]).post("/api/v1/convenings/{c}/teams", convening).then()
                    .statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("urn:lmc:problem:malformed-request"))
                    .body("errors", hasSize(1))
                    .body("errors[0].field", equalTo(refused[1]))
                    .body("errors[0].message", equalTo(refused[2]));
        }
        assertThat(teamsOf(convening)).isZero();
    }

    @Test
    void anOversizedBodyIsRefusedBeforeParsing() {
        UUID convening = Fixtures.openDenver(150);
        String huge = denverTeam(DENVER, "CO").replace("Denver Public Schools", "D".repeat(300_000));
        // With Expect: 100-continue the client waits for the verdict before sending the body; otherwise the
        // server's close after its early 413 races with the client's write and the test sees a broken pipe.
        given().config(RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig().setParam("http.protocol.expect-continue", true)))
                .auth().oauth2(TestTokens.agency()).contentType(ContentType.JSON).body(huge)
                .post("/api/v1/convenings/{c}/teams", convening).then()
                .statusCode(413).contentType("application/problem+json")
                .body("type", equalTo("urn:lmc:problem:body-too-large"))
                .body("errors[0].field", equalTo("body"));
        assertThat(teamsOf(convening)).isZero();
    }

    @Test
    void aTeamIsReadableByStaffAndItsOwnDistrictButNotByAnotherDistrict() {
        String teamId = post(TestTokens.agency(), Fixtures.openDenver(150), denverTeam(DENVER, "CO")).statusCode(201).extract().path("id");
        given().auth().oauth2(TestTokens.district(DENVER)).get("/api/v1/teams/{t}", teamId).then()
                .statusCode(200).body("organisation.orgId", equalTo(DENVER));
        given().auth().oauth2(TestTokens.user("auditor").roles("auditor").token()).get("/api/v1/teams/{t}", teamId).then().statusCode(200);
        given().auth().oauth2(TestTokens.district(Fixtures.BALTIMORE)).get("/api/v1/teams/{t}", teamId).then()
                .statusCode(404).contentType("application/problem+json").body("type", equalTo("urn:lmc:problem:not-found"));
        given().auth().oauth2(TestTokens.agency()).get("/api/v1/teams/{t}", UUID.randomUUID()).then().statusCode(404);
        given().get("/api/v1/teams/{t}", teamId).then().statusCode(401);
    }

    private long teamsOf(UUID convening) {
        return Long.parseLong(rows.text("SELECT count(*) FROM team WHERE convening_id = '" + convening + "'"));
    }
}
