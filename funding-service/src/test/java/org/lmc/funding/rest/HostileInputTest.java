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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lmc.contracts.registration.TeamConfirmed;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.access.DatabaseState;
import org.lmc.testing.fuzz.HostileInput;

/**
 * Hostile bodies on every writing endpoint of funding that takes one: never a 5xx, always problem+json, no partial
 * write, and the ledger still balanced afterwards.
 */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "funding"))
class HostileInputTest {
    static final int CASES_PER_ENDPOINT = 50;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    DataSource dataSource;

    @Inject
    Rows rows;

    @Test
    void hostileBodiesNeverBreakTheServiceNorWriteHalfOfAnything() {
        Fixtures.ensureFunders();
        UUID convening = UUID.randomUUID();
        UUID grant = Fixtures.travelGrant(convening, Fixtures.FORD, 10_000_000, 150_000, 0, "");
        UUID events = Fixtures.eventGrant(convening, 10_000_000, "");
        TeamConfirmed team = Fixtures.confirmedTeam(convening, Fixtures.nextLeaId(), 3, false);
        Fixtures.confirm(bootstrap, team);
        await().atMost(Duration.ofSeconds(30)).until(() -> rows.number("SELECT count(*) FROM entitlement WHERE team_id = '"
                + team.teamId() + "'") == 3);
        String claim = given().auth().oauth2(Fixtures.admin()).contentType(ContentType.JSON)
                .body(Fixtures.claim(team, 1, "MEALS", 2_000, "OFFICIAL_DUTY")).post("/api/v1/claims").then().statusCode(201)
                .extract().path("id");
        String etag = given().auth().oauth2(Fixtures.admin()).get("/api/v1/grants/{g}", grant).then().statusCode(200).extract().header("ETag");
        List<HostileInput.Target> adminTargets = List.of(
                new HostileInput.Target("POST", "/api/v1/funders", "{\"id\": \"ge-foundation\", \"name\": \"GE Foundation\"}"),
                new HostileInput.Target("POST", "/api/v1/grants", "{\"funderId\": \"ford-foundation\", \"conveningId\": \"" + convening
                        + "\", \"kind\": \"FOUNDATION_TRAVEL_GRANT\", \"terms\": " + Fixtures.travelTerms(1_000_000, 150_000, 3,
                        "\"capsPerCategory\": {\"LODGING\": 50000}") + "}"),
                new HostileInput.Target("PUT", "/api/v1/grants/" + grant, Fixtures.travelTerms(10_000_000, 150_000, 0, ""),
                        Map.of("If-Match", etag)),
                new HostileInput.Target("POST", "/api/v1/claims", Fixtures.claim(team, 0, "LODGING", 1_000, "PERSONAL_LEAVE")),
                new HostileInput.Target("POST", "/api/v1/invoices", Fixtures.invoice(events, "STAGING", 1_000)),
                new HostileInput.Target("POST", "/api/v1/payments", "{\"claimId\": \"" + claim + "\"}"));
        HostileInput.Report admin = HostileInput.run(adminTargets, Fixtures.admin(), DatabaseState.of(dataSource), CASES_PER_ENDPOINT);
        List<HostileInput.Target> funderTargets = List.of(
                new HostileInput.Target("POST", "/api/v1/claims/" + claim + "/rejection", "{\"reason\": \"no receipt\"}"));
        HostileInput.Report funder = HostileInput.run(funderTargets, Fixtures.funder(Fixtures.FORD), DatabaseState.of(dataSource),
                CASES_PER_ENDPOINT);
        System.out.printf("funding hostile input: %d cases on %d endpoints, %d accepted, %d broke the rules (seed %s)%n",
                admin.cases() + funder.cases(), adminTargets.size() + funderTargets.size(), admin.accepted() + funder.accepted(),
                admin.failures().size() + funder.failures().size(), admin.seed());
        assertThat(admin.failures()).isEmpty();
        assertThat(funder.failures()).isEmpty();
        assertThat(admin.cases() + funder.cases()).isEqualTo(CASES_PER_ENDPOINT * 7);
        assertThat(rows.grantsOutOfBalance()).isZero();
    }
}
