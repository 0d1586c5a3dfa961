package org.lmc.funding.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lmc.contracts.registration.TeamConfirmed;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.access.PublicDataScan;

/**
 * Every public funding answer (found in the OpenAPI document) read with no token after two travellers of one team were
 * paid in the same category: the totals show, but no email, no name, no receipt issuer or hash, and neither traveller's
 * own amount.
 */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "funding"))
class PublicDataTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @jakarta.inject.Inject
    Rows rows;

    @Test
    void publicAnswersHoldNoPersonalDataReceiptsOrPerPersonAmounts() {
        Fixtures.ensureFunders();
        UUID convening = UUID.randomUUID();
        Fixtures.travelGrant(convening, Fixtures.FORD, 1_000_000, 150_000, 0, "");
        TeamConfirmed team = Fixtures.confirmedTeam(convening, Fixtures.nextLeaId(), 3, false);
        Fixtures.confirm(bootstrap, team);
        await().atMost(Duration.ofSeconds(30)).until(() -> rows.number("SELECT count(*) FROM entitlement WHERE team_id = '"
                + team.teamId() + "'") == 3);
        long first = 45_170;
        long second = 30_010;
        pay(team, 0, first);
        pay(team, 1, second);
        given().get("/api/v1/public/teams/{t}/funding", team.teamId()).then().statusCode(200)
                .body("paid[0].paidCents", org.hamcrest.Matchers.equalTo((int) (first + second)));

        PublicDataScan scan = PublicDataScan.of().id("convening", convening).id("team", team.teamId())
                .never(first).never(second).never("Hyatt Regency Denver").never(Fixtures.sha(first)).never(Fixtures.sha(second + 1));
        team.members().forEach(m -> scan.never(m.name()).never(m.memberId()));
        PublicDataScan.Result result = scan.run();
        System.out.println("funding public reads scanned: " + result.read());
        assertThat(result.read()).hasSize(2);
        assertThat(result.findings()).isEmpty();
    }

    /** A LODGING claim of member {@code member}, approved and paid by Ford. */
    private static void pay(TeamConfirmed team, int member, long amount) {
        String claim = given().auth().oauth2(Fixtures.admin()).contentType(ContentType.JSON)
                .body(Fixtures.claim(team, member, "LODGING", amount, "OFFICIAL_DUTY")).post("/api/v1/claims").then().statusCode(201)
                .extract().path("id");
        given().auth().oauth2(Fixtures.funder(Fixtures.FORD)).post("/api/v1/claims/{c}/approval", claim).then().statusCode(200);
        given().auth().oauth2(Fixtures.funder(Fixtures.FORD)).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"claimId\": \"" + claim + "\"}").post("/api/v1/payments").then().statusCode(201);
    }
}
