package org.lmc.registration.rest;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.lmc.testing.TestTokens;

/** Convenings and teams the REST tests build on, created through the API as an admin or agency would. */
final class Fixtures {
    /** An organisation no fixture team belongs to: Baltimore City Public Schools. */
    static final String BALTIMORE = "2400090";
    private static final AtomicInteger NEXT_DISTRICT = new AtomicInteger(10_000);

    private Fixtures() {
    }

    /**
     * Denver 2011 as it was: district teams of the three required officials, five when presenting; a presenting
     * team's extra members come in optional roles, for which an ordinary team of three has no room.
     */
    static String denver2011(int capacityTeams, Instant opensAt, Instant closesAt) {
        return denverRules(capacityTeams, opensAt, closesAt, LocalDate.of(2011, 2, 15), LocalDate.of(2011, 2, 16));
    }

    /** Denver 2011's rules on other dates. */
    static String denverRules(int capacityTeams, Instant opensAt, Instant closesAt, LocalDate startsOn, LocalDate endsOn) {
        return """
                {"title": "Advancing Student Achievement Through Labor-Management Collaboration", "city": "Denver",
                 "startsOn": "%s", "endsOn": "%s", "capacityTeams": %d,
                 "registrationOpensAt": "%s", "registrationClosesAt": "%s",
                 "teamKinds": ["DISTRICT"],
                 "requiredRoles": {"DISTRICT": ["SUPERINTENDENT", "UNION_LEADER", "BOARD_PRESIDENT"]},
                 "optionalRoles": ["TEACHER", "PRINCIPAL"], "maxTeamSize": 3, "maxPresentingTeamSize": 5}""".formatted(startsOn, endsOn, capacityTeams, opensAt, closesAt);
    }

    /** Cincinnati 2012's rules: district and state teams, principals and teachers welcome. */
    static String cincinnati2012(int capacityTeams, Instant opensAt, Instant closesAt) {
        return """
                {"title": "Collaborating to Transform the Teaching Profession", "city": "Cincinnati",
                 "startsOn": "2012-05-23", "endsOn": "2012-05-24", "capacityTeams": %d,
                 "registrationOpensAt": "%s", "registrationClosesAt": "%s",
                 "teamKinds": ["DISTRICT", "STATE"],
                 "requiredRoles": {"DISTRICT": ["SUPERINTENDENT", "UNION_LEADER", "BOARD_PRESIDENT"],
                                   "STATE": ["CHIEF_STATE_SCHOOL_OFFICER", "UNION_LEADER", "BOARD_PRESIDENT"]},
                 "optionalRoles": ["TEACHER", "PRINCIPAL"], "maxTeamSize": 5, "maxPresentingTeamSize": 6}""".formatted(
                capacityTeams, opensAt, closesAt);
    }

    static UUID createConvening(String body) {
        String id = given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(body)
                .post("/api/v1/convenings").then().statusCode(201).extract().path("id");
        return UUID.fromString(id);
    }

    /** A Denver-shaped convening two months ahead, whose registration is open now. */
    static UUID openDenver(int capacityTeams) {
        Instant now = Instant.now();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return createConvening(denverRules(capacityTeams, now.minus(1, ChronoUnit.DAYS), now.plus(30, ChronoUnit.DAYS),
                today.plusDays(60), today.plusDays(61)));
    }

    /** A Denver-shaped convening taking place today, whose registration is still open (late registrations). */
    static UUID denverInProgress(int capacityTeams) {
        Instant now = Instant.now();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return createConvening(denverRules(capacityTeams, now.minus(1, ChronoUnit.DAYS), now.plus(1, ChronoUnit.HOURS), today, today.plusDays(1)));
    }

    /** A Cincinnati-shaped convening whose registration is open now. */
    static UUID openCincinnati(int capacityTeams) {
        Instant now = Instant.now();
        return createConvening(cincinnati2012(capacityTeams, now.minus(1, ChronoUnit.DAYS), now.plus(30, ChronoUnit.DAYS)));
    }

    /** A fresh Colorado NCES LEA id, so tests never collide on one organisation. */
    static String nextColoradoDistrict() {
        return "08" + NEXT_DISTRICT.incrementAndGet();
    }

    /** A registered team of the three required officials, their emails made unique by the district id. */
    record RegisteredTeam(UUID id, String orgId, Map<String, UUID> memberByRole, Map<String, String> emailByRole) {
        UUID member(String role) {
            return memberByRole.get(role);
        }

        String email(String role) {
            return emailByRole.get(role);
        }
    }

    static RegisteredTeam registerDistrictTeam(UUID convening, String leaId) {
        String body = """
                {"organisation": {"kind": "DISTRICT", "ncesLeaId": "%1$s", "name": "District %1$s", "state": "CO"},
                 "members": [
                   {"name": "Superintendent %1$s", "email": "superintendent@d%1$s.example.org", "role": "SUPERINTENDENT"},
                   {"name": "Union Leader %1$s", "email": "union@d%1$s.example.org", "role": "UNION_LEADER"},
                   {"name": "Board President %1$s", "email": "board@d%1$s.example.org", "role": "BOARD_PRESIDENT"}
                 ]}""".formatted(leaId);
        JsonPath team = given().auth().oauth2(TestTokens.agency()).contentType(ContentType.JSON).body(body)
                .post("/api/v1/convenings/{c}/teams", convening).then().statusCode(201).extract().jsonPath();
        Map<String, UUID> members = new LinkedHashMap<>();
        Map<String, String> emails = new LinkedHashMap<>();
        List<Map<String, Object>> list = team.getList("members");
        for (Map<String, Object> m : list) {
            members.put((String) m.get("role"), UUID.fromString((String) m.get("id")));
            emails.put((String) m.get("role"), (String) m.get("email"));
        }
        return new RegisteredTeam(UUID.fromString(team.getString("id")), leaId, members, emails);
    }

    /** A district team whose three required officials have committed (staff recorded it): confirmed, or waitlisted when full. */
    static RegisteredTeam completedDistrictTeam(UUID convening) {
        RegisteredTeam team = registerDistrictTeam(convening, nextColoradoDistrict());
        for (String role : List.of("SUPERINTENDENT", "UNION_LEADER", "BOARD_PRESIDENT")) {
            commitAsStaff(team.id(), team.member(role));
        }
        return team;
    }

    /** Sends every request at the same moment, each from its own thread; the answers in request order. */
    static List<HttpResponse<String>> sendAtOnce(List<HttpRequest> requests) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(requests.size());
        try {
            HttpClient http = HttpClient.newHttpClient();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (HttpRequest request : requests) {
                answers.add(callers.submit(() -> {
                    start.await();
                    return http.send(request, HttpResponse.BodyHandlers.ofString());
                }));
            }
            start.countDown();
            List<HttpResponse<String>> result = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : answers) {
                result.add(answer.get(60, TimeUnit.SECONDS));
            }
            return result;
        } finally {
            callers.shutdown();
        }
    }

    /** Staff records a member's commitment; returns the team as the API answers. */
    static JsonPath commitAsStaff(UUID team, UUID member) {
        return given().auth().oauth2(TestTokens.agency()).post("/api/v1/teams/{t}/members/{m}/commitment", team, member)
                .then().statusCode(200).extract().jsonPath();
    }
}
