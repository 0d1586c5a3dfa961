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
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lmc.contracts.registration.TeamConfirmed;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.TestTokens;

/** Bad money input gets a precise problem+json naming the field, and writes nothing. */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "funding"))
class BadInputTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    Rows rows;

    @BeforeEach
    void funders() {
        Fixtures.ensureFunders();
    }

    record Case(String what, String body, int status, String type, String field) {
    }

    private static Case c(String what, String body, int status, String type, String field) {
        return new Case(what, body, status, type, field);
    }

    @Test
    void badClaimsAndInvoicesAreRefusedWithTheFieldAtFaultAndWriteNothing() {
        UUID convening = UUID.randomUUID();
        UUID ford = Fixtures.travelGrant(convening, Fixtures.FORD, 1_000_000, 150_000, 0, "");
        UUID federal = Fixtures.eventGrant(convening, 1_000_000, "");
        TeamConfirmed team = Fixtures.confirmedTeam(convening, Fixtures.nextLeaId(), 3, false);
        Fixtures.confirm(bootstrap, team);
        await().atMost(Duration.ofSeconds(30)).until(() -> rows.number("SELECT count(*) FROM entitlement WHERE team_id = '" + team.teamId()
                + "'") == 3);
        String good = Fixtures.claim(team, 0, "LODGING", 38_900, "OFFICIAL_DUTY");
        String amount = "\"amountCents\": 38900";
        List<Case> claims = List.of(
                c("negative", good.replace(amount, "\"amountCents\": -500"), 400, "validation", "amountCents"),
                c("zero", good.replace(amount, "\"amountCents\": 0"), 400, "validation", "amountCents"),
                c("fractional", good.replace(amount, "\"amountCents\": 389.5"), 400, "malformed-request", "amountCents"),
                c("over a billion dollars", good.replace(amount, "\"amountCents\": 100000000001"), 400, "validation", "amountCents"),
                c("beyond a long", good.replace(amount, "\"amountCents\": 100000000000000000000"), 400, "malformed-request", "amountCents"),
                c("amount as text", good.replace(amount, "\"amountCents\": \"38900\""), 400, "malformed-request", "amountCents"),
                c("unknown category", good.replace("LODGING", "FIREWORKS"), 400, "malformed-request", "category"),
                c("the other kind's category", good.replace("LODGING", "AUDIO_VISUAL"), 422, "category-not-allowed-for-grant-kind", "category"),
                c("foreign currency", good.replace("\"USD\"", "\"EUR\""), 422, "currency-mismatch", "currency"),
                c("not a currency code", good.replace("\"USD\"", "\"usd\""), 400, "validation", "currency"),
                c("oversized issuer", good.replace("Hyatt Regency Denver", "H".repeat(201)), 400, "validation", "receipt.issuer"),
                c("not a SHA-256", good.replace(Fixtures.sha(38_900), "abc"), 400, "validation", "receipt.sha256"),
                c("receipt from the future", good.replace("2011-02-16", "2999-01-01"), 400, "validation", "receipt.date"),
                c("unknown duty status", good.replace("OFFICIAL_DUTY", "VACATION"), 400, "malformed-request", "dutyStatus"),
                c("unknown field", good.replace("{\"teamId\"", "{\"status\": \"PAID\", \"teamId\""), 400, "malformed-request", "status"),
                c("member of no team", good.replace(team.members().get(0).memberId().toString(), UUID.randomUUID().toString()), 404,
                        "not-found", null));
        for (Case k : claims) {
            var answer = given().auth().oauth2(TestTokens.agency()).contentType(ContentType.JSON).body(k.body()).post("/api/v1/claims");
            assertThat(answer.statusCode()).as(k.what() + ": " + answer.asString()).isEqualTo(k.status());
            var response = answer.then().contentType("application/problem+json")
                    .body("type", equalTo("urn:lmc:problem:" + k.type()));
            if (k.field() != null) {
                response.body("errors[0].field", equalTo(k.field()));
            }
        }
        assertThat(rows.number("SELECT count(*) FROM claim WHERE team_id = '" + team.teamId() + "'")).isZero();
        assertThat(rows.number("SELECT count(*) FROM lmc_outbox WHERE record_key = '" + team.teamId() + "' AND event_type LIKE '%claim%'"))
                .isZero();

        String goodInvoice = Fixtures.invoice(federal, "AUDIO_VISUAL", 125_000);
        List<Case> invoices = List.of(
                c("negative", goodInvoice.replace("\"amountCents\": 125000", "\"amountCents\": -1"), 400, "validation", "amountCents"),
                c("travel category", goodInvoice.replace("AUDIO_VISUAL\"", "LODGING\""), 422, "category-not-allowed-for-grant-kind", "category"),
                c("on a travel grant", goodInvoice.replace(federal.toString(), ford.toString()), 422, "category-not-allowed-for-grant-kind",
                        "category"),
                c("foreign currency", goodInvoice.replace("\"USD\"", "\"CAD\""), 422, "currency-mismatch", "currency"),
                c("oversized vendor", goodInvoice.replace("\"vendor\": \"Mile High Audio Visual\"", "\"vendor\": \"" + "V".repeat(201) + "\""),
                        400, "validation", "vendor"),
                c("unknown grant", goodInvoice.replace(federal.toString(), UUID.randomUUID().toString()), 422, "unknown-grant", "grantId"));
        for (Case k : invoices) {
            given().auth().oauth2(Fixtures.admin()).contentType(ContentType.JSON).body(k.body()).post("/api/v1/invoices")
                    .then().statusCode(k.status()).contentType("application/problem+json")
                    .body("type", equalTo("urn:lmc:problem:" + k.type())).body("errors[0].field", equalTo(k.field()));
        }
        assertThat(rows.number("SELECT count(*) FROM invoice WHERE grant_id IN ('" + federal + "', '" + ford + "')")).isZero();
    }

    @Test
    void badGrantsAreRefusedAndWriteNothing() {
        UUID convening = UUID.randomUUID();
        String travel = "{\"funderId\": \"ford-foundation\", \"conveningId\": \"" + convening + "\", \"kind\": \"FOUNDATION_TRAVEL_GRANT\","
                + " \"terms\": " + Fixtures.travelTerms(1_000_000, 150_000, 0, "") + "}";
        List<Case> grants = List.of(
                c("event category cap on a travel grant", travel.replace("\"drawOrder\": 0", "\"drawOrder\": 0, \"capsPerCategory\":"
                        + " {\"AUDIO_VISUAL\": 1000}"), 422, "category-not-allowed-for-grant-kind", "capsPerCategory.AUDIO_VISUAL"),
                c("estimate on an event-cost grant", travel.replace("FOUNDATION_TRAVEL_GRANT", "FEDERAL_EVENT_COST"), 422,
                        "no-travellers-on-event-cost", "estimatedCostPerTravellerCents"),
                c("travel grant without estimate", travel.replace("\"estimatedCostPerTravellerCents\": 150000, ", ""), 422, "estimate-required",
                        "estimatedCostPerTravellerCents"),
                c("negative budget", travel.replace("\"budgetCents\": 1000000", "\"budgetCents\": -1000000"), 400, "validation",
                        "terms.budgetCents"),
                c("unknown currency", travel.replace("\"USD\"", "\"XYZ\""), 400, "validation", "currency"),
                c("unknown funder", travel.replace("ford-foundation", "acme-foundation"), 422, "unknown-funder", "funderId"),
                c("unknown kind", travel.replace("FOUNDATION_TRAVEL_GRANT", "LOTTERY"), 400, "malformed-request", "kind"));
        for (Case k : grants) {
            given().auth().oauth2(Fixtures.admin()).contentType(ContentType.JSON).body(k.body()).post("/api/v1/grants")
                    .then().statusCode(k.status()).contentType("application/problem+json")
                    .body("type", equalTo("urn:lmc:problem:" + k.type())).body("errors[0].field", equalTo(k.field()));
        }
        assertThat(rows.number("SELECT count(*) FROM funding_grant WHERE convening_id = '" + convening + "'")).isZero();
    }
}
