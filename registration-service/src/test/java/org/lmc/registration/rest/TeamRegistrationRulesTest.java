package org.lmc.registration.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.TestTokens;

/** The convening's rules applied to a registration: existence, window, team kinds, role slots and size. */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "registration"))
class TeamRegistrationRulesTest {
    static final String DENVER = "0803360";

    @Inject
    Rows rows;
    @TestHTTPResource("/")
    URL base;

    static ValidatableResponse register(UUID convening, String body) {
        return given().auth().oauth2(TestTokens.agency()).contentType(ContentType.JSON).body(body)
                .post("/api/v1/convenings/{c}/teams", convening).then();
    }

    static String districtTeam(String members) {
        return """
                {"organisation": {"kind": "DISTRICT", "ncesLeaId": "0803360", "name": "Denver Public Schools", "state": "CO"},
                 "members": [%s]}""".formatted(members);
    }

    static String member(String role, String email) {
        return "{\"name\": \"Someone\", \"email\": \"%s\", \"role\": \"%s\"}".formatted(email, role);
    }

    static final String SUPERINTENDENT = member("SUPERINTENDENT", "superintendent@dpsk12.org");
    static final String UNION_LEADER = member("UNION_LEADER", "president@dcta.org");
    static final String BOARD_PRESIDENT = member("BOARD_PRESIDENT", "board@dpsk12.org");

