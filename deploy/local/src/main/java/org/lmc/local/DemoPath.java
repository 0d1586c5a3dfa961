package org.lmc.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntSupplier;

/**
 * The first business path, through the REST API with real Keycloak tokens: an agency registers a district's
 * team for a convening, and the district is told (a notification for its organisation appears).
 */
public final class DemoPath {
    public static final String ORG_ID = "0803360";
    public static final String TEAM_REGISTERED = "org.lmc.registration.team-registered.v1";

    private final StackConfig config;
    private final Console console;
    private final IntSupplier receivedMails;
    private final Http http = new Http();
    private final KeycloakTokens tokens;

    /** What the demo saw; the end-to-end test asserts on it. */
    public record Result(
            String issuer,
            List<String> agencyRoles,
            List<String> agencyAudience,
            String conveningId,
            boolean conveningCreated,
            int unauthenticatedStatus,
            int teamHttpStatus,
            String teamId,
            String teamStatus,
            String districtOrgId,
            JsonNode notification,
            long notificationMillis,
            int mailsReceived) {
    }

    /** {@code receivedMails}: how many mails the stack's SMTP server holds (null: not known). */
    public DemoPath(StackConfig config, Console console, IntSupplier receivedMails) {
        this.config = config;
        this.console = console;
        this.receivedMails = receivedMails;
        this.tokens = new KeycloakTokens(config, http);
    }

