package org.lmc.funding.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.lmc.contracts.EventTypes;
import org.lmc.contracts.Topics;
import org.lmc.contracts.registration.TeamConfirmed;
import org.lmc.contracts.registration.TeamMember;
import org.lmc.contracts.registration.TeamOrganisation;
import org.lmc.testing.TestEvents;
import org.lmc.testing.TestTokens;

/** Domain-true data: the real funders, Denver-sized travel grants, district teams confirmed by registration's events. */
public final class Fixtures {
    public static final String FORD = "ford-foundation";
    public static final String GATES = "gates-foundation";
    public static final String EDUCATION = "us-department-of-education";
    public static final String[] ROLES = {"SUPERINTENDENT", "UNION_LEADER", "BOARD_PRESIDENT", "PRINCIPAL", "TEACHER", "TEACHER"};

    private Fixtures() {
    }

    public static String admin() {
        return TestTokens.admin();
    }

    /** The second Department user who checks what the first recorded. */
    public static String adminB() {
        return TestTokens.user("admin-b").roles("admin").token();
    }

    public static String funder(String funderId) {
        return TestTokens.user("funder-" + funderId).roles("funder").funderId(funderId).token();
    }

    public static String auditor() {
        return TestTokens.user("auditor").roles("auditor").token();
    }

    /** A district user signed in as the traveller: same organisation, verified email. */
    public static String traveller(String orgId, String email) {
        return TestTokens.user(email).roles("district").orgId(orgId).email(email).token();
    }

    public static void ensureFunders() {
        for (String[] f : new String[][] {{FORD, "Ford Foundation"}, {GATES, "Bill & Melinda Gates Foundation"},
                {EDUCATION, "US Department of Education"}}) {
            int status = given().auth().oauth2(admin()).contentType(ContentType.JSON)
                    .body("{\"id\": \"" + f[0] + "\", \"name\": \"" + f[1] + "\"}").post("/api/v1/funders").statusCode();
            assertThat(status).isIn(201, 409);
        }
    }

    public static String travelTerms(long budget, long estimate, int drawOrder, String extra) {
        return "{\"title\": \"Travel of district teams\", \"currency\": \"USD\", \"budgetCents\": " + budget
                + ", \"estimatedCostPerTravellerCents\": " + estimate + ", \"drawOrder\": " + drawOrder + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    public static UUID travelGrant(UUID convening, String funderId, long budget, long estimate, int drawOrder, String extra) {
        String body = "{\"funderId\": \"" + funderId + "\", \"conveningId\": \"" + convening + "\", \"kind\": \"FOUNDATION_TRAVEL_GRANT\","
                + " \"terms\": " + travelTerms(budget, estimate, drawOrder, extra) + "}";
        return UUID.fromString(given().auth().oauth2(admin()).contentType(ContentType.JSON).body(body).post("/api/v1/grants")
                .then().statusCode(201).extract().path("id"));
    }

    public static UUID eventGrant(UUID convening, long budget, String extra) {
        String body = "{\"funderId\": \"" + EDUCATION + "\", \"conveningId\": \"" + convening + "\", \"kind\": \"FEDERAL_EVENT_COST\","
                + " \"terms\": {\"title\": \"Production of the Denver convening\", \"currency\": \"USD\", \"budgetCents\": " + budget
                + ", \"drawOrder\": 0" + (extra.isEmpty() ? "" : ", " + extra) + "}}";
        return UUID.fromString(given().auth().oauth2(admin()).contentType(ContentType.JSON).body(body).post("/api/v1/grants")
                .then().statusCode(201).extract().path("id"));
    }

    public static String nextLeaId() {
        return "08" + String.format("%05d", ThreadLocalRandom.current().nextInt(100_000));
    }

    public static TeamConfirmed confirmedTeam(UUID convening, String leaId, int size, boolean presenting) {
        List<TeamMember> members = new ArrayList<>();
        Instant committed = Instant.parse("2011-01-20T15:00:00Z");
        for (int i = 0; i < size; i++) {
            members.add(new TeamMember(UUID.randomUUID(), "Member " + i + " of " + leaId, "m" + i + "@d" + leaId + ".example.org", ROLES[i],
                    committed));
        }
        return new TeamConfirmed(UUID.randomUUID(), convening, new TeamOrganisation("DISTRICT", leaId, "District " + leaId, "CO"), members,
                size, presenting, "CONFIRMED", Instant.parse("2011-01-21T09:00:00Z"));
    }

    /** Sends an event as registration's relay would; returns its id. */
    public static String send(String bootstrap, String type, UUID teamId, Object data) {
        try (TestEvents events = TestEvents.connect(bootstrap)) {
            return events.send(Topics.REGISTRATION_EVENTS, type, teamId.toString(), data);
        }
    }

    public static String confirm(String bootstrap, TeamConfirmed team) {
        return send(bootstrap, EventTypes.TEAM_CONFIRMED_V1, team.teamId(), team);
    }

    public static String sha(long n) {
        return String.format("%064x", n);
    }

    public static String claim(TeamConfirmed team, int member, String category, long amount, String duty) {
        return "{\"teamId\": \"" + team.teamId() + "\", \"memberId\": \"" + team.members().get(member).memberId() + "\", \"category\": \""
                + category + "\", \"amountCents\": " + amount + ", \"currency\": \"USD\", \"dutyStatus\": \"" + duty + "\", \"receipt\":"
                + " {\"issuer\": \"Hyatt Regency Denver\", \"date\": \"2011-02-16\", \"sha256\": \"" + sha(amount + member) + "\"}}";
    }

    public static String invoice(UUID grant, String category, long amount) {
        return "{\"grantId\": \"" + grant + "\", \"vendor\": \"Mile High Audio Visual\", \"category\": \"" + category + "\", \"amountCents\": "
                + amount + ", \"currency\": \"USD\", \"receipt\": {\"issuer\": \"Mile High Audio Visual\", \"date\": \"2011-02-16\","
                + " \"sha256\": \"" + sha(amount) + "\"}}";
    }
}
