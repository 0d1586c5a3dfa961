package org.lmc.registration.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lmc.contracts.EventJson;
import org.lmc.contracts.EventTypes;
import org.lmc.contracts.Topics;
import org.lmc.contracts.registration.MemberAdded;
import org.lmc.contracts.registration.PresenterDesignated;
import org.lmc.contracts.registration.TeamMember;
import org.lmc.testing.EventProbe;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.TestTokens;

/** Presenting teams (designated by an admin) may bring more members, in optional roles. */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "registration"))
class PresentingTeamTest {
    static final String PROCOMP = "ProComp: paying for learning gains and hard-to-staff schools";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    Rows rows;

    static ValidatableResponse designate(String token, UUID team, String body) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (token != null) {
            request.auth().oauth2(token);
        }
        return request.post("/api/v1/teams/{t}/presenter", team).then();
    }

    static ValidatableResponse add(String token, UUID team, String name, String email, String role) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"name\": \"%s\", \"email\": \"%s\", \"role\": \"%s\"}".formatted(name, email, role))
                .post("/api/v1/teams/{t}/members", team).then();
    }

    static String session(String title) {
        return "{\"session\": \"" + title + "\"}";
    }

    @Test
    void aDesignatedPresenterMayBringFiveWhereAnOrdinaryTeamBringsThree() {
        UUID convening = Fixtures.openDenver(150);
        Fixtures.RegisteredTeam team = Fixtures.registerDistrictTeam(convening, Fixtures.nextColoradoDistrict());
        String district = TestTokens.district(team.orgId());

        add(district, team.id(), "A Teacher", "teacher@" + team.orgId() + ".example.org", "TEACHER")
                .statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("urn:lmc:problem:team-too-large"))
                .body("detail", equalTo("members: a team has at most 3 members, got 4"));
        assertThat(memberCount(team.id())).isEqualTo("3");

        try (EventProbe probe = EventProbe.open(bootstrap, Topics.REGISTRATION_EVENTS)) {
            Instant before = Instant.now();
            designate(TestTokens.admin(), team.id(), session(PROCOMP))
                    .statusCode(200)
                    .body("presenting", equalTo(true))
                    .body("presentingSession", equalTo(PROCOMP));
            designate(TestTokens.admin(), team.id(), session(PROCOMP)).statusCode(200);
            JsonNode designated = probe.awaitType(EventTypes.PRESENTER_DESIGNATED_V1, team.id().toString()).data();
            assertThat(designated).isEqualTo(EventJson.MAPPER.valueToTree(new PresenterDesignated(team.id(), convening,
                    Rows.fixtureDistrict(team), rows.membersOf(team.id()), 3, true, "REGISTERED", PROCOMP, 5,
                    Rows.timeWithin(designated, "designatedAt", before, Instant.now()))));
            Instant beforeAdding = Instant.now();

            add(district, team.id(), "A Teacher", "Teacher@" + team.orgId() + ".example.org", "TEACHER")
                    .statusCode(201)
                    .header("Location", matchesPattern(".*/api/v1/teams/" + team.id() + "$"))
                    .body("members.role", contains("SUPERINTENDENT", "UNION_LEADER", "BOARD_PRESIDENT", "TEACHER"))
                    .body("members[3].email", equalTo("teacher@" + team.orgId() + ".example.org"))
                    .body("status", equalTo("REGISTERED"));
            JsonNode added = probe.awaitType(EventTypes.MEMBER_ADDED_V1, team.id().toString()).data();
            List<TeamMember> members = rows.membersOf(team.id());
            assertThat(members).extracting(TeamMember::email).endsWith("teacher@" + team.orgId() + ".example.org");
            assertThat(added).isEqualTo(EventJson.MAPPER.valueToTree(new MemberAdded(team.id(), convening, Rows.fixtureDistrict(team),
                    members, 4, true, "REGISTERED", members.get(3).memberId(), "TEACHER",
                    Rows.timeWithin(added, "addedAt", beforeAdding, Instant.now()))));
        }
        add(TestTokens.agency(), team.id(), "A Principal", "principal@" + team.orgId() + ".example.org", "PRINCIPAL").statusCode(201);
        add(TestTokens.agency(), team.id(), "Another", "another@" + team.orgId() + ".example.org", "TEACHER")
                .statusCode(422).body("type", equalTo("urn:lmc:problem:team-too-large"))
                .body("detail", equalTo("members: a presenting team has at most 5 members, got 6"));
        assertThat(memberCount(team.id())).isEqualTo("5");
        assertThat(rows.text("SELECT presenting || '|' || presenting_session FROM team WHERE id = '" + team.id() + "'")).isEqualTo("true|" + PROCOMP);
        assertThat(rows.text("SELECT count(*) FROM lmc_outbox WHERE record_key = '" + team.id() + "' AND event_type = '"
                + EventTypes.PRESENTER_DESIGNATED_V1 + "'")).as("naming the same session again is no new event").isEqualTo("1");
    }

    @Test
    void onlyAnAdminDesignatesAndBadAdditionsChangeNothing() {
        UUID convening = Fixtures.openDenver(150);
        Fixtures.RegisteredTeam team = Fixtures.registerDistrictTeam(convening, Fixtures.nextColoradoDistrict());
        designate(TestTokens.agency(), team.id(), session(PROCOMP)).statusCode(403).contentType("application/problem+json");
        designate(TestTokens.district(team.orgId()), team.id(), session(PROCOMP)).statusCode(403);
        designate(null, team.id(), session(PROCOMP)).statusCode(401);
        designate(TestTokens.admin(), UUID.randomUUID(), session(PROCOMP)).statusCode(404).body("type", equalTo("urn:lmc:problem:not-found"));
        designate(TestTokens.admin(), team.id(), session(" ")).statusCode(400).body("errors[0].field", equalTo("session"));
        designate(TestTokens.admin(), team.id(), "{\"session\": [\"a\", \"b\"]}").statusCode(400);
        assertThat(rows.text("SELECT presenting::text FROM team WHERE id = '" + team.id() + "'")).isEqualTo("false");

        designate(TestTokens.admin(), team.id(), session(PROCOMP)).statusCode(200);
        add(TestTokens.district(Fixtures.BALTIMORE), team.id(), "X", "x@example.org", "TEACHER").statusCode(404);
        add(TestTokens.agency(), team.id(), "X", team.email("UNION_LEADER"), "TEACHER")
                .statusCode(422).body("type", equalTo("urn:lmc:problem:duplicate-member")).body("errors[0].field", equalTo("email"));
        add(TestTokens.agency(), team.id(), "X", "x@example.org", "SUPERINTENDENT")
                .statusCode(422).body("type", equalTo("urn:lmc:problem:required-role-repeated")).body("errors[0].field", equalTo("role"));
        add(TestTokens.agency(), team.id(), "X", "x@example.org", "COMMUNICATIONS_DIRECTOR")
                .statusCode(422).body("type", equalTo("urn:lmc:problem:role-not-allowed")).body("errors[0].field", equalTo("role"));
        add(TestTokens.user("auditor").roles("auditor").token(), team.id(), "X", "x@example.org", "TEACHER").statusCode(403);
        assertThat(memberCount(team.id())).isEqualTo("3");

        given().auth().oauth2(TestTokens.agency()).post("/api/v1/teams/{t}/cancellation", team.id()).then().statusCode(200);
        designate(TestTokens.admin(), team.id(), session("Another session")).statusCode(409).body("type", equalTo("urn:lmc:problem:team-cancelled"));
        add(TestTokens.agency(), team.id(), "X", "x@example.org", "TEACHER").statusCode(409);
        assertThat(rows.text("SELECT presenting_session FROM team WHERE id = '" + team.id() + "'")).isEqualTo(PROCOMP);
        assertThat(memberCount(team.id())).isEqualTo("3");
    }

    private String memberCount(UUID team) {
        return rows.text("SELECT count(*) FROM team_member WHERE team_id = '" + team + "'");
    }
}
