package org.lmc.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.lmc.testing.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The district portal in a real browser (headless Chromium) on the running stack with the real realm. District A's
 * team registers for a convening of its own and two of its members commit through the API. The superintendent signs in
 * through Keycloak's login page with their own account (their verified email), finds the team waiting for them and
 * commits to attend, which confirms it (a post without the form token commits nothing; district B's team is not
 * found). plan-service opens the plan from the event; district A submits version 1 through the API; the superintendent
 * follows the portal's navigation to the plans and signs; district B's plan is not found; the union leader signs in and
 * signs, which endorses the version; the team's travel money shows on funding's page; the inbox shows the unread count
 * the API gives, and marking a notification read takes it off. Every page is scanned with axe-core and leaves a
 * screenshot in target/screenshots.
 */
final class PortalExperiment {
    private final StackConfig config;
    private final Http http = new Http();
    private final DemoActors actors;
    private final String registration;
    private final String plan;

    PortalExperiment(StackConfig config) {
        this.config = config;
        this.actors = new DemoActors(config, http);
        this.registration = config.serviceUrl(ServiceDef.REGISTRATION);
        this.plan = config.serviceUrl(ServiceDef.PLAN);
    }

    void run(String storyConveningId) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String districtA = actors.user("district-a");
        String agency = actors.agency();
        Map<String, String> emails = new LinkedHashMap<>();
        emails.put("SUPERINTENDENT", "superintendent." + run + "@dps.example.org");
        emails.put("UNION_LEADER", "union-leader." + run + "@dcta.example.org");
        emails.put("BOARD_PRESIDENT", "board-president." + run + "@dps.example.org");

