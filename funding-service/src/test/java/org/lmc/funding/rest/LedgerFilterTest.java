package org.lmc.funding.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lmc.contracts.registration.TeamConfirmed;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.TestTokens;

/** A grant's ledger read by category, team and days (what the funder's desk filters by), and bad filters refused. */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "funding"))
class LedgerFilterTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    Rows rows;

    @Test
    void theLedgerOfOneCategoryOneTeamOrSomeDaysHoldsExactlyThoseEntries() {
        Fixtures.ensureFunders();
        UUID convening = UUID.randomUUID();
        UUID ford = Fixtures.travelGrant(convening, Fixtures.FORD, 2_000_000, 150_000, 0, "");
        TeamConfirmed first = confirmed(convening);
        TeamConfirmed second = confirmed(convening);
        String funder = Fixtures.funder(Fixtures.FORD);
        for (String claim : List.of(submit(first, 0, "MEALS", 7_100), submit(first, 1, "TRAVEL", 41_200), submit(second, 0, "MEALS", 6_900))) {
            given().auth().oauth2(funder).post("/api/v1/claims/{c}/approval", claim).then().statusCode(200);
        }
        String ledger = "/api/v1/grants/" + ford + "/ledger";

        // Every entry: the grant opened, six reservations, three approvals.
        given().auth().oauth2(funder).get(ledger).then().statusCode(200).body("items.size()", equalTo(10));
        List<String> meals = given().auth().oauth2(funder).queryParam("category", "MEALS").get(ledger).then().statusCode(200)
                .extract().path("items.trace.category");
        assertThat(meals).containsExactly("MEALS", "MEALS");
        List<String> firstTeam = given().auth().oauth2(funder).queryParam("team", first.teamId().toString()).get(ledger).then()
                .statusCode(200).extract().path("items.kind");
        assertThat(firstTeam).containsExactly("ENTITLEMENT_RESERVED", "ENTITLEMENT_RESERVED", "ENTITLEMENT_RESERVED", "CLAIM_APPROVED",
                "CLAIM_APPROVED");
        List<String> mealsOfSecond = given().auth().oauth2(funder).queryParam("category", "MEALS").queryParam("team", second.teamId().toString())
                .get(ledger).then().statusCode(200).extract().path("items.trace.teamId");
        assertThat(mealsOfSecond).containsExactly(second.teamId().toString());

        // Days are UTC days, both ends included: today holds every entry, tomorrow none.
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        given().auth().oauth2(funder).queryParam("from", today.toString()).queryParam("until", today.toString()).get(ledger).then()
                .statusCode(200).body("items.size()", equalTo(10));
        given().auth().oauth2(funder).queryParam("from", today.plusDays(1).toString()).get(ledger).then().statusCode(200)
                .body("items.size()", equalTo(0));
        given().auth().oauth2(funder).queryParam("until", today.minusDays(1).toString()).get(ledger).then().statusCode(200)
                .body("items.size()", equalTo(0));

        // Bad filters are 400s naming the parameter.
        given().auth().oauth2(funder).queryParam("from", "15/02/2011").get(ledger).then().statusCode(400)
                .body("errors[0].field", equalTo("from"));
        given().auth().oauth2(funder).queryParam("from", today.toString()).queryParam("until", today.minusDays(1).toString()).get(ledger)
                .then().statusCode(400).body("errors[0].field", equalTo("until"));
        given().auth().oauth2(funder).queryParam("category", "CATERING").get(ledger).then().statusCode(400)
                .body("errors[0].field", equalTo("category"));
        // The filters narrow what a caller sees, never widen it: Gates still finds no such grant.
        given().auth().oauth2(Fixtures.funder(Fixtures.GATES)).queryParam("category", "MEALS").get(ledger).then().statusCode(404);
    }

    private TeamConfirmed confirmed(UUID convening) {
        TeamConfirmed team = Fixtures.confirmedTeam(convening, Fixtures.nextLeaId(), 3, false);
        Fixtures.confirm(bootstrap, team);
        await().atMost(Duration.ofSeconds(30)).until(() -> rows.number("SELECT count(*) FROM entitlement WHERE team_id = '" + team.teamId()
                + "' AND status = 'RESERVED'") == 3);
        return team;
    }

    private static String submit(TeamConfirmed team, int member, String category, long cents) {
        return given().auth().oauth2(TestTokens.agency()).contentType(ContentType.JSON).body(Fixtures.claim(team, member, category, cents,
                "OFFICIAL_DUTY")).post("/api/v1/claims").then().statusCode(201).extract().path("id");
    }
}
