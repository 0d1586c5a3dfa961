package org.lmc.registration.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.TestTokens;
import org.lmc.testing.access.AccessCall;
import org.lmc.testing.access.AccessWalk;
import org.lmc.testing.access.DatabaseState;

/**
 * Every operation of the registration API as every caller, against {@code docs/security/access-matrix-registration.md}.
 * District A is Denver Public Schools, its token the superintendent's (verified email), and owns the team acted on;
 * district B (Baltimore City) tries the same team by its real id, and tries to register a team in A's name (a forged
 * organisation in the body: 403, nothing written). Calls that change a team get a fresh team of A each, so
 * that every caller meets the same state.
 */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "registration"))
class AccessMatrixTest {
    static final String DENVER = "0803360";
    static final String BALTIMORE = Fixtures.BALTIMORE;

    @Inject
    DataSource dataSource;

    @Test
    void everyOperationAnswersEveryCallerAsTheMatrixSays() {
        UUID convening = Fixtures.openDenver(50);
        Fixtures.RegisteredTeam team = Fixtures.registerDistrictTeam(convening, DENVER);
        AccessWalk.Result result = AccessWalk.of("registration")
                .realmCallers(DENVER, "superintendent@d" + DENVER + ".example.org", BALTIMORE)
                .tenantFree("POST /api/v1/convenings/{convening}/teams")
                .state(DatabaseState.of(dataSource))
                .id("convening", convening)
                .id("team", team.id())
                .id("member", team.member("SUPERINTENDENT"))
                .prepare("POST /api/v1/convenings", call -> call.body(Fixtures.denverRules(10, Instant.now().minus(1, ChronoUnit.DAYS),
                        Instant.now().plus(30, ChronoUnit.DAYS), LocalDate.now(ZoneOffset.UTC).plusDays(60), LocalDate.now(ZoneOffset.UTC).plusDays(61))))
                .prepare("POST /api/v1/convenings/{convening}/teams", call -> call.param("convening", Fixtures.openDenver(5))
                        .body(teamOf(DENVER)))
                .prepare("POST /api/v1/teams/{team}/members/{member}/commitment", call -> freshTeam(call, Fixtures.openDenver(5)))
                .prepare("POST /api/v1/teams/{team}/cancellation", call -> freshTeam(call, Fixtures.openDenver(5)))
                .prepare("PUT /api/v1/teams/{team}/members/{member}", call -> {
                    freshTeam(call, Fixtures.openDenver(5));
                    call.header("If-Match", given().auth().oauth2(TestTokens.admin()).get("/api/v1/teams/{t}", call.param("team"))
                            .then().statusCode(200).extract().header("ETag"));
                    call.body("""
                            {"name": "Susana Cordova", "email": "superintendent2@dps.example.org", "role": "SUPERINTENDENT"}""");
                })
                .prepare("POST /api/v1/teams/{team}/members", call -> {
                    freshTeam(call, Fixtures.createConvening(cincinnatiAhead()));
                    call.body("""
                            {"name": "Pat Teacher", "email": "teacher@dps.example.org", "role": "TEACHER"}""");
                })
                .prepare("POST /api/v1/teams/{team}/presenter", call -> {
                    freshTeam(call, Fixtures.openDenver(5));
                    call.body("{\"session\": \"ProComp: paying for learning gains and hard-to-staff schools\"}");
                })
                .prepare("POST /api/v1/teams/{team}/members/{member}/check-in", call -> {
                    Fixtures.RegisteredTeam arrived = freshTeam(call, Fixtures.denverInProgress(5));
                    for (String role : List.of("SUPERINTENDENT", "UNION_LEADER", "BOARD_PRESIDENT")) {
                        Fixtures.commitAsStaff(arrived.id(), arrived.member(role));
                    }
                })
                .prepare("POST /api/v1/admin/dead-letters/redrive", call -> call.body("{\"all\": true}"))
                .run();
        System.out.printf("registration access matrix: %d operations x %d callers = %d cells, observed in %s; %d hostile parameter values on the reading operations%n",
                result.operations(), result.callers(), result.cells(), result.observed(), result.parameterCases());
        assertThat(result.failures()).isEmpty();
    }

    /** A new team of district A in {@code convening}, acted on by this call; its superintendent is the member. */
    private static Fixtures.RegisteredTeam freshTeam(AccessCall call, UUID convening) {
        Fixtures.RegisteredTeam team = Fixtures.registerDistrictTeam(convening, DENVER);
        call.param("team", team.id()).param("member", team.member("SUPERINTENDENT"));
        return team;
    }

    /** Cincinnati's rules (optional teachers and principals, teams up to five) on dates ahead, registration open. */
    private static String cincinnatiAhead() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return Fixtures.cincinnati2012(5, Instant.now().minus(1, ChronoUnit.DAYS), Instant.now().plus(30, ChronoUnit.DAYS))
                .replace("2012-05-23", today.plusDays(60).toString()).replace("2012-05-24", today.plusDays(61).toString());
    }

    private static String teamOf(String leaId) {
        return """
                {"organisation": {"kind": "DISTRICT", "ncesLeaId": "%1$s", "name": "Denver Public Schools", "state": "CO"},
                 "members": [
                   {"name": "Tom Boasberg", "email": "superintendent@dps.example.org", "role": "SUPERINTENDENT"},
                   {"name": "Henry Roman", "email": "union@dps.example.org", "role": "UNION_LEADER"},
                   {"name": "Mary Seawell", "email": "board@dps.example.org", "role": "BOARD_PRESIDENT"}
                 ]}""".formatted(leaId);
    }
}
