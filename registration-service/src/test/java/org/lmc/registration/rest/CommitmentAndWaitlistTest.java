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
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lmc.contracts.EventJson;
import org.lmc.contracts.EventTypes;
import org.lmc.contracts.Topics;
import org.lmc.contracts.registration.BoothAssigned;
import org.lmc.contracts.registration.MemberCommitted;
import org.lmc.contracts.registration.TeamCancelled;
import org.lmc.contracts.registration.TeamConfirmed;
import org.lmc.contracts.registration.TeamMember;
import org.lmc.contracts.registration.TeamOrganisation;
import org.lmc.contracts.registration.TeamPromoted;
import org.lmc.testing.EventProbe;
import org.lmc.testing.TestTokens;
import org.lmc.testing.LmcTestStack;

/** Commitments confirm or waitlist a complete team; cancellations hand a freed place to the first waitlisted team. */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "registration"))
class CommitmentAndWaitlistTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @TestHTTPResource("/")
    URL base;
    @Inject
    Rows rows;

    static ValidatableResponse commit(String token, UUID team, UUID member) {
        var request = given();
        if (token != null) {
            request.auth().oauth2(token);
        }
        return request.post("/api/v1/teams/{t}/members/{m}/commitment", team, member).then();
    }

    static ValidatableResponse cancel(String token, UUID team) {
        var request = given();
        if (token != null) {
            request.auth().oauth2(token);
        }
        return request.post("/api/v1/teams/{t}/cancellation", team).then();
    }

    static ValidatableResponse read(UUID team) {
        return given().auth().oauth2(TestTokens.agency()).get("/api/v1/teams/{t}", team).then().statusCode(200);
    }

    /** A district user of the team's organisation whose token carries the member's email. */
    static String self(Fixtures.RegisteredTeam team, String role) {
        return TestTokens.user(role.toLowerCase() + "-" + team.orgId()).roles("district").orgId(team.orgId())
                .email(team.email(role)).token();
    }

    @Test
    void membersCommitForThemselvesAndTheLastRequiredCommitmentConfirmsTheTeam() {
        UUID convening = Fixtures.openDenver(150);
        try (EventProbe probe = EventProbe.open(bootstrap, Topics.REGISTRATION_EVENTS)) {
            Fixtures.RegisteredTeam team = Fixtures.registerDistrictTeam(convening, Fixtures.nextColoradoDistrict());
            String key = team.id().toString();

            commit(self(team, "SUPERINTENDENT"), team.id(), team.member("SUPERINTENDENT"))
                    .statusCode(200)
                    .body("status", equalTo("REGISTERED"))
                    .body("members.find { it.role == 'SUPERINTENDENT' }.committedAt", notNullValue())
                    .body("members.find { it.role == 'UNION_LEADER' }.committedAt", nullValue());
            // A retry changes nothing and emits nothing.
            commit(self(team, "SUPERINTENDENT"), team.id(), team.member("SUPERINTENDENT")).statusCode(200).body("status", equalTo("REGISTERED"));
            commit(TestTokens.agency(), team.id(), team.member("UNION_LEADER")).statusCode(200).body("status", equalTo("REGISTERED"));
            commit(self(team, "BOARD_PRESIDENT"), team.id(), team.member("BOARD_PRESIDENT"))
                    .statusCode(200)
                    .body("status", equalTo("CONFIRMED"))
                    .body("confirmedAt", notNullValue())
                    .body("boothNumber", equalTo(1))
                    .body("waitlistPosition", nullValue());

            assertThat(rows.text("SELECT string_agg(role || '=' || committed_by, ',' ORDER BY position) FROM team_member WHERE team_id = '" + key + "'"))
                    .isEqualTo("SUPERINTENDENT=superintendent-" + team.orgId() + ",UNION_LEADER=agency,BOARD_PRESIDENT=board_president-" + team.orgId());
            assertThat(rows.text("SELECT status FROM team WHERE id = '" + key + "'")).isEqualTo("CONFIRMED");

            probe.awaitType(EventTypes.BOOTH_ASSIGNED_V1, key);
            List<EventProbe.Event> events = probe.drain(Duration.ofMillis(300)).stream().filter(e -> key.equals(e.key())).toList();
            assertThat(events).extracting(EventProbe.Event::type).containsExactly(EventTypes.TEAM_REGISTERED_V1,
                    EventTypes.MEMBER_COMMITTED_V1, EventTypes.MEMBER_COMMITTED_V1, EventTypes.MEMBER_COMMITTED_V1, EventTypes.TEAM_CONFIRMED_V1,
                    EventTypes.BOOTH_ASSIGNED_V1);
            assertThat(events).allSatisfy(e -> assertThat(e.subject()).isEqualTo(key));

            JsonNode first = events.get(1).data();
            assertThat(first.get("memberId").asText()).isEqualTo(team.member("SUPERINTENDENT").toString());
            assertThat(first.get("role").asText()).isEqualTo("SUPERINTENDENT");
            assertThat(first.get("status").asText()).isEqualTo("REGISTERED");
            assertThat(first.get("awaitedRoles").toString()).isEqualTo("[\"UNION_LEADER\",\"BOARD_PRESIDENT\"]");
            assertThat(first.get("conveningId").asText()).isEqualTo(convening.toString());
            assertThat(first.get("organisation").toString()).isEqualTo("{\"kind\":\"DISTRICT\",\"orgId\":\"" + team.orgId()
                    + "\",\"name\":\"District " + team.orgId() + "\",\"state\":\"CO\"}");
            assertThat(first.get("teamSize").asInt()).isEqualTo(3);
            assertThat(first.get("presenting").asBoolean()).isFalse();
            assertThat(first.get("members").findValuesAsText("committedAt")).hasSize(1);
            assertThat(events.get(2).data().get("awaitedRoles").toString()).isEqualTo("[\"BOARD_PRESIDENT\"]");
            assertThat(events.get(3).data().get("awaitedRoles").toString()).isEqualTo("[]");

            // The exact payloads, rebuilt from what the database holds.
            TeamOrganisation organisation = Rows.fixtureDistrict(team);
            List<TeamMember> members = rows.membersOf(team.id());
            assertThat(members).extracting(TeamMember::email).containsExactly(
                    team.email("SUPERINTENDENT"), team.email("UNION_LEADER"), team.email("BOARD_PRESIDENT"));
            Instant confirmedAt = rows.instant("SELECT confirmed_at FROM team WHERE id = '" + key + "'");
            assertThat(events.get(3).data()).isEqualTo(EventJson.MAPPER.valueToTree(new MemberCommitted(team.id(), convening, organisation,
                    members, 3, false, "REGISTERED", team.member("BOARD_PRESIDENT"), "BOARD_PRESIDENT", members.get(2).committedAt(), List.of())));
            assertThat(events.get(4).data()).isEqualTo(EventJson.MAPPER.valueToTree(
                    new TeamConfirmed(team.id(), convening, organisation, members, 3, false, "CONFIRMED", confirmedAt)));
            assertThat(events.get(5).data()).isEqualTo(EventJson.MAPPER.valueToTree(
                    new BoothAssigned(team.id(), convening, organisation, members, 3, false, "CONFIRMED", 1, confirmedAt)));
        }
    }

    @Test
    void onlyTheMemberThemselfOrStaffRecordsACommitment() {
        UUID convening = Fixtures.openDenver(150);
        Fixtures.RegisteredTeam team = Fixtures.registerDistrictTeam(convening, Fixtures.nextColoradoDistrict());
        UUID superintendent = team.member("SUPERINTENDENT");

        commit(self(team, "UNION_LEADER"), team.id(), superintendent)
                .statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("urn:lmc:problem:forbidden"))
                .body("detail", containsString("is acted for only by its own person"));
        commit(TestTokens.user("impostor").roles("district").orgId(Fixtures.BALTIMORE).email(team.email("SUPERINTENDENT")).token(), team.id(), superintendent)
                .statusCode(404).contentType("application/problem+json").body("type", equalTo("urn:lmc:problem:not-found"));
        commit(TestTokens.user("ford").roles("funder").funderId("ford-foundation").token(), team.id(), superintendent).statusCode(403);
        commit(null, team.id(), superintendent).statusCode(401);
        commit(TestTokens.agency(), team.id(), UUID.randomUUID())
                .statusCode(404).body("detail", containsString("member"));
        commit(TestTokens.agency(), UUID.randomUUID(), superintendent)
                .statusCode(404).body("detail", containsString("team"));
        assertThat(rows.text("SELECT count(*) FROM team_member WHERE team_id = '" + team.id() + "' AND committed_at IS NOT NULL")).isEqualTo("0");

        commit(TestTokens.admin(), team.id(), superintendent).statusCode(200);
        assertThat(rows.text("SELECT string_agg(role || '=' || committed_by, ',') FROM team_member WHERE team_id = '" + team.id()
                + "' AND committed_at IS NOT NULL")).isEqualTo("SUPERINTENDENT=admin");
        assertThat(rows.text("SELECT count(*) FROM lmc_outbox WHERE record_key = '" + team.id() + "' AND event_type = '"
                + EventTypes.MEMBER_COMMITTED_V1 + "'")).isEqualTo("1");
    }

    @Test
    void whenFullTeamsAreWaitlistedInOrderAndACancelledPlaceGoesToTheFirstOfThem() {
        UUID convening = Fixtures.openDenver(1);
        try (EventProbe probe = EventProbe.open(bootstrap, Topics.REGISTRATION_EVENTS)) {
            Fixtures.RegisteredTeam first = Fixtures.completedDistrictTeam(convening);
            Fixtures.RegisteredTeam second = Fixtures.completedDistrictTeam(convening);
            Fixtures.RegisteredTeam third = Fixtures.completedDistrictTeam(convening);
            read(first.id()).body("status", equalTo("CONFIRMED")).body("boothNumber", equalTo(1));
            read(second.id()).body("status", equalTo("WAITLISTED")).body("waitlistPosition", equalTo(1)).body("boothNumber", nullValue());
            read(third.id()).body("status", equalTo("WAITLISTED")).body("waitlistPosition", equalTo(2));
            given().auth().oauth2(TestTokens.district(third.orgId())).get("/api/v1/convenings/{c}", convening).then().statusCode(200)
                    .body("capacityTeams", equalTo(1)).body("confirmedTeams", equalTo(1)).body("placesLeft", equalTo(0))
                    .body("waitlistedTeams", equalTo(2));
            given().auth().oauth2(TestTokens.agency()).get("/api/v1/convenings?limit=200").then().statusCode(200)
                    .body("items.find { it.id == '" + convening + "' }.waitlistedTeams", equalTo(2))
                    .body("items.find { it.id == '" + convening + "' }.placesLeft", equalTo(0));
            JsonNode waitlisted = probe.awaitType(EventTypes.TEAM_WAITLISTED_V1, third.id().toString()).data();
            assertThat(waitlisted.get("status").asText()).isEqualTo("WAITLISTED");
            assertThat(waitlisted.get("waitlistPosition").asInt()).isEqualTo(2);
            assertThat(waitlisted.get("members").findValuesAsText("email")).contains(third.email("BOARD_PRESIDENT"));

            // The district cancels its own confirmed team: the first waitlisted team is promoted in the same transaction.
            cancel(TestTokens.district(first.orgId()), first.id())
                    .statusCode(200)
                    .body("status", equalTo("CANCELLED"))
                    .body("cancelledAt", notNullValue())
                    .body("boothNumber", nullValue());
            assertThat(rows.text("SELECT string_agg(status, ',' ORDER BY registered_at) FROM team WHERE convening_id = '" + convening + "'"))
                    .isEqualTo("CANCELLED,CONFIRMED,WAITLISTED");
            read(second.id()).body("status", equalTo("CONFIRMED")).body("waitlistPosition", nullValue()).body("confirmedAt", notNullValue())
                    .body("boothNumber", equalTo(1));
            read(third.id()).body("status", equalTo("WAITLISTED")).body("waitlistPosition", equalTo(1));

            Instant cancelledAt = rows.instant("SELECT cancelled_at FROM team WHERE id = '" + first.id() + "'");
            assertThat(probe.awaitType(EventTypes.TEAM_CANCELLED_V1, first.id().toString()).data()).isEqualTo(EventJson.MAPPER.valueToTree(
                    new TeamCancelled(first.id(), convening, Rows.fixtureDistrict(first),
                            rows.membersOf(first.id()), 3, false, "CANCELLED", "CONFIRMED", cancelledAt)));
            assertThat(rows.instant("SELECT confirmed_at FROM team WHERE id = '" + second.id() + "'")).isEqualTo(cancelledAt);
            assertThat(probe.awaitType(EventTypes.TEAM_PROMOTED_V1, second.id().toString()).data()).isEqualTo(EventJson.MAPPER.valueToTree(
                    new TeamPromoted(second.id(), convening, Rows.fixtureDistrict(second),
                            rows.membersOf(second.id()), 3, false, "CONFIRMED", cancelledAt, first.id())));
            assertThat(probe.await(e -> EventTypes.BOOTH_ASSIGNED_V1.equals(e.type()) && second.id().toString().equals(e.key()),
                    Duration.ofSeconds(30)).data().get("boothNumber").asInt()).as("the freed booth").isEqualTo(1);

            cancel(TestTokens.agency(), first.id())
                    .statusCode(409).contentType("application/problem+json")
                    .body("type", equalTo("urn:lmc:problem:team-already-cancelled"));
            commit(TestTokens.agency(), first.id(), first.member("SUPERINTENDENT"))
                    .statusCode(409).body("type", equalTo("urn:lmc:problem:team-cancelled"));
            cancel(TestTokens.district(Fixtures.BALTIMORE), third.id()).statusCode(404);
            cancel(TestTokens.user("auditor").roles("auditor").token(), third.id()).statusCode(403);
            cancel(null, third.id()).statusCode(401);
            read(third.id()).body("status", equalTo("WAITLISTED"));

            // A waitlisted team withdrawing frees no place: nobody is promoted.
            cancel(TestTokens.agency(), third.id()).statusCode(200).body("status", equalTo("CANCELLED")).body("waitlistPosition", nullValue());
            JsonNode thirdCancelled = probe.awaitType(EventTypes.TEAM_CANCELLED_V1, third.id().toString()).data();
            assertThat(thirdCancelled.get("previousStatus").asText()).isEqualTo("WAITLISTED");
            assertThat(probe.drain(Duration.ofMillis(300))).filteredOn(e -> EventTypes.TEAM_PROMOTED_V1.equals(e.type()))
                    .extracting(EventProbe.Event::key).containsExactly(second.id().toString());
            assertThat(rows.text("SELECT string_agg(status, ',' ORDER BY registered_at) FROM team WHERE convening_id = '" + convening + "'"))
                    .isEqualTo("CANCELLED,CONFIRMED,CANCELLED");
        }
    }

    @Test
    void nTeamsCompletingAtOnceForKRemainingPlacesGetExactlyKOfThem() throws Exception {
        int capacity = 5;
        int alreadyConfirmed = 2;
        int completing = 8;
        int places = capacity - alreadyConfirmed;
        UUID convening = Fixtures.openDenver(capacity);
        for (int i = 0; i < alreadyConfirmed; i++) {
            Fixtures.completedDistrictTeam(convening);
        }
        List<Fixtures.RegisteredTeam> teams = new ArrayList<>();
        for (int i = 0; i < completing; i++) {
            Fixtures.RegisteredTeam team = Fixtures.registerDistrictTeam(convening, Fixtures.nextColoradoDistrict());
            Fixtures.commitAsStaff(team.id(), team.member("SUPERINTENDENT"));
            Fixtures.commitAsStaff(team.id(), team.member("UNION_LEADER"));
            teams.add(team);
        }

        try (EventProbe probe = EventProbe.open(bootstrap, Topics.REGISTRATION_EVENTS)) {
            String token = TestTokens.agency();
            List<HttpRequest> lastCommitments = teams.stream().map(team -> HttpRequest.newBuilder(URI.create(base + "api/v1/teams/"
                    + team.id() + "/members/" + team.member("BOARD_PRESIDENT") + "/commitment"))
                    .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build()).toList();
            List<HttpResponse<String>> answers = Fixtures.sendAtOnce(lastCommitments);
            Map<String, List<UUID>> byStatus = new HashMap<>();
            for (int i = 0; i < completing; i++) {
                HttpResponse<String> answer = answers.get(i);
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                String status = EventJson.MAPPER.readTree(answer.body()).get("status").asText();
                byStatus.computeIfAbsent(status, s -> new ArrayList<>()).add(teams.get(i).id());
            }

            assertThat(byStatus.keySet()).containsExactlyInAnyOrder("CONFIRMED", "WAITLISTED");
            assertThat(byStatus.get("CONFIRMED")).hasSize(places);
            assertThat(byStatus.get("WAITLISTED")).hasSize(completing - places);
            assertThat(rows.text("SELECT count(*) FROM team WHERE convening_id = '" + convening + "' AND status = 'CONFIRMED'"))
                    .isEqualTo(String.valueOf(capacity));
            assertThat(rows.text("SELECT string_agg(booth_number::text, ',' ORDER BY booth_number) FROM team WHERE convening_id = '" + convening + "'"))
                    .as("one booth per confirmed team, none twice").isEqualTo("1,2,3,4,5");

            Map<UUID, Integer> positions = new HashMap<>();
            for (UUID team : byStatus.get("WAITLISTED")) {
                positions.put(team, read(team).extract().path("waitlistPosition"));
            }
            assertThat(positions.values()).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, completing - places).boxed().toList());

            for (UUID team : byStatus.get("CONFIRMED")) {
                assertThat(probe.awaitType(EventTypes.TEAM_CONFIRMED_V1, team.toString()).data().get("status").asText()).isEqualTo("CONFIRMED");
            }
            for (UUID team : byStatus.get("WAITLISTED")) {
                JsonNode event = probe.awaitType(EventTypes.TEAM_WAITLISTED_V1, team.toString()).data();
                assertThat(event.get("waitlistPosition").asInt()).as("position announced for " + team).isEqualTo(positions.get(team));
            }
            List<String> ids = teams.stream().map(t -> t.id().toString()).toList();
            assertThat(probe.drain(Duration.ofMillis(300))).filteredOn(e -> ids.contains(e.key()))
                    .filteredOn(e -> EventTypes.TEAM_CONFIRMED_V1.equals(e.type()) || EventTypes.TEAM_WAITLISTED_V1.equals(e.type()))
                    .hasSize(completing);
        }
    }

    @Test
    void confirmedTeamsCancellingAtOnceHandTheirPlacesToTheWaitlistInOrder() throws Exception {
        UUID convening = Fixtures.openDenver(3);
        List<Fixtures.RegisteredTeam> confirmed = new ArrayList<>();
        List<Fixtures.RegisteredTeam> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            confirmed.add(Fixtures.completedDistrictTeam(convening));
        }
        for (int i = 0; i < 4; i++) {
            waiting.add(Fixtures.completedDistrictTeam(convening));
        }
        String token = TestTokens.agency();
        List<HttpResponse<String>> answers = Fixtures.sendAtOnce(confirmed.stream().map(team -> HttpRequest.newBuilder(
                URI.create(base + "api/v1/teams/" + team.id() + "/cancellation"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build()).toList());
        assertThat(answers).allSatisfy(a -> assertThat(a.statusCode()).as(a.body()).isEqualTo(200));

        for (int i = 0; i < 3; i++) {
            read(waiting.get(i).id()).body("status", equalTo("CONFIRMED")).body("waitlistPosition", nullValue());
        }
        read(waiting.get(3).id()).body("status", equalTo("WAITLISTED")).body("waitlistPosition", equalTo(1));
        assertThat(rows.text("SELECT count(*) FROM team WHERE convening_id = '" + convening + "' AND status = 'CONFIRMED'")).isEqualTo("3");
        assertThat(rows.text("SELECT string_agg(booth_number::text, ',' ORDER BY booth_number) FROM team WHERE convening_id = '" + convening + "'"))
                .as("the freed booths, each held once").isEqualTo("1,2,3");
        assertThat(rows.text("SELECT count(*) FROM lmc_outbox WHERE event_type = '" + EventTypes.TEAM_PROMOTED_V1
                + "' AND payload::jsonb ->> 'conveningId' = '" + convening + "'")).isEqualTo("3");
    }
}