    @Test
    void anUnknownConveningIsNotFound() {
        UUID unknown = UUID.randomUUID();
        register(unknown, districtTeam(String.join(",", SUPERINTENDENT, UNION_LEADER, BOARD_PRESIDENT)))
                .statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("urn:lmc:problem:not-found"))
                .body("detail", equalTo("convening " + unknown + " does not exist"));
        assertThat(teamsOf(unknown)).isZero();
    }

    @Test
    void registrationIsAcceptedOnlyInsideTheWindow() {
        Instant now = Instant.now();
        UUID notYetOpen = Fixtures.createConvening(Fixtures.denver2011(150, now.plus(1, ChronoUnit.DAYS), now.plus(30, ChronoUnit.DAYS)));
        register(notYetOpen, districtTeam(String.join(",", SUPERINTENDENT, UNION_LEADER, BOARD_PRESIDENT)))
                .statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("urn:lmc:problem:registration-not-open"))
                .body("detail", containsString("opens at"));
        UUID closed = Fixtures.createConvening(Fixtures.denver2011(150, Instant.parse("2010-12-01T00:00:00Z"),
                Instant.parse("2011-02-01T00:00:00Z")));
        register(closed, districtTeam(String.join(",", SUPERINTENDENT, UNION_LEADER, BOARD_PRESIDENT)))
                .statusCode(422)
                .body("type", equalTo("urn:lmc:problem:registration-closed"))
                .body("detail", containsString("closed at 2011-02-01T00:00:00Z"));
        assertThat(teamsOf(notYetOpen) + teamsOf(closed)).isZero();
    }

    @Test
    void aStateTeamIsRefusedWhereOnlyDistrictsComeAndAcceptedWhereStatesDo() {
        String stateTeam = """
                {"organisation": {"kind": "STATE", "name": "Ohio Department of Education", "state": "OH"},
                 "members": [%s, %s, %s, %s]}""".formatted(
                member("CHIEF_STATE_SCHOOL_OFFICER", "chief@education.ohio.gov"), member("UNION_LEADER", "president@oea.org"),
                member("BOARD_PRESIDENT", "board@education.ohio.gov"), member("TEACHER", "teacher@oea.org"));
        UUID denver = Fixtures.openDenver(150);
        register(denver, stateTeam)
                .statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("urn:lmc:problem:team-kind-not-allowed"))
                .body("errors[0].field", equalTo("organisation.kind"))
                .body("detail", containsString("admits [DISTRICT] teams, not STATE"));
        assertThat(teamsOf(denver)).isZero();

        UUID cincinnati = Fixtures.openCincinnati(200);
        register(cincinnati, stateTeam)
                .statusCode(201)
                .body("organisation.orgId", equalTo("OH"))
                .body("members.role", contains("CHIEF_STATE_SCHOOL_OFFICER", "UNION_LEADER", "BOARD_PRESIDENT", "TEACHER"));
        register(cincinnati, districtTeam(String.join(",", SUPERINTENDENT, UNION_LEADER, BOARD_PRESIDENT,
                member("PRINCIPAL", "principal@dpsk12.org")))).statusCode(201);
        assertThat(teamsOf(cincinnati)).isEqualTo(2);
    }

    @Test
    void roleSlotAndSizeViolationsNameTheRuleAndTheField() {
        UUID denver = Fixtures.openDenver(150);
        register(denver, districtTeam(String.join(",", SUPERINTENDENT, UNION_LEADER)))
                .statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("urn:lmc:problem:required-role-missing"))
                .body("errors[0].field", equalTo("members"))
                .body("detail", equalTo("members: a DISTRICT team needs a member in each required role; missing [BOARD_PRESIDENT]"));
        register(denver, districtTeam(String.join(",", SUPERINTENDENT, UNION_LEADER, member("COMMUNICATIONS_DIRECTOR", "press@dpsk12.org"),
                BOARD_PRESIDENT)))
                .statusCode(422)
                .body("type", equalTo("urn:lmc:problem:role-not-allowed"))
                .body("errors[0].field", equalTo("members[2].role"));
        register(denver, districtTeam(String.join(",", SUPERINTENDENT, UNION_LEADER, member("UNION_LEADER", "vp@dcta.org"), BOARD_PRESIDENT)))
                .statusCode(422)
                .body("type", equalTo("urn:lmc:problem:required-role-repeated"))
                .body("errors[0].field", equalTo("members[2].role"));
        register(denver, districtTeam(String.join(",", SUPERINTENDENT, UNION_LEADER, BOARD_PRESIDENT, member("TEACHER", "teacher@dcta.org"))))
                .statusCode(422)
                .body("type", equalTo("urn:lmc:problem:team-too-large"))
                .body("detail", equalTo("members: a team has at most 3 members, got 4"));
        assertThat(teamsOf(denver)).isZero();

        UUID cincinnati = Fixtures.openCincinnati(200);
        register(cincinnati, districtTeam(String.join(",", SUPERINTENDENT, UNION_LEADER, BOARD_PRESIDENT,
                member("TEACHER", "t1@dcta.org"), member("TEACHER", "t2@dcta.org"), member("PRINCIPAL", "p@dpsk12.org"))))
                .statusCode(422)
                .body("type", equalTo("urn:lmc:problem:team-too-large"))
                .body("errors[0].field", equalTo("members"))
                .body("detail", equalTo("members: a team has at most 5 members, got 6"));
        assertThat(teamsOf(cincinnati)).isZero();
        assertThat(rows.text("SELECT count(*) FROM lmc_outbox WHERE payload::jsonb ->> 'conveningId' IN ('" + denver + "', '" + cincinnati + "')"))
                .isEqualTo("0");
    }

    @Test
    void oneOrganisationRegisteringSeveralTimesAtOnceGetsOneTeamAndConflicts() throws Exception {
        UUID convening = Fixtures.openDenver(150);
        String body = districtTeam(String.join(",", SUPERINTENDENT, UNION_LEADER, BOARD_PRESIDENT));
        String token = TestTokens.agency();
        List<HttpRequest> requests = IntStream.range(0, 6).mapToObj(i -> HttpRequest.newBuilder(
                URI.create(base + "api/v1/convenings/" + convening + "/teams"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build()).toList();
        List<HttpResponse<String>> answers = Fixtures.sendAtOnce(requests);
        assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(201, 409).containsOnlyOnce(201);
        assertThat(answers).filteredOn(a -> a.statusCode() == 409).allSatisfy(a -> {
            assertThat(a.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(a.body()).contains("\"type\":\"urn:lmc:problem:duplicate-team\"");
        });
        assertThat(teamsOf(convening)).isEqualTo(1);
        assertThat(rows.text("SELECT count(*) FROM lmc_outbox WHERE payload::jsonb ->> 'conveningId' = '" + convening + "'")).isEqualTo("1");
    }

    private long teamsOf(UUID convening) {
        return Long.parseLong(rows.text("SELECT count(*) FROM team WHERE convening_id = '" + convening + "'"));
    }
}