        // District A's team, confirmed for a convening of its own; its plan opened from the event, version 1 submitted.
        Http.Response convening = http.postJson(registration + "/api/v1/convenings", actors.user("admin"), DemoPath.convening(),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(convening.status()).as(convening.brief()).isEqualTo(201);
        Http.Response team = http.postJson(registration + "/api/v1/convenings/" + convening.json().path("id").asText() + "/teams",
                districtA, DemoPath.districtTeam(DemoPath.ORG_ID, "Denver Public Schools", "CO", List.of(
                        DemoPath.member("Portal Superintendent " + run, emails.get("SUPERINTENDENT"), "SUPERINTENDENT"),
                        DemoPath.member("Portal Union Leader " + run, emails.get("UNION_LEADER"), "UNION_LEADER"),
                        DemoPath.member("Portal Board President " + run, emails.get("BOARD_PRESIDENT"), "BOARD_PRESIDENT"))),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(team.status()).as(team.brief()).isEqualTo(201);
        String teamId = team.json().path("id").asText();
        String teamUrl = registration + "/api/v1/teams/" + teamId;
        String superintendentSeat = null;
        for (JsonNode m : team.json().path("members")) {
            if (m.path("role").asText().equals("SUPERINTENDENT")) {
                superintendentSeat = m.path("id").asText();
                continue; // commits in person, in the portal
            }
            Http.Response committed = http.postJson(teamUrl + "/members/" + m.path("id").asText() + "/commitment", agency, Map.of(), Map.of());
            assertThat(committed.status()).as(committed.brief()).isEqualTo(200);
        }
        assertThat(http.get(teamUrl, districtA).json().path("status").asText()).isEqualTo("REGISTERED");
        String otherDistrictsPlan = planOf("2400090");
        String otherDistrictsTeam = teamOf(storyConveningId, actors.user("district-b"));

        // The officials' own accounts: district role, their organisation, their email verified.
        String superintendent = "portal-superintendent-" + run;
        String unionLeader = "portal-union-leader-" + run;
        actors.member(superintendent, emails.get("SUPERINTENDENT"), "Portal Superintendent " + run, DemoPath.ORG_ID);
        actors.member(unionLeader, emails.get("UNION_LEADER"), "Portal Union Leader " + run, DemoPath.ORG_ID);

        Browser browser = Browser.headless();
        try {
            // The superintendent signs in to the portal's teams, finds the team waiting for them and commits to attend.
            WebDriver page = browser.open(registration + "/portal/teams");
            SignedInBrowser.signIn(browser, config, superintendent);
            assertThat(page.getCurrentUrl()).isEqualTo(registration + "/portal/teams");
            assertThat(page.findElement(By.id("signed-in")).getText()).isEqualTo(superintendent);
            WebElement teamLink = page.findElement(By.cssSelector("#teams a[href='/portal/teams/" + teamId + "']"));
            assertThat(teamLink.findElement(By.xpath("../..")).findElement(By.className("meta")).getText())
                    .contains("Registered").contains("2 of 3 members committed");
            browser.assertAccessible();
            browser.screenshot("PortalExperiment.teams");

            browser.clickToNavigate(teamLink);
            assertThat(page.findElement(By.id("team-status")).getText()).isEqualTo("Registered");
            assertThat(page.findElements(By.cssSelector("#member-table button[type=submit]"))).as("one Commit button, the signed-in member's")
                    .hasSize(1);
            WebElement commit = page.findElement(By.cssSelector("#member-" + superintendentSeat + " button[type=submit]"));
            assertThat(commit.getText()).isEqualTo("Commit to attend");
            browser.assertAccessible();
            browser.screenshot("PortalExperiment.team-before");
            HttpResponse<String> forgedCommitment = SignedInBrowser.post(registration + "/portal/teams/" + teamId + "/members/"
                    + superintendentSeat + "/commitment", SignedInBrowser.cookies(page), "");
            assertThat(forgedCommitment.statusCode()).as(forgedCommitment.body()).isEqualTo(400);
            assertThat(http.get(teamUrl, districtA).json().path("status").asText()).as("a post without the form token commits nothing")
                    .isEqualTo("REGISTERED");
            browser.clickToNavigate(commit);
            assertThat(page.findElement(By.id("notice")).getText()).startsWith("Your commitment was recorded: every required member");
            assertThat(page.findElement(By.id("team-status")).getText()).startsWith("Confirmed, booth ");
            assertThat(page.findElement(By.cssSelector("#member-" + superintendentSeat + " .committed")).getText()).isNotEqualTo("Not yet");
            assertThat(page.findElements(By.cssSelector("#member-table button[type=submit]"))).isEmpty();
            JsonNode confirmed = http.get(teamUrl, districtA).json();
            assertThat(confirmed.path("status").asText()).isEqualTo("CONFIRMED");
            assertThat(page.findElement(By.id("team-status")).getText()).isEqualTo("Confirmed, booth " + confirmed.path("boothNumber").asInt());
            browser.assertAccessible();
            browser.screenshot("PortalExperiment.team-committed");
            page.get(registration + "/portal/teams/" + otherDistrictsTeam);
            assertThat(page.findElement(By.tagName("h1")).getText()).as("district B's team").isEqualTo("Page not found");

            // plan-service opens the team's plan from the event; district A writes and submits version 1 through the API.
            String planId = awaitPlan(teamId, districtA);
            String planUrl = plan + "/api/v1/plans/" + planId;
            long revision = http.get(planUrl, districtA).json().path("draftRevision").asLong();
            Http.Response saved = http.putJson(planUrl + "/draft", districtA, draft(run), Map.of("If-Match", "\"" + revision + "\""));
            assertThat(saved.status()).as(saved.brief()).isEqualTo(200);
            Http.Response submitted = http.postJson(planUrl + "/versions", districtA, Map.of(),
                    Map.of("Idempotency-Key", UUID.randomUUID().toString()));
            assertThat(submitted.status()).as(submitted.brief()).isEqualTo(201);

            // To the plans through the portal's navigation: plan-service signs the browser in through Keycloak's session.
            page.get(registration + "/portal/teams");
            browser.clickToNavigate(page.findElement(By.id("portal-plans")));
            assertThat(page.getCurrentUrl()).isEqualTo(plan + "/portal");
            assertThat(page.findElement(By.id("signed-in")).getText()).isEqualTo(superintendent);
            assertThat(page.findElements(By.cssSelector("#plans a[href='/portal/plans/" + planId + "']"))).hasSize(1);
            browser.assertAccessible();
            browser.screenshot("PortalExperiment.plans");

            browser.clickToNavigate(page.findElement(By.cssSelector("#plans a[href='/portal/plans/" + planId + "']")));
            assertThat(page.findElement(By.cssSelector("#version-1 .state")).getText()).isEqualTo("Awaiting superintendent and union leader");
            WebElement sign = page.findElement(By.cssSelector("#version-1 button[type=submit]"));
            assertThat(sign.getText()).isEqualTo("Sign as superintendent");
            browser.assertAccessible();
            browser.screenshot("PortalExperiment.plan-before");

            // A post that carries the session but not the form token (what another site could make a browser send).
            HttpResponse<String> forged = SignedInBrowser.post(plan + "/portal/plans/" + planId + "/versions/1/signatures",
                    SignedInBrowser.cookies(page), "");
            assertThat(forged.statusCode()).as(forged.body()).isEqualTo(400);
            assertThat(signatures(planUrl, districtA)).isEmpty();

            browser.clickToNavigate(sign);
            assertThat(page.findElement(By.id("notice")).getText()).isEqualTo("Your signature was recorded.");
            assertThat(page.findElement(By.cssSelector("#version-1 .state")).getText()).isEqualTo("Awaiting union leader");
            assertThat(page.findElement(By.cssSelector("#version-1 .signatures")).getText()).contains("Portal Superintendent " + run);
            assertThat(page.findElements(By.cssSelector("#version-1 button[type=submit]"))).isEmpty();
            assertThat(signatures(planUrl, districtA)).containsExactly("SUPERINTENDENT");
            browser.assertAccessible();
            browser.screenshot("PortalExperiment.plan-signed");

            // District B's plan, asked for by its address: not found, nothing about it shown.
            page.get(plan + "/portal/plans/" + otherDistrictsPlan);
            assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Page not found");
            browser.screenshot("PortalExperiment.other-district");

            page.get(plan + "/portal");
            browser.clickToNavigate(page.findElement(By.id("sign-out")));
            assertThat(page.getCurrentUrl()).startsWith(plan + "/plans");
            page.get(plan + "/portal/plans/" + planId);
            SignedInBrowser.signIn(browser, config, unionLeader);
            assertThat(page.getCurrentUrl()).isEqualTo(plan + "/portal/plans/" + planId);
            browser.clickToNavigate(page.findElement(By.cssSelector("#version-1 button[type=submit]")));
            assertThat(page.findElement(By.id("notice")).getText()).startsWith("Your signature was recorded: both management and labor");
            assertThat(page.findElement(By.cssSelector("#version-1 .state")).getText()).startsWith("Endorsed");
            assertThat(signatures(planUrl, districtA)).containsExactly("SUPERINTENDENT", "UNION_LEADER");
            assertThat(http.get(planUrl + "/versions/1", districtA).json().path("endorsedAt").isTextual()).isTrue();
            browser.assertAccessible();
            browser.screenshot("PortalExperiment.plan-endorsed");

            // The team's travel money on funding-service's portal page: signed in there through Keycloak's session, no form.
            browser.clickToNavigate(page.findElement(By.id("funding")));
            assertThat(page.getCurrentUrl()).isEqualTo(config.serviceUrl(ServiceDef.FUNDING) + "/portal/teams/" + teamId);
            assertThat(page.findElement(By.id("signed-in")).getText()).isEqualTo(unionLeader);
            // No travel grant for this convening: each of the three travellers waits, unfunded.
            assertThat(page.findElements(By.cssSelector("#traveller-table tbody tr td:nth-child(3)")).stream().map(WebElement::getText))
                    .as("no grant for this convening").containsExactly("Unfunded", "Unfunded", "Unfunded");
            browser.assertAccessible();
            // The story's Denver team of the same district: its travellers' reservations and claims, with their status.
            String storyTeam = teamOf(storyConveningId, districtA);
            page.get(config.serviceUrl(ServiceDef.FUNDING) + "/portal/teams/" + storyTeam);
            assertThat(page.findElements(By.cssSelector("#traveller-table tbody tr"))).as("Denver's travellers").hasSizeGreaterThanOrEqualTo(3);
            List<String> claimStatuses = page.findElements(By.cssSelector("#claim-table td.status")).stream()
                    .map(cell -> cell.getText().toUpperCase(Locale.ROOT).replace(' ', '_')).toList();
            assertThat(claimStatuses).as("statuses of the claims the story made").isEqualTo(claimStatusesByApi(storyTeam, districtA));
            browser.assertAccessible();
            browser.screenshot("PortalExperiment.team-funding");
            page.get(config.serviceUrl(ServiceDef.FUNDING) + "/portal/teams/" + otherDistrictsTeam);
            assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Page not found");

            // The district's inbox: the unread count the API gives; marking one read takes it off the count.
            String notification = config.serviceUrl(ServiceDef.NOTIFICATION);
            long unread = settledUnreadCount(notification, districtA);
            page.get(notification + "/portal/inbox");
            assertThat(page.findElement(By.id("signed-in")).getText()).isEqualTo(unionLeader);
            assertThat(Long.parseLong(page.findElement(By.id("unread-count")).getText())).isEqualTo(unread);
            assertThat(unread).as("the story and this team told district A something").isPositive();
            browser.assertAccessible();
            browser.screenshot("PortalExperiment.inbox");
            WebElement first = page.findElements(By.cssSelector("#notifications li.unread")).get(0);
            String readId = first.getAttribute("id").substring("n-".length());
            browser.clickToNavigate(first.findElement(By.cssSelector("button[type=submit]")));
            assertThat(page.findElement(By.id("notice")).getText()).isEqualTo("Marked as read.");
            assertThat(Long.parseLong(page.findElement(By.id("unread-count")).getText())).isEqualTo(unread - 1);
            assertThat(http.get(notification + "/api/v1/inbox/unread-count", districtA).json().path("unread").asLong()).isEqualTo(unread - 1);
            assertThat(page.findElements(By.cssSelector("#n-" + readId + ".read"))).as("shown as read").hasSize(1);
            browser.clickToNavigate(page.findElement(By.id("show-unread")));
            assertThat(page.findElements(By.cssSelector("#notifications li.read"))).as("unread only").isEmpty();
            assertThat(page.findElements(By.id("n-" + readId))).isEmpty();
            browser.assertAccessible();
            browser.screenshot("PortalExperiment.inbox-unread");
            browser.clickToNavigate(page.findElement(By.id("sign-out")));
            // Keycloak sends the browser back with the logout's state parameter.
            assertThat(page.getCurrentUrl()).startsWith(notification + "/signed-out");
            assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("You are signed out");
            browser.assertAccessible();
            page.get(notification + "/portal/inbox");
            assertThat(page.getCurrentUrl()).as("signed out at Keycloak too: the inbox asks to sign in again")
                    .contains("/protocol/openid-connect/auth");
        } finally {
            browser.close();
        }
    }

    /** The organisation's unread count once it has stopped moving (the last events of the story may still be arriving). */
    private long settledUnreadCount(String notification, String token) throws InterruptedException {
        long previous = -1;
        for (int i = 0; i < 60; i++) {
            long now = http.get(notification + "/api/v1/inbox/unread-count", token).json().path("unread").asLong();
            if (now == previous) {
                return now;
            }
            previous = now;
            Thread.sleep(1000);
        }
        throw new AssertionError("district A's unread count kept changing for a minute");
    }

    private String awaitPlan(String teamId, String token) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode items = http.get(plan + "/api/v1/plans?team=" + teamId, token).json().path("items");
            if (items.size() > 0) {
                return items.get(0).path("id").asText();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("plan-service opened no plan for team " + teamId + " within 30 s");
    }

    /** The team of the token's district in the convening, from its plan (district users read their own plans only). */
    private String teamOf(String conveningId, String token) {
        JsonNode items = http.get(plan + "/api/v1/plans?convening=" + conveningId, token).json().path("items");
        assertThat(items.size()).as("the district's plans in convening " + conveningId).isEqualTo(1);
        return items.get(0).path("teamId").asText();
    }

    /** The team's claims' statuses as the API gives them, in its order. */
    private List<String> claimStatusesByApi(String teamId, String token) {
        JsonNode items = http.get(config.serviceUrl(ServiceDef.FUNDING) + "/api/v1/claims?team=" + teamId + "&limit=200", token).json()
                .path("items");
        return StreamSupport.stream(items.spliterator(), false)
                .map(c -> c.path("status").asText()).toList();
    }

    /** A plan of another organisation, found by the admin. */
    private String planOf(String orgId) {
        for (JsonNode p : http.get(plan + "/api/v1/plans?limit=200", actors.user("admin")).json().path("items")) {
            if (p.path("organisation").path("orgId").asText().equals(orgId)) {
                return p.path("id").asText();
            }
        }
        throw new AssertionError("no plan of organisation " + orgId + " on the stack");
    }

    private List<String> signatures(String planUrl, String token) {
        JsonNode version = http.get(planUrl + "/versions/1", token).json();
        return StreamSupport.stream(version.path("signatures").spliterator(), false).map(s -> s.path("role").asText())
                .toList();
    }

    private static Map<String, Object> draft(String run) {
        return Map.of("title", "Denver's portal plan " + run, "summary", "Signed in the district portal.",
                "principles", List.of(Map.of("principle", 2, "goals", List.of(Map.of("title", "Decide together, in the open",
                        "strategies", List.of(Map.of("title", "A joint steering committee", "tactics", List.of("Meets monthly"))))))),
                "measures", List.of(), "milestones", List.of());
    }
}
