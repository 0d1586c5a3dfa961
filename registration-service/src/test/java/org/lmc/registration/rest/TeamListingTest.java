package org.lmc.registration.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.TestTokens;

/** A convening's teams, filtered by state, status and presenting; a district user sees only its own. */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "registration"))
class TeamListingTest {

    static ValidatableResponse list(String token, UUID convening, String query) {
        var request = given();
        if (token != null) {
            request.auth().oauth2(token);
        }
        return request.get("/api/v1/convenings/{c}/teams" + query, convening).then();
    }

    @Test
    void teamsAreListedInRegistrationOrderWithTheirPlaceAndFiltered() {
        UUID convening = Fixtures.openDenver(1);
        Fixtures.RegisteredTeam confirmed = Fixtures.completedDistrictTeam(convening);
        Fixtures.RegisteredTeam waitlisted = Fixtures.completedDistrictTeam(convening);
        String baltimore = given().auth().oauth2(TestTokens.agency()).contentType(ContentType.JSON).body("""
                {"organisation": {"kind": "DISTRICT", "ncesLeaId": "2400090", "name": "Baltimore City Public Schools", "state": "MD"},
                 "members": [
                   {"name": "Andres Alonso", "email": "ceo@bcps.example.org", "role": "SUPERINTENDENT"},
                   {"name": "Marietta English", "email": "president@btu.example.org", "role": "UNION_LEADER"},
                   {"name": "Neil Duke", "email": "board@bcps.example.org", "role": "BOARD_PRESIDENT"}
                 ]}""").post("/api/v1/convenings/{c}/teams", convening).then().statusCode(201).extract().path("id");
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body("{\"session\": \"Joint committees\"}")
                .post("/api/v1/teams/{t}/presenter", confirmed.id()).then().statusCode(200);

        list(TestTokens.agency(), convening, "").statusCode(200)
                .body("items.id", contains(confirmed.id().toString(), waitlisted.id().toString(), baltimore))
                .body("items.status", contains("CONFIRMED", "WAITLISTED", "REGISTERED"))
                .body("items[0].boothNumber", equalTo(1))
                .body("items[0].presentingSession", equalTo("Joint committees"))
                .body("items[1].waitlistPosition", equalTo(1))
                .body("items[2].waitlistPosition", equalTo(null))
                .body("items[2].members.role", contains("SUPERINTENDENT", "UNION_LEADER", "BOARD_PRESIDENT"));
        list(TestTokens.admin(), convening, "?status=WAITLISTED").statusCode(200).body("items.id", contains(waitlisted.id().toString()));
        list(TestTokens.admin(), convening, "?state=MD").statusCode(200).body("items.id", contains(baltimore));
        list(TestTokens.admin(), convening, "?presenting=true").statusCode(200).body("items.id", contains(confirmed.id().toString()));
        list(TestTokens.admin(), convening, "?state=CO&status=CONFIRMED&presenting=false").statusCode(200).body("items", empty());
        for (String reader : List.of(TestTokens.user("ford").roles("funder").funderId("ford-foundation").token(),
                TestTokens.user("auditor").roles("auditor").token())) {
            list(reader, convening, "").statusCode(200).body("items", hasSize(3));
        }
    }

    @Test
    void aDistrictUserSeesOnlyItsOwnTeam() {
        UUID convening = Fixtures.openDenver(150);
        Fixtures.RegisteredTeam own = Fixtures.registerDistrictTeam(convening, Fixtures.nextColoradoDistrict());
        Fixtures.registerDistrictTeam(convening, Fixtures.nextColoradoDistrict());
        list(TestTokens.district(own.orgId()), convening, "").statusCode(200).body("items.id", contains(own.id().toString()));
        list(TestTokens.district(Fixtures.BALTIMORE), convening, "").statusCode(200).body("items", empty());
    }

    @Test
    void pagesFollowTheCursorUntilTheLastTeam() {
        UUID convening = Fixtures.openDenver(150);
        List<String> registered = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            registered.add(Fixtures.registerDistrictTeam(convening, Fixtures.nextColoradoDistrict()).id().toString());
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        List<Integer> sizes = new ArrayList<>();
        do {
            var request = given().auth().oauth2(TestTokens.agency()).queryParam("limit", 2);
            if (after != null) {
                request.queryParam("after", after);
            }
            var page = request.get("/api/v1/convenings/{c}/teams", convening).then().statusCode(200).extract().jsonPath();
            List<String> ids = page.getList("items.id");
            sizes.add(ids.size());
            seen.addAll(ids);
            after = page.getString("next");
        } while (after != null && sizes.size() < 10);
        assertThat(sizes).containsExactly(2, 2, 1);
        assertThat(seen).isEqualTo(registered);
        list(TestTokens.agency(), convening, "?limit=5").statusCode(200).body("items", hasSize(5)).body("next", nullValue());
        list(TestTokens.agency(), convening, "?after=bm90LWEtY3Vyc29y").statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("after"));
        list(TestTokens.agency(), convening, "?limit=0").statusCode(400);
    }

    @Test
    void badFiltersAndUnknownConveningsAreProblems() {
        UUID convening = Fixtures.openDenver(150);
        list(TestTokens.agency(), convening, "?status=LOST").statusCode(400).contentType("application/problem+json");
        list(TestTokens.agency(), convening, "?state=colorado").statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:lmc:problem:validation"))
                .body("errors[0].field", equalTo("state"));
        UUID unknown = UUID.randomUUID();
        list(TestTokens.agency(), unknown, "").statusCode(404).body("detail", equalTo("convening " + unknown + " does not exist"));
        list(null, convening, "").statusCode(401);
    }
}
