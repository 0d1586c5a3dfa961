package org.lmc.registration.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lmc.contracts.EventJson;
import org.lmc.contracts.EventTypes;
import org.lmc.contracts.Topics;
import org.lmc.contracts.registration.MemberCheckedIn;
import org.lmc.contracts.registration.MemberCommitted;
import org.lmc.contracts.registration.MemberReplaced;
import org.lmc.contracts.registration.TeamMember;
import org.lmc.testing.EventProbe;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.TestTokens;

/** Members replaced before the convening must commit again; members of confirmed teams check in at it. */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "registration"))
class MemberReplacementAndCheckInTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    Rows rows;

    /** Replaces a member as an informed client does: with the team's current ETag in If-Match. */
    static ValidatableResponse replace(String token, UUID team, UUID member, String body) {
        return replace(token, team, member, body, etagOf(team));
    }

    static ValidatableResponse replace(String token, UUID team, UUID member, String body, String ifMatch) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (token != null) {
            request.auth().oauth2(token);
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return request.put("/api/v1/teams/{t}/members/{m}", team, member).then();
    }

    static String etagOf(UUID team) {
        return given().auth().oauth2(TestTokens.agency()).get("/api/v1/teams/{t}", team).then().statusCode(200).extract().header("ETag");
    }

    static ValidatableResponse checkIn(String token, UUID team, UUID member) {
        return given().auth().oauth2(token).post("/api/v1/teams/{t}/members/{m}/check-in", team, member).then();
    }

    static String person(String name, String email, String role) {
        return "{\"name\": \"%s\", \"email\": \"%s\", \"role\": \"%s\"}".formatted(name, email, role);
    }

    @Test
    void aDistrictReplacesACommittedMemberWhoMustCommitAgainWhileTheTeamKeepsItsPlace() {
        UUID convening = Fixtures.openDenver(150);
        try (EventProbe probe = EventProbe.open(bootstrap, Topics.REGISTRATION_EVENTS)) {
            Fixtures.RegisteredTeam team = Fixtures.completedDistrictTeam(convening);
            UUID slot = team.member("SUPERINTENDENT");
            String interim = "interim-" + team.orgId() + "@example.org";
            TeamMember previous = rows.membersOf(team.id()).get(0);
            Instant before = Instant.now();
            replace(TestTokens.district(team.orgId()), team.id(), slot, person("Susana Cordova", interim.toUpperCase(), "SUPERINTENDENT"))
                    .statusCode(200)
                    .body("status", equalTo("CONFIRMED"))
                    .body("boothNumber", equalTo(1))
                    .body("members.find { it.id == '" + slot + "' }.email", equalTo(interim))
                    .body("members.find { it.id == '" + slot + "' }.name", equalTo("Susana Cordova"))
                    .body("members.find { it.id == '" + slot + "' }.committedAt", nullValue());
            assertThat(rows.text("SELECT name || '|' || email || '|' || coalesce(committed_at::text, 'uncommitted') FROM team_member WHERE id = '" + slot + "'"))
                    .isEqualTo("Susana Cordova|" + interim + "|uncommitted");

            String newcomer = TestTokens.user("interim").roles("district").orgId(team.orgId()).email(interim).token();
            given().auth().oauth2(newcomer).post("/api/v1/teams/{t}/members/{m}/commitment", team.id(), slot).then()
                    .statusCode(200).body("status", equalTo("CONFIRMED"))
                    .body("members.find { it.id == '" + slot + "' }.committedAt", notNullValue());

            // Already confirmed: the new commitment confirms nothing a second time.
            List<EventProbe.Event> events = eventsOf(probe, team.id(), 8);
            assertThat(events).extracting(EventProbe.Event::type).containsExactly(EventTypes.TEAM_REGISTERED_V1,
                    EventTypes.MEMBER_COMMITTED_V1, EventTypes.MEMBER_COMMITTED_V1, EventTypes.MEMBER_COMMITTED_V1,
                    EventTypes.TEAM_CONFIRMED_V1, EventTypes.BOOTH_ASSIGNED_V1, EventTypes.MEMBER_REPLACED_V1, EventTypes.MEMBER_COMMITTED_V1);
            List<TeamMember> now = rows.membersOf(team.id());
            List<TeamMember> whenReplaced = now.stream().map(m -> m.memberId().equals(slot)
                    ? new TeamMember(slot, m.name(), m.email(), m.role(), null) : m).toList();
            JsonNode replaced = events.get(6).data();
            assertThat(previous.email()).isEqualTo(team.email("SUPERINTENDENT"));
            assertThat(previous.committedAt()).isNotNull();
            assertThat(replaced).isEqualTo(EventJson.MAPPER.valueToTree(new MemberReplaced(team.id(), convening, Rows.fixtureDistrict(team),
                    whenReplaced, 3, false, "CONFIRMED", slot, previous, Rows.timeWithin(replaced, "replacedAt", before, Instant.now()),
                    List.of("SUPERINTENDENT"))));
            assertThat(events.get(7).data()).isEqualTo(EventJson.MAPPER.valueToTree(new MemberCommitted(team.id(), convening,
                    Rows.fixtureDistrict(team), now, 3, false, "CONFIRMED", slot, "SUPERINTENDENT", now.get(0).committedAt(), List.of())));
        }
    }

    /** The events of one team, once {@code count} of them arrived (all of them, in order). */
    static List<EventProbe.Event> eventsOf(EventProbe probe, UUID team, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            List<EventProbe.Event> events = probe.drain(Duration.ofMillis(200)).stream().filter(e -> team.toString().equals(e.key())).toList();
            if (events.size() >= count || System.nanoTime() > deadline) {
                return events;
            }
        }
    }

    @Test
    void aReplacementMustBeBasedOnTheTeamAsItIsNow() {
        UUID convening = Fixtures.openDenver(150);
        Fixtures.RegisteredTeam team = Fixtures.registerDistrictTeam(convening, Fixtures.nextColoradoDistrict());
        String read = etagOf(team.id());
        assertThat(read).matches("\"\\d+\"");

        String afterCommitment = given().auth().oauth2(TestTokens.agency())
                .post("/api/v1/teams/{t}/members/{m}/commitment", team.id(), team.member("UNION_LEADER")).then()
                .statusCode(200).extract().header("ETag");
        assertThat(afterCommitment).as("a member's commitment changes the team").isNotEqualTo(read).isEqualTo(etagOf(team.id()));
        given().auth().oauth2(TestTokens.agency()).post("/api/v1/teams/{t}/members/{m}/commitment", team.id(), team.member("UNION_LEADER"))
                .then().statusCode(200).header("ETag", afterCommitment);

        String before = members(team.id());
        String body = person("Interim", "interim@example.org", "SUPERINTENDENT");
        replace(TestTokens.agency(), team.id(), team.member("SUPERINTENDENT"), body, null)
                .statusCode(428).contentType("application/problem+json").body("type", equalTo("urn:lmc:problem:precondition-required"));
        replace(TestTokens.agency(), team.id(), team.member("SUPERINTENDENT"), body, read)
                .statusCode(412).contentType("application/problem+json").body("type", equalTo("urn:lmc:problem:stale-etag"));
        assertThat(members(team.id())).isEqualTo(before);

        String replaced = replace(TestTokens.agency(), team.id(), team.member("SUPERINTENDENT"), body, afterCommitment)
                .statusCode(200).extract().header("ETag");
        assertThat(replaced).isNotEqualTo(afterCommitment).isEqualTo(etagOf(team.id()));
    }

    @Test
    void aReplacementThatBreaksARuleChangesNothing() {
        UUID convening = Fixtures.openDenver(150);
        Fixtures.RegisteredTeam team = Fixtures.completedDistrictTeam(convening);
        UUID slot = team.member("SUPERINTENDENT");
        String before = members(team.id());

        replace(TestTokens.agency(), team.id(), slot, person("A", team.email("UNION_LEADER"), "SUPERINTENDENT"))
                .statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("urn:lmc:problem:duplicate-member"))
                .body("errors[0].field", equalTo("email"));
        replace(TestTokens.agency(), team.id(), slot, person("A", "press@example.org", "COMMUNICATIONS_DIRECTOR"))
                .statusCode(422)
                .body("type", equalTo("urn:lmc:problem:role-not-allowed"))
                .body("errors[0].field", equalTo("role"));
        replace(TestTokens.agency(), team.id(), slot, person("A", "not-an-email", "SUPERINTENDENT"))
                .statusCode(400).body("errors[0].field", equalTo("email"));
        replace(TestTokens.district(Fixtures.BALTIMORE), team.id(), slot, person("A", "a@example.org", "SUPERINTENDENT"))
                .statusCode(404).body("type", equalTo("urn:lmc:problem:not-found"));
        replace(TestTokens.user("ford").roles("funder").funderId("ford-foundation").token(), team.id(), slot,
                person("A", "a@example.org", "SUPERINTENDENT")).statusCode(403);
        replace(null, team.id(), slot, person("A", "a@example.org", "SUPERINTENDENT")).statusCode(401);
        replace(TestTokens.agency(), team.id(), UUID.randomUUID(), person("A", "a@example.org", "SUPERINTENDENT"))
                .statusCode(404).body("detail", containsString("member"));
        assertThat(members(team.id())).isEqualTo(before);

        UUID today = Fixtures.denverInProgress(150);
        Fixtures.RegisteredTeam late = Fixtures.completedDistrictTeam(today);
        String lateBefore = members(late.id());
        replace(TestTokens.agency(), late.id(), late.member("SUPERINTENDENT"), person("A", "a@example.org", "SUPERINTENDENT"))
                .statusCode(422).body("type", equalTo("urn:lmc:problem:convening-started"));
        assertThat(members(late.id())).isEqualTo(lateBefore);
        assertThat(rows.text("SELECT count(*) FROM lmc_outbox WHERE record_key IN ('" + team.id() + "', '" + late.id() + "') AND event_type = '"
                + EventTypes.MEMBER_REPLACED_V1 + "'")).isEqualTo("0");
    }

    @Test
    void eventStaffCheckInMembersOfConfirmedTeamsDuringTheConvening() {
        UUID today = Fixtures.denverInProgress(1);
        Fixtures.RegisteredTeam team = Fixtures.completedDistrictTeam(today);
        UUID slot = team.member("UNION_LEADER");
        try (EventProbe probe = EventProbe.open(bootstrap, Topics.REGISTRATION_EVENTS)) {
            String checkedInAt = checkIn(TestTokens.agency(), team.id(), slot)
                    .statusCode(200)
                    .body("members.find { it.id == '" + slot + "' }.checkedInAt", notNullValue())
                    .body("members.find { it.role == 'SUPERINTENDENT' }.checkedInAt", nullValue())
                    .extract().path("members.find { it.id == '" + slot + "' }.checkedInAt");
            checkIn(TestTokens.admin(), team.id(), slot).statusCode(200)
                    .body("members.find { it.id == '" + slot + "' }.checkedInAt", equalTo(checkedInAt));
            assertThat(rows.text("SELECT checked_in_by FROM team_member WHERE id = '" + slot + "'")).isEqualTo("agency");

            assertThat(probe.awaitType(EventTypes.MEMBER_CHECKED_IN_V1, team.id().toString()).data()).isEqualTo(EventJson.MAPPER.valueToTree(
                    new MemberCheckedIn(team.id(), today, Rows.fixtureDistrict(team), rows.membersOf(team.id()), 3, false, "CONFIRMED",
                            slot, "UNION_LEADER", Instant.parse(checkedInAt))));
            assertThat(rows.instant("SELECT checked_in_at FROM team_member WHERE id = '" + slot + "'")).isEqualTo(Instant.parse(checkedInAt));
            assertThat(probe.drain(Duration.ofMillis(300))).filteredOn(e -> EventTypes.MEMBER_CHECKED_IN_V1.equals(e.type())
                    && team.id().toString().equals(e.key())).hasSize(1);
        }

        checkIn(TestTokens.district(team.orgId()), team.id(), team.member("SUPERINTENDENT")).statusCode(403);
        Fixtures.RegisteredTeam waitlisted = Fixtures.completedDistrictTeam(today);
        checkIn(TestTokens.agency(), waitlisted.id(), waitlisted.member("SUPERINTENDENT"))
                .statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("urn:lmc:problem:team-not-confirmed"))
                .body("detail", containsString("WAITLISTED"));
        Fixtures.RegisteredTeam ahead = Fixtures.completedDistrictTeam(Fixtures.openDenver(150));
        checkIn(TestTokens.agency(), ahead.id(), ahead.member("SUPERINTENDENT"))
                .statusCode(422).body("type", equalTo("urn:lmc:problem:convening-not-in-progress"));
        assertThat(rows.text("SELECT count(*) FROM team_member WHERE team_id IN ('" + waitlisted.id() + "', '" + ahead.id()
                + "') AND checked_in_at IS NOT NULL")).isEqualTo("0");
    }

    private String members(UUID team) {
        return rows.text("SELECT string_agg(id || '|' || name || '|' || email || '|' || role || '|' || coalesce(committed_at::text, '-'), ','"
                + " ORDER BY position) FROM team_member WHERE team_id = '" + team + "'");
    }
}
