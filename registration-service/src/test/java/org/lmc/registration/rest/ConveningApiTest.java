package org.lmc.registration.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.TestTokens;

@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "registration"))
class ConveningApiTest {
    static final Instant DENVER_OPENS = Instant.parse("2010-12-01T00:00:00Z");
    static final Instant DENVER_CLOSES = Instant.parse("2011-02-01T00:00:00Z");

    @Inject
    Rows rows;

    static ValidatableResponse create(String token, String body) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (token != null) {
            request.auth().oauth2(token);
        }
        return request.post("/api/v1/convenings").then();
    }

    @Test
    void denver2011IsExpressibleAsData() {
        String id = create(TestTokens.admin(), Fixtures.denver2011(150, DENVER_OPENS, DENVER_CLOSES))
                .statusCode(201)
                .header("Location", matchesPattern(".*/api/v1/convenings/[0-9a-f-]{36}$"))
                .extract().path("id");
        given().auth().oauth2(TestTokens.district("0803360")).get("/api/v1/convenings/{c}", id).then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("title", equalTo("Advancing Student Achievement Through Labor-Management Collaboration"))
                .body("city", equalTo("Denver"))
                .body("startsOn", equalTo("2011-02-15"))
                .body("endsOn", equalTo("2011-02-16"))
                .body("capacityTeams", equalTo(150))
                .body("registrationOpensAt", equalTo("2010-12-01T00:00:00Z"))
                .body("registrationClosesAt", equalTo("2011-02-01T00:00:00Z"))
                .body("teamKinds", contains("DISTRICT"))
                .body("requiredRoles.DISTRICT", contains("SUPERINTENDENT", "UNION_LEADER", "BOARD_PRESIDENT"))
                .body("requiredRoles.STATE", equalTo(null))
                .body("optionalRoles", contains("TEACHER", "PRINCIPAL"))
                .body("maxTeamSize", equalTo(3))
                .body("maxPresentingTeamSize", equalTo(5))
                .body("confirmedTeams", equalTo(0))
                .body("placesLeft", equalTo(150))
                .body("waitlistedTeams", equalTo(0));
        assertThat(rows.text("SELECT capacity_teams || '|' || team_kinds::text || '|' || required_roles::text || '|' || created_by"
                + " FROM convening WHERE id = '" + id + "'"))
                .isEqualTo("150|[\"DISTRICT\"]|{\"DISTRICT\": [\"SUPERINTENDENT\", \"UNION_LEADER\", \"BOARD_PRESIDENT\"]}|admin");
    }

    @Test
    void cincinnati2012WithDistrictAndStateTeamsIsExpressibleAsData() {
        String id = create(TestTokens.admin(), Fixtures.cincinnati2012(200, Instant.parse("2012-03-01T00:00:00Z"),
                Instant.parse("2012-05-01T00:00:00Z"))).statusCode(201).extract().path("id");
        given().auth().oauth2(TestTokens.user("auditor").roles("auditor").token()).get("/api/v1/convenings/{c}", id).then()
                .statusCode(200)
                .body("city", equalTo("Cincinnati"))
                .body("teamKinds", contains("DISTRICT", "STATE"))
                .body("requiredRoles.DISTRICT", contains("SUPERINTENDENT", "UNION_LEADER", "BOARD_PRESIDENT"))
                .body("requiredRoles.STATE", contains("CHIEF_STATE_SCHOOL_OFFICER", "UNION_LEADER", "BOARD_PRESIDENT"))
                .body("optionalRoles", contains("TEACHER", "PRINCIPAL"))
                .body("maxTeamSize", equalTo(5))
                .body("maxPresentingTeamSize", equalTo(6));
        given().auth().oauth2(TestTokens.user("ford").roles("funder").funderId("ford-foundation").token())
                .get("/api/v1/convenings?limit=200").then()
                .statusCode(200)
                .body("items.id", hasItems(id))
                .body("items.find { it.id == '" + id + "' }.requiredRoles.STATE[0]", equalTo("CHIEF_STATE_SCHOOL_OFFICER"));
    }

    @Test
    void onlyAnAdminCreatesAndEveryAuthenticatedRoleReads() {
        long before = convenings();
        String body = Fixtures.denver2011(150, DENVER_OPENS, DENVER_CLOSES);
        create(null, body).statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", startsWith("Bearer"));
        create(TestTokens.agency(), body).statusCode(403).contentType("application/problem+json").body("type", equalTo("urn:lmc:problem:forbidden"));
        create(TestTokens.district("0803360"), body).statusCode(403);
        assertThat(convenings()).isEqualTo(before);

        String id = create(TestTokens.admin(), body).statusCode(201).extract().path("id");
        for (String token : new String[] {TestTokens.admin(), TestTokens.agency(), TestTokens.district(Fixtures.BALTIMORE),
                TestTokens.user("ford").roles("funder").funderId("ford-foundation").token(), TestTokens.user("auditor").roles("auditor").token()}) {
            given().auth().oauth2(token).get("/api/v1/convenings/{c}", id).then().statusCode(200);
            given().auth().oauth2(token).get("/api/v1/convenings?limit=200").then().statusCode(200).body("items.id", hasItems(id));
        }
        given().get("/api/v1/convenings").then().statusCode(401);
        given().auth().oauth2(TestTokens.agency()).get("/api/v1/convenings/{c}", UUID.randomUUID()).then()
                .statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("urn:lmc:problem:not-found"))
                .body("detail", containsString("convening"));
    }

    @Test
    void theListIsPagedEarliestFirstWithACursor() {
        List<String> created = new ArrayList<>();
        for (String startsOn : List.of("2031-03-01", "2031-01-01", "2031-02-01")) {
            created.add(create(TestTokens.admin(), Fixtures.denverRules(10, DENVER_OPENS, DENVER_CLOSES, LocalDate.parse(startsOn),
                    LocalDate.parse(startsOn).plusDays(1))).statusCode(201).extract().path("id"));
        }
        List<String> seen = new ArrayList<>();
        List<String> starts = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            var request = given().auth().oauth2(TestTokens.agency()).queryParam("limit", 2);
            if (after != null) {
                request.queryParam("after", after);
            }
            var page = request.get("/api/v1/convenings").then().statusCode(200).body("items.size()", lessThanOrEqualTo(2)).extract().jsonPath();
            seen.addAll(page.getList("items.id"));
            starts.addAll(page.getList("items.startsOn"));
            after = page.getString("next");
            pages++;
        } while (after != null && pages < 500);
        assertThat(seen).doesNotHaveDuplicates().containsSubsequence(created.get(1), created.get(2), created.get(0));
        assertThat(starts).isSorted();
        assertThat(seen).hasSize(Integer.parseInt(rows.text("SELECT count(*) FROM convening")));

        given().auth().oauth2(TestTokens.agency()).get("/api/v1/convenings?after=not-a-cursor").then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("after"));
        given().auth().oauth2(TestTokens.agency()).get("/api/v1/convenings?limit=0").then().statusCode(400);
        given().auth().oauth2(TestTokens.agency()).get("/api/v1/convenings?limit=201").then().statusCode(400);
    }

    @Test
    void aCreationRetriedWithItsIdempotencyKeyIsReplayedNotRepeated() {
        long before = convenings();
        String key = UUID.randomUUID().toString();
        String body = Fixtures.denver2011(150, DENVER_OPENS, DENVER_CLOSES);
        String id = given().auth().oauth2(TestTokens.admin()).header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/api/v1/convenings").then().statusCode(201).extract().path("id");
        given().auth().oauth2(TestTokens.admin()).header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/api/v1/convenings").then()
                .statusCode(201).header("Idempotent-Replayed", "true")
                .header("Location", matchesPattern(".*/api/v1/convenings/" + id + "$"))
                .body("id", equalTo(id));
        given().auth().oauth2(TestTokens.admin()).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(body.replace("Denver", "Boulder")).post("/api/v1/convenings").then()
                .statusCode(422).contentType("application/problem+json").body("type", equalTo("urn:lmc:problem:idempotency-key-reused"));
        assertThat(convenings()).isEqualTo(before + 1);
    }

    @Test
    void aDefinitionThatContradictsItselfIsRefusedWithTheRuleAndField() {
        long before = convenings();
        String denver = Fixtures.denver2011(150, DENVER_OPENS, DENVER_CLOSES);
        assertRule(denver.replace("\"endsOn\": \"2011-02-16\"", "\"endsOn\": \"2011-02-14\""), "convening-dates-invalid", "endsOn");
        assertRule(Fixtures.denver2011(150, DENVER_CLOSES, DENVER_OPENS), "registration-window-invalid", "registrationClosesAt");
        assertRule(denver.replace("\"teamKinds\": [\"DISTRICT\"]", "\"teamKinds\": [\"DISTRICT\", \"STATE\"]"),
                "required-roles-mismatch", "requiredRoles");
        assertRule(denver.replace("\"UNION_LEADER\", \"BOARD_PRESIDENT\"", "\"UNION_LEADER\", \"UNION_LEADER\""),
                "required-role-repeated", "requiredRoles.DISTRICT");
        assertRule(denver.replace("\"maxTeamSize\": 3", "\"maxTeamSize\": 2"), "team-size-below-required-roles", "maxTeamSize");
        assertRule(denver.replace("\"maxPresentingTeamSize\": 5", "\"maxPresentingTeamSize\": 2"),
                "presenting-size-below-team-size", "maxPresentingTeamSize");
        assertThat(convenings()).isEqualTo(before);
    }

    @Test
    void missingFieldsWrongTypesAndUnknownKindsAreBadRequests() {
        long before = convenings();
        String denver = Fixtures.denver2011(150, DENVER_OPENS, DENVER_CLOSES);
        create(TestTokens.admin(), denver.replace("\"capacityTeams\": 150", "\"capacityTeams\": 0").replace("\"city\": \"Denver\"", "\"city\": \" \""))
                .statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:lmc:problem:validation"))
                .body("errors.field", contains("capacityTeams", "city"));
        create(TestTokens.admin(), denver.replace("\"teamKinds\": [\"DISTRICT\"]", "\"teamKinds\": [\"SCHOOL\"]"))
                .statusCode(400).body("type", equalTo("urn:lmc:problem:malformed-request"))
                .body("errors[0].field", equalTo("teamKinds[0]"));
        create(TestTokens.admin(), denver.replace("\"capacityTeams\": 150", "\"capacityTeams\": \"many\""))
                .statusCode(400).body("errors[0].field", equalTo("capacityTeams"));
        // Numbers are read as written: neither a fraction nor a string is taken for a whole number.
        create(TestTokens.admin(), denver.replace("\"capacityTeams\": 150", "\"capacityTeams\": 150.7"))
                .statusCode(400).body("type", equalTo("urn:lmc:problem:malformed-request"))
                .body("errors[0].field", equalTo("capacityTeams")).body("errors[0].message", equalTo("must be a whole number, not 150.7"));
        create(TestTokens.admin(), denver.replace("\"capacityTeams\": 150", "\"capacityTeams\": \"150\""))
                .statusCode(400).body("type", equalTo("urn:lmc:problem:malformed-request"))
                .body("errors[0].field", equalTo("capacityTeams")).body("errors[0].message", equalTo("must be a whole number (a JSON number)"));
        create(TestTokens.admin(), denver.replace("\"startsOn\": \"2011-02-15\"", "\"startsOn\": \"15 February 2011\""))
                .statusCode(400).body("errors[0].field", equalTo("startsOn"));
        create(TestTokens.admin(), denver.replace("\"BOARD_PRESIDENT\"]", "\"board president\"]"))
                .statusCode(400).body("errors[0].message", containsString("role name in capitals"));
        create(TestTokens.admin(), "{}").statusCode(400);
        assertThat(convenings()).isEqualTo(before);
    }

    private void assertRule(String body, String slug, String field) {
        create(TestTokens.admin(), body)
                .statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("urn:lmc:problem:" + slug))
                .body("errors[0].field", equalTo(field));
    }

    private long convenings() {
        return Long.parseLong(rows.text("SELECT count(*) FROM convening"));
    }
}