    public Result run() {
        String registration = config.serviceUrl(ServiceDef.REGISTRATION);
        String notification = config.serviceUrl(ServiceDef.NOTIFICATION);
        console.line("");
        console.line("Demo: an agency registers Denver Public Schools' team; the district is told.");

        // 1. A real token for the agency's system: client credentials of lmc-agency.
        long t0 = System.nanoTime();
        String agencyToken = tokens.agency();
        JsonNode agency = Http.claims(agencyToken);
        List<String> roles = strings(agency.path("realm_access").path("roles"));
        List<String> audience = agency.path("aud").isArray() ? strings(agency.path("aud"))
                : List.of(agency.path("aud").asText());
        String issuer = agency.path("iss").asText();
        require(roles.contains("agency"), "the lmc-agency token has no realm role agency: " + roles);
        require(audience.contains("lmc-api"), "the lmc-agency token is not for audience lmc-api: " + audience);
        require(issuer.equals(config.issuer()), "token issuer " + issuer + ", expected " + config.issuer());
        console.step("1. token     " + KeycloakTokens.AGENCY_CLIENT + " (client credentials): user "
                + agency.path("preferred_username").asText() + ", roles " + business(roles) + ", aud " + audience
                + ", iss " + issuer + " (" + millis(t0) + " ms)");

        // 2. A convening to register for: created when the API has convenings, else a fresh id.
        String conveningId = UUID.randomUUID().toString();
        boolean created = false;
        String adminToken = tokens.user("admin");
        Http.Response c = http.postJson(registration + "/api/v1/convenings", adminToken, convening(),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        if ((c.status() == 201 || c.status() == 200) && c.json().hasNonNull("id")) {
            conveningId = c.json().get("id").asText();
            created = true;
            console.step("2. convening POST /api/v1/convenings (admin) -> " + c.status() + ", id " + conveningId);
        } else if (c.status() == 404 || c.status() == 405) {
            console.step("2. convening the API has no POST /api/v1/convenings yet (" + c.status()
                    + "); using convening id " + conveningId);
        } else {
            console.step("2. convening POST /api/v1/convenings (admin) -> " + c.status() + " " + c.brief()
                    + "; using convening id " + conveningId);
        }

        // 3. Without a token the API says 401.
        String teamsUrl = registration + "/api/v1/convenings/" + conveningId + "/teams";
        Map<String, Object> team = team();
        Http.Response anonymous = http.postJson(teamsUrl, null, team, Map.of());
        require(anonymous.status() == 401, "POST " + teamsUrl + " without a token answered " + anonymous.status()
                + ", expected 401: " + anonymous.brief());
        console.step("3. no token  POST .../teams without a token -> 401");

        // 4. The agency registers the team.
        long t1 = System.nanoTime();
        Http.Response registered = http.postJson(teamsUrl, agencyToken, team,
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        require(registered.status() == 201, "POST " + teamsUrl + " answered " + registered.status()
                + ", expected 201: " + registered.brief());
        String teamId = registered.json().path("id").asText(null);
        String teamStatus = registered.json().path("status").asText(null);
        require(teamId != null && !teamId.isBlank(), "the registered team has no id: " + registered.brief());
        require("REGISTERED".equals(teamStatus), "the team's status is " + teamStatus + ", expected REGISTERED");
        long registeredAt = System.nanoTime();
        console.step("4. team      POST /api/v1/convenings/" + conveningId + "/teams (agency) -> 201, id " + teamId
                + ", status " + teamStatus + " (" + millis(t1) + " ms)");

        // 5. The district's own token: password grant of lmc-web as district-a, org_id 0803360.
        String districtToken = tokens.user("district-a");
        JsonNode district = Http.claims(districtToken);
        String orgId = district.path("org_id").asText(null);
        require(ORG_ID.equals(orgId), "district-a's token has org_id " + orgId + ", expected " + ORG_ID);
        console.step("5. token     district-a (password grant of " + KeycloakTokens.WEB_CLIENT + "): roles "
                + business(strings(district.path("realm_access").path("roles"))) + ", org_id " + orgId);

        // 6. The notification for the district appears.
        String notificationsUrl = notification + "/api/v1/inbox?orgId=" + ORG_ID;
        String reader = districtToken;
        String readerName = "district-a";
        JsonNode found = null;
        long deadline = System.nanoTime() + 60_000_000_000L;
        Http.Response last = null;
        while (found == null && System.nanoTime() < deadline) {
            last = http.get(notificationsUrl, reader);
            if (last.status() == 403 && reader == districtToken) {
                console.step("   (district-a may not read " + notificationsUrl + ": 403; reading as the agency)");
                reader = agencyToken;
                readerName = "agency";
                continue;
            }
            require(last.status() == 200, "GET " + notificationsUrl + " answered " + last.status() + ": " + last.brief());
            JsonNode list = last.json().isArray() ? last.json() : last.json().path("items");
            for (JsonNode n : list) {
                if (teamId.equals(n.path("teamId").asText())) {
                    found = n;
                    break;
                }
            }
            if (found == null) {
                pause(200);
            }
        }
        if (found == null) {
            throw new DemoFailure("no notification for team " + teamId + " at " + notificationsUrl
                    + " within 60 s; last answer " + (last == null ? "none" : last.status() + " " + last.brief()));
        }
        long appearedMs = (System.nanoTime() - registeredAt) / 1_000_000;
        require(TEAM_REGISTERED.equals(found.path("eventType").asText()),
                "the notification's eventType is " + found.path("eventType").asText() + ", expected " + TEAM_REGISTERED);
        require(ORG_ID.equals(found.path("orgId").asText()), "the notification's orgId is " + found.path("orgId").asText());
        console.step("6. notified  GET /api/v1/inbox?orgId=" + ORG_ID + " (" + readerName + "): "
                + found.path("eventType").asText() + ", subject \"" + found.path("subject").asText()
                + "\", appeared " + appearedMs + " ms after the registration");

        // 7. Mail, where the notification-service sends it (informational).
        int mails = -1;
        if (receivedMails != null) {
            long until = System.nanoTime() + 3_000_000_000L;
            mails = receivedMails.getAsInt();
            while (mails == 0 && System.nanoTime() < until) {
                pause(200);
                mails = receivedMails.getAsInt();
            }
            console.step("7. mail      the SMTP server holds " + mails + " message(s)");
        }
        console.line("Demo passed.");
        return new Result(issuer, roles, audience, conveningId, created, anonymous.status(), registered.status(),
                teamId, teamStatus, orgId, found, appearedMs, mails);
    }

    /** The request body of the demo's convening: registration open now, the event in two months. */
    public static Map<String, Object> convening() {
        LocalDate startsOn = LocalDate.now(ZoneOffset.UTC).plusMonths(2);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("title", "Advancing Student Achievement Through Labor-Management Collaboration (demo)");
        c.put("city", "Denver");
        c.put("startsOn", startsOn.toString());
        c.put("endsOn", startsOn.plusDays(1).toString());
        c.put("capacityTeams", 150);
        c.put("registrationOpensAt", now.minus(1, ChronoUnit.HOURS).toString());
        c.put("registrationClosesAt", now.plus(30, ChronoUnit.DAYS).toString());
        c.put("teamKinds", List.of("DISTRICT"));
        c.put("requiredRoles", Map.of("DISTRICT", List.of("SUPERINTENDENT", "UNION_LEADER", "BOARD_PRESIDENT")));
        c.put("optionalRoles", List.of("TEACHER", "PRINCIPAL"));
        c.put("maxTeamSize", 5);
        c.put("maxPresentingTeamSize", 5);
        return c;
    }

    /** The request body of the demo's team registration. */
    public static Map<String, Object> team() {
        return districtTeam(ORG_ID, "Denver Public Schools", "CO", List.of(
                member("Maria Alvarez", "maria.alvarez@dps.example.org", "SUPERINTENDENT"),
                member("James Carter", "james.carter@dcta.example.org", "UNION_LEADER"),
                member("Linda Nguyen", "linda.nguyen@dps.example.org", "BOARD_PRESIDENT")));
    }

    /** The request body registering district {@code leaId}'s team. */
    static Map<String, Object> districtTeam(String leaId, String name, String state, List<Map<String, Object>> members) {
        Map<String, Object> organisation = new LinkedHashMap<>();
        organisation.put("kind", "DISTRICT");
        organisation.put("ncesLeaId", leaId);
        organisation.put("name", name);
        organisation.put("state", state);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("organisation", organisation);
        body.put("members", members);
        return body;
    }

    static Map<String, Object> member(String name, String email, String role) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("email", email);
        m.put("role", role);
        return m;
    }

    /** The platform's roles, without Keycloak's defaults. */
    private static List<String> business(List<String> roles) {
        return roles.stream().filter(r -> List.of("admin", "agency", "district", "funder", "auditor").contains(r)).toList();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asText()));
        return values;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new DemoFailure(message);
        }
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailure("interrupted");
        }
    }
}
