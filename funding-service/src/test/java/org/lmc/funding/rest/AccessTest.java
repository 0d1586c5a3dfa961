package org.lmc.funding.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lmc.contracts.registration.TeamConfirmed;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.TestTokens;

/**
 * Roles and tenants, endpoint by endpoint: no token 401, a role that may not 403, another tenant's object 404 (a funder's
 * grant for another funder, a district's team for another district), the rightful caller 200.
 */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "funding"))
class AccessTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    Rows rows;

    record Call(String method, String path, String body, String token, int status) {
    }

    @Test
    void everyEndpointAnswersEachRoleAndTenantAsItShould() {
        Fixtures.ensureFunders();
        UUID convening = UUID.randomUUID();
        UUID ford = Fixtures.travelGrant(convening, Fixtures.FORD, 1_000_000, 150_000, 0, "");
        UUID federal = Fixtures.eventGrant(convening, 1_000_000, "");
        String leaId = Fixtures.nextLeaId();
        TeamConfirmed team = Fixtures.confirmedTeam(convening, leaId, 3, false);
        Fixtures.confirm(bootstrap, team);
        await().atMost(Duration.ofSeconds(30)).until(() -> rows.number("SELECT count(*) FROM entitlement WHERE team_id = '" + team.teamId()
                + "'") == 3);
        String travellerEmail = team.members().get(0).email();
        String claim = given().auth().oauth2(Fixtures.traveller(leaId, travellerEmail)).contentType(ContentType.JSON)
                .body(Fixtures.claim(team, 0, "MEALS", 4_500, "OFFICIAL_DUTY")).post("/api/v1/claims").then().statusCode(201).extract().path("id");
        String invoice = given().auth().oauth2(Fixtures.admin()).contentType(ContentType.JSON).body(Fixtures.invoice(federal, "PRINTING", 90_000))
                .post("/api/v1/invoices").then().statusCode(201).extract().path("id");

        String none = null;
        String wrongAudience = TestTokens.user("admin").roles("admin").audience("another-api").token();
        String admin = Fixtures.admin();
        String auditor = Fixtures.auditor();
        String fordFunder = Fixtures.funder(Fixtures.FORD);
        String gatesFunder = Fixtures.funder(Fixtures.GATES);
        String educationFunder = Fixtures.funder(Fixtures.EDUCATION);
        String ownDistrict = TestTokens.district(leaId);
        String otherDistrict = TestTokens.district("2400090");
        String unverified = TestTokens.user(travellerEmail).roles("district").orgId(leaId).email(travellerEmail).emailVerified(false).token();
        String claimBody = Fixtures.claim(team, 0, "MEALS", 1_000, "OFFICIAL_DUTY");
        String grantBody = "{\"funderId\": \"ford-foundation\", \"conveningId\": \"" + convening + "\", \"kind\": \"FOUNDATION_TRAVEL_GRANT\","
                + " \"terms\": " + Fixtures.travelTerms(1_000, 100, 9, "") + "}";
        String ledger = "/api/v1/grants/" + ford + "/ledger";
        List<Call> calls = List.of(
                new Call("GET", "/api/v1/funders", null, none, 401),
                new Call("GET", "/api/v1/funders", null, wrongAudience, 401),
                new Call("GET", "/api/v1/funders", null, ownDistrict, 403),
                new Call("GET", "/api/v1/funders", null, auditor, 200),
                new Call("POST", "/api/v1/funders", "{\"id\": \"ge-foundation\", \"name\": \"GE Foundation\"}", fordFunder, 403),
                new Call("POST", "/api/v1/funders", "{\"id\": \"ge-foundation\", \"name\": \"GE Foundation\"}", auditor, 403),
                new Call("POST", "/api/v1/grants", grantBody, fordFunder, 403),
                new Call("POST", "/api/v1/grants", grantBody, none, 401),
                new Call("GET", "/api/v1/grants?convening=" + convening, null, ownDistrict, 403),
                new Call("GET", "/api/v1/grants/" + ford, null, none, 401),
                new Call("GET", "/api/v1/grants/" + ford, null, ownDistrict, 403),
                new Call("GET", "/api/v1/grants/" + ford, null, gatesFunder, 404),
                new Call("GET", "/api/v1/grants/" + ford, null, fordFunder, 200),
                new Call("GET", "/api/v1/grants/" + ford, null, auditor, 200),
                new Call("PUT", "/api/v1/grants/" + ford, Fixtures.travelTerms(1_000_000, 150_000, 3, ""), auditor, 403),
                new Call("PUT", "/api/v1/grants/" + ford, Fixtures.travelTerms(1_000_000, 150_000, 3, ""), fordFunder, 403),
                new Call("GET", ledger, null, gatesFunder, 404),
                new Call("GET", ledger, null, ownDistrict, 403),
                new Call("GET", ledger, null, fordFunder, 200),
                new Call("GET", ledger + ".csv", null, gatesFunder, 404),
                new Call("GET", ledger + ".csv", null, auditor, 200),
                new Call("GET", "/api/v1/grants/" + ford + "/reconciliation", null, gatesFunder, 404),
                new Call("GET", "/api/v1/grants/" + ford + "/reconciliation", null, fordFunder, 200),
                new Call("GET", "/api/v1/entitlements?team=" + team.teamId(), null, otherDistrict, 404),
                new Call("GET", "/api/v1/entitlements?team=" + team.teamId(), null, ownDistrict, 200),
                new Call("GET", "/api/v1/entitlements?team=" + team.teamId(), null, none, 401),
                new Call("POST", "/api/v1/claims", claimBody, otherDistrict, 404),
                new Call("POST", "/api/v1/claims", claimBody, ownDistrict, 403),
                new Call("POST", "/api/v1/claims", claimBody, unverified, 403),
                new Call("POST", "/api/v1/claims", claimBody, auditor, 403),
                new Call("POST", "/api/v1/claims", claimBody, fordFunder, 403),
                new Call("GET", "/api/v1/claims?team=" + team.teamId(), null, otherDistrict, 404),
                new Call("GET", "/api/v1/claims?team=" + team.teamId(), null, ownDistrict, 200),
                new Call("GET", "/api/v1/claims/" + claim, null, otherDistrict, 404),
                new Call("GET", "/api/v1/claims/" + claim, null, gatesFunder, 404),
                new Call("GET", "/api/v1/claims/" + claim, null, fordFunder, 200),
                new Call("GET", "/api/v1/claims/" + claim, null, ownDistrict, 200),
                new Call("POST", "/api/v1/claims/" + claim + "/approval", null, auditor, 403),
                new Call("POST", "/api/v1/claims/" + claim + "/approval", null, ownDistrict, 403),
                new Call("POST", "/api/v1/claims/" + claim + "/approval", null, gatesFunder, 404),
                new Call("POST", "/api/v1/claims/" + claim + "/rejection", "{\"reason\": \"no\"}", gatesFunder, 404),
                new Call("POST", "/api/v1/claims/" + claim + "/rejection", "{\"reason\": \"no\"}", admin, 403),
                new Call("POST", "/api/v1/invoices", Fixtures.invoice(federal, "PRINTING", 1_000), educationFunder, 403),
                new Call("POST", "/api/v1/invoices", Fixtures.invoice(federal, "PRINTING", 1_000), auditor, 403),
                new Call("GET", "/api/v1/invoices/" + invoice, null, gatesFunder, 404),
                new Call("GET", "/api/v1/invoices/" + invoice, null, educationFunder, 200),
                new Call("GET", "/api/v1/invoices/" + invoice, null, auditor, 200),
                new Call("POST", "/api/v1/invoices/" + invoice + "/approval", null, educationFunder, 403),
                new Call("POST", "/api/v1/invoices/" + invoice + "/approval", null, auditor, 403),
                new Call("POST", "/api/v1/invoices/" + invoice + "/rejection", "{\"reason\": \"no\"}", auditor, 403),
                new Call("POST", "/api/v1/payments", "{\"claimId\": \"" + claim + "\"}", auditor, 403),
                new Call("POST", "/api/v1/payments", "{\"claimId\": \"" + claim + "\"}", ownDistrict, 403),
                new Call("POST", "/api/v1/payments", "{\"claimId\": \"" + claim + "\"}", none, 401),
                new Call("POST", "/api/v1/payments", "{\"claimId\": \"" + claim + "\"}", gatesFunder, 422),
                new Call("GET", "/api/v1/audit/verification", null, fordFunder, 403),
                new Call("GET", "/api/v1/audit/verification", null, ownDistrict, 403),
                new Call("GET", "/api/v1/audit/verification", null, none, 401),
                new Call("GET", "/api/v1/audit/verification", null, auditor, 200),
                new Call("GET", "/api/v1/public/convenings/" + convening + "/funding", null, none, 200),
                new Call("GET", "/api/v1/public/teams/" + team.teamId() + "/funding", null, none, 200),
                new Call("GET", "/api/v1/public/teams/" + UUID.randomUUID() + "/funding", null, none, 404));
        List<String> wrong = new ArrayList<>();
        for (Call c : calls) {
            RequestSpecification request = given().contentType(ContentType.JSON);
            if (c.token() != null) {
                request.auth().oauth2(c.token());
            }
            if (c.body() != null) {
                request.body(c.body());
            }
            var response = request.request(c.method(), c.path());
            if (response.statusCode() != c.status()) {
                wrong.add(c.method() + " " + c.path() + " -> " + response.statusCode() + " (expected " + c.status() + "): " + response.asString());
            } else if (c.status() >= 400) {
                assertThat(response.contentType()).as(c.method() + " " + c.path()).startsWith("application/problem+json");
            }
        }
        assertThat(wrong).isEmpty();
        // Funders see only their own grants in lists; the auditor changed nothing.
        assertThat(given().auth().oauth2(gatesFunder).queryParam("convening", convening).get("/api/v1/grants").then().statusCode(200)
                .extract().jsonPath().getList("id")).isEmpty();
        assertThat(rows.number("SELECT count(*) FROM claim WHERE team_id = '" + team.teamId() + "'")).isEqualTo(1);
        assertThat(rows.text("SELECT status FROM claim WHERE id = '" + claim + "'")).isEqualTo("SUBMITTED");
        assertThat(rows.text("SELECT status FROM invoice WHERE id = '" + invoice + "'")).isEqualTo("SUBMITTED");
    }
}
