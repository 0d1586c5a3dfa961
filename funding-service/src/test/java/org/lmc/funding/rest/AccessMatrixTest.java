package org.lmc.funding.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lmc.contracts.registration.TeamConfirmed;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.access.AccessCall;
import org.lmc.testing.access.AccessWalk;
import org.lmc.testing.access.DatabaseState;

/**
 * Every operation of the funding API as every caller, against {@code docs/security/access-matrix-funding.md}. Ford owns
 * the travel grant and the event-cost grant acted on; Gates tries them by their real ids. District A's token is a
 * traveller of A's confirmed team (verified email); district B tries A's team, claims and entitlements. Approvals,
 * rejections and payments get a fresh claim or invoice for every caller, so that every caller meets the same state.
 */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "funding"))
class AccessMatrixTest {
    static final String BALTIMORE = "2400090";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    DataSource dataSource;

    @Inject
    Rows rows;

    @Test
    void everyOperationAnswersEveryCallerAsTheMatrixSays() {
        Fixtures.ensureFunders();
        UUID convening = UUID.randomUUID();
        UUID grant = Fixtures.travelGrant(convening, Fixtures.FORD, 10_000_000, 150_000, 0, "");
        UUID events = UUID.fromString(given().auth().oauth2(Fixtures.admin()).contentType(ContentType.JSON).body(
                "{\"funderId\": \"" + Fixtures.FORD + "\", \"conveningId\": \"" + convening + "\", \"kind\": \"FEDERAL_EVENT_COST\","
                        + " \"terms\": {\"title\": \"Production of the convening\", \"currency\": \"USD\", \"budgetCents\": 10000000,"
                        + " \"drawOrder\": 0}}").post("/api/v1/grants").then().statusCode(201).extract().path("id"));
        String orgA = Fixtures.nextLeaId();
        TeamConfirmed team = Fixtures.confirmedTeam(convening, orgA, 3, false);
        Fixtures.confirm(bootstrap, team);
        await().atMost(Duration.ofSeconds(30)).until(() -> rows.number("SELECT count(*) FROM entitlement WHERE team_id = '"
                + team.teamId() + "'") == 3);
        String travellerEmail = team.members().get(0).email();
        UUID claim = claim(team);
        UUID invoice = invoice(events);

        AccessWalk.Result result = AccessWalk.of("funding")
                .realmCallers(orgA, travellerEmail, BALTIMORE)
                .state(DatabaseState.of(dataSource))
                .id("convening", convening)
                .id("grant", grant)
                .id("team", team.teamId())
                .id("claim", claim)
                .id("invoice", invoice)
                .prepare("POST /api/v1/funders", call -> call.body("{\"id\": \"funder-" + UUID.randomUUID().toString().substring(0, 8)
                        + "\", \"name\": \"GE Foundation\"}"))
                .prepare("GET /api/v1/grants", call -> call.query("convening=" + convening))
                .prepare("POST /api/v1/grants", call -> call.body("{\"funderId\": \"" + Fixtures.FORD + "\", \"conveningId\": \""
                        + convening + "\", \"kind\": \"FOUNDATION_TRAVEL_GRANT\", \"terms\": "
                        + Fixtures.travelTerms(1_000_000, 150_000, 5, "") + "}"))
                .prepare("PUT /api/v1/grants/{grant}", call -> {
                    UUID fresh = Fixtures.travelGrant(UUID.randomUUID(), Fixtures.FORD, 1_000_000, 150_000, 0, "");
                    call.param("grant", fresh)
                            .header("If-Match", given().auth().oauth2(Fixtures.admin()).get("/api/v1/grants/{g}", fresh).then()
                                    .statusCode(200).extract().header("ETag"))
                            .body(Fixtures.travelTerms(1_200_000, 150_000, 0, ""));
                })
                .prepare("GET /api/v1/entitlements", call -> call.query("team=" + team.teamId()))
                .prepare("GET /api/v1/claims", call -> call.query("team=" + team.teamId()))
                .prepare("POST /api/v1/claims", call -> call.body(Fixtures.claim(team, 0, "MEALS", 1_000, "OFFICIAL_DUTY")))
                .prepare("POST /api/v1/claims/{claim}/approval", call -> call.param("claim", claim(team)))
                .prepare("POST /api/v1/claims/{claim}/rejection", call -> call.param("claim", claim(team))
                        .body("{\"reason\": \"the receipt is for a different traveller\"}"))
                .prepare("POST /api/v1/invoices", call -> call.body(Fixtures.invoice(events, "PRINTING", 1_000)))
                .prepare("POST /api/v1/invoices/{invoice}/approval", call -> call.param("invoice", invoice(events)))
                .prepare("POST /api/v1/invoices/{invoice}/rejection", call -> call.param("invoice", invoice(events))
                        .body("{\"reason\": \"not delivered\"}"))
                .prepare("POST /api/v1/payments", call -> payment(call, team))
                .prepare("POST /api/v1/admin/dead-letters/redrive", call -> call.body("{\"all\": true}"))
                .run();
        System.out.printf("funding access matrix: %d operations x %d callers = %d cells, observed in %s; %d hostile parameter values on the reading operations%n",
                result.operations(), result.callers(), result.cells(), result.observed(), result.parameterCases());
        assertThat(result.failures()).isEmpty();
        assertThat(rows.grantsOutOfBalance()).isZero();
        // The 200s Gates gets on A's lists are empty pages: nothing of Ford's grants shows.
        String gates = Fixtures.funder(Fixtures.GATES);
        assertThat(given().auth().oauth2(gates).queryParam("team", team.teamId()).get("/api/v1/claims").then().statusCode(200)
                .extract().jsonPath().getList("items")).isEmpty();
        assertThat(given().auth().oauth2(gates).queryParam("team", team.teamId()).get("/api/v1/entitlements").then().statusCode(200)
                .extract().jsonPath().getList("$")).isEmpty();
        assertThat(given().auth().oauth2(gates).queryParam("convening", convening).get("/api/v1/grants").then().statusCode(200)
                .extract().jsonPath().getList("id")).isEmpty();
        // Paying Ford's claim, Gates learns no more than about a claim that does not exist: the same 422 problem.
        String fords = given().auth().oauth2(gates).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"claimId\": \"" + claim + "\"}").post("/api/v1/payments").then().statusCode(422).extract().path("type");
        String none = given().auth().oauth2(gates).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"claimId\": \"" + UUID.randomUUID() + "\"}").post("/api/v1/payments").then().statusCode(422).extract().path("type");
        assertThat(fords).isEqualTo(none);
    }

    /** A claim of A's traveller (member 0), submitted by the Department on their behalf. */
    private UUID claim(TeamConfirmed team) {
        return UUID.fromString(given().auth().oauth2(Fixtures.admin()).contentType(ContentType.JSON)
                .body(Fixtures.claim(team, 0, "MEALS", 1_000, "OFFICIAL_DUTY")).post("/api/v1/claims").then().statusCode(201)
                .extract().path("id"));
    }

    /** An invoice on Ford's event-cost grant recorded by the second Department user, so the first may approve it. */
    private static UUID invoice(UUID grant) {
        return UUID.fromString(given().auth().oauth2(Fixtures.adminB()).contentType(ContentType.JSON)
                .body(Fixtures.invoice(grant, "PRINTING", 1_000)).post("/api/v1/invoices").then().statusCode(201).extract().path("id"));
    }

    /** Pays a fresh claim that Ford approved. */
    private void payment(AccessCall call, TeamConfirmed team) {
        UUID approved = claim(team);
        given().auth().oauth2(Fixtures.funder(Fixtures.FORD)).post("/api/v1/claims/{c}/approval", approved).then().statusCode(200);
        call.body("{\"claimId\": \"" + approved + "\"}");
    }
}
