package org.lmc.plan.rest;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.lmc.contracts.EventJson;
import org.lmc.contracts.EventTypes;
import org.lmc.contracts.Topics;
import org.lmc.contracts.registration.TeamConfirmed;
import org.lmc.contracts.registration.TeamMember;
import org.lmc.contracts.registration.TeamOrganisation;
import org.lmc.testing.TestEvents;
import org.lmc.testing.TestTokens;

/** Teams as registration-service announces them, and plans driven through the API as the teams' officials would. */
public final class PlanFixtures {
    private static final AtomicInteger NEXT_DISTRICT = new AtomicInteger(20_000 + (int) (System.nanoTime() % 50_000));
    public static final UUID DENVER_2011 = UUID.fromString("0a6f1c2e-0000-4000-8000-000000002011");
    public static final Instant CONFIRMED_AT = Instant.parse("2011-01-20T15:00:00Z");

    private PlanFixtures() {
    }

    /** A confirmed district team of the three officials, with emails unique to the team. */
    public record Team(UUID teamId, UUID conveningId, TeamOrganisation organisation, List<TeamMember> members) {
        public TeamMember inRole(String role) {
            return members.stream().filter(m -> m.role().equals(role)).findFirst().orElseThrow();
        }

        public TeamConfirmed confirmed() {
            return new TeamConfirmed(teamId, conveningId, organisation, members, members.size(), false, "CONFIRMED", CONFIRMED_AT);
        }

        public String orgId() {
            return organisation.orgId();
        }
    }

    public static Team district(String name, String state) {
        String orgId = "08" + String.format("%05d", NEXT_DISTRICT.incrementAndGet() % 100_000);
        String domain = orgId + ".example.org";
        return new Team(UUID.randomUUID(), DENVER_2011, new TeamOrganisation("DISTRICT", orgId, name, state), List.of(
                new TeamMember(UUID.randomUUID(), "Superintendent of " + name, "superintendent@" + domain, "SUPERINTENDENT", CONFIRMED_AT),
                new TeamMember(UUID.randomUUID(), "Union leader of " + name, "union@" + domain, "UNION_LEADER", CONFIRMED_AT),
                new TeamMember(UUID.randomUUID(), "Board president of " + name, "board@" + domain, "BOARD_PRESIDENT", CONFIRMED_AT)));
    }

    /** Announces the team as confirmed and waits for its plan; returns the plan id. */
    public static UUID confirmedWithPlan(TestEvents events, Team team) {
        events.send(Topics.REGISTRATION_EVENTS, EventTypes.TEAM_CONFIRMED_V1, team.teamId().toString(), team.confirmed());
        return awaitPlan(team.teamId());
    }

    public static UUID awaitPlan(UUID teamId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> ids = given().auth().oauth2(TestTokens.admin()).queryParam("team", teamId).get("/api/v1/plans")
                    .then().statusCode(200).extract().path("items.id");
            if (!ids.isEmpty()) {
                return UUID.fromString(ids.get(0));
            }
            pause();
        }
        throw new AssertionError("no plan opened for team " + teamId + " within 30 s");
    }

    public static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The token of a team member signing in person: district role, the team's org_id, their verified email. */
    public static String signer(Team team, String role) {
        return token(team.orgId(), team.inRole(role).email(), "sub-" + team.inRole(role).memberId(), true);
    }

    public static String token(String orgId, String email, String subject, boolean emailVerified) {
        return Jwt.claims().issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE).subject(subject).preferredUserName(subject)
                .claim("realm_access", Map.of("roles", List.of("district"))).claim("org_id", orgId).claim("email", email)
                .claim("email_verified", emailVerified).jws().keyId("1").sign("privateKey.jwk");
    }

    public static String district(Team team) {
        return TestTokens.district(team.orgId());
    }

    /** A whole plan: one principle with a goal, a strategy and a tactic; one measure; milestones due on the given days. */
    public static String content(String title, int principle, String goal, LocalDate... milestonesDue) {
        StringBuilder milestones = new StringBuilder();
        for (int i = 0; i < milestonesDue.length; i++) {
            milestones.append(i == 0 ? "" : ",").append("""
                    {"title": "Milestone %d of %s", "dueDate": "%s", "ownerRole": "UNION_LEADER"}""".formatted(i + 1, title, milestonesDue[i]));
        }
        return """
                {"title": "%s", "summary": "Labor and management, together.",
                 "principles": [{"principle": %d, "goals": [{"title": "%s", "strategies": [
                    {"title": "Joint committee", "tactics": ["Meet monthly with the union and the board"]}]}]}],
                 "measures": [{"name": "Teachers in the new system", "unit": "percent", "baseline": 48, "target": 75,
                               "targetDate": "2031-06-30"}],
                 "milestones": [%s]}""".formatted(title, principle, goal, milestones);
    }

    /** The saved draft as JSON, ids and all, as a client reads it back to edit it. */
    public static String draftOf(String token, UUID planId) {
        String plan = given().auth().oauth2(token).get("/api/v1/plans/{p}", planId).then().statusCode(200).extract().asString();
        try {
            return EventJson.MAPPER.readTree(plan).get("draft").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Saves a draft with the plan's current ETag; returns the new ETag. */
    public static String saveDraft(String token, UUID planId, String content) {
        String etag = given().auth().oauth2(token).get("/api/v1/plans/{p}", planId).then().statusCode(200).extract().header("ETag");
        return given().auth().oauth2(token).contentType(ContentType.JSON).header("If-Match", etag).body(content)
                .put("/api/v1/plans/{p}/draft", planId).then().statusCode(200).extract().header("ETag");
    }

    public static int submit(String token, UUID planId) {
        return given().auth().oauth2(token).post("/api/v1/plans/{p}/versions", planId).then().statusCode(201).extract().path("number");
    }

    public static void sign(Team team, UUID planId, int version, String role) {
        given().auth().oauth2(signer(team, role)).post("/api/v1/plans/{p}/versions/{n}/signatures", planId, version)
                .then().statusCode(201);
    }

    /** Draft, version, both sides' signatures and publication: the plan is in the public database. Returns the version. */
    public static int publish(Team team, UUID planId, String content) {
        String token = district(team);
        saveDraft(token, planId, content);
        int version = submit(token, planId);
        sign(team, planId, version, "SUPERINTENDENT");
        sign(team, planId, version, "UNION_LEADER");
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"version\": " + version + "}")
                .post("/api/v1/plans/{p}/publication", planId).then().statusCode(200);
        return version;
    }
}
