package org.lmc.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.lmc.testing.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The funder's audit desk in a real browser (headless Chromium) on the running stack with the real realm, after the
 * story has left Ford's Denver grant with paid claims: funder-ford signs in through Keycloak's login page, sees only
 * Ford's grants, approves a claim the agency submitted and sees the budget bar move by its amount, and is refused the
 * claim it submitted itself (given the agency role for that moment only, as staff of a co-sponsor would be); a post
 * without the form token changes nothing; the ledger filters and its CSV download; another funder's grant is not found;
 * signing out ends the session; the auditor reads the audit chain. Every page is scanned with axe-core, and each step
 * leaves a screenshot in target/screenshots.
 */
final class DeskExperiment {
    private static final String FORD = "funder-ford";

    private final StackConfig config;
    private final Http http = new Http();
    private final KeycloakAdmin keycloak;
    private final String funding;

    DeskExperiment(StackConfig config) {
        this.config = config;
        this.funding = config.serviceUrl(ServiceDef.FUNDING);
        this.keycloak = new KeycloakAdmin(config, http);
    }

    void run(String denverConveningId, String cincinnatiConveningId) throws Exception {
        KeycloakTokens tokens = new KeycloakTokens(config, http);
        JsonNode fordGrants = http.get(funding + "/api/v1/grants?convening=" + denverConveningId, tokens.user(FORD)).json();
        assertThat(fordGrants.size()).as("Ford's Denver grants: " + fordGrants).isEqualTo(1);
        String grant = fordGrants.get(0).path("id").asText();
        String gatesGrant = grantOf(cincinnatiConveningId, "gates-foundation", tokens.user("admin"));

        // Two claims of one funded traveller who has not claimed yet: one by the agency, one by funder-ford acting as staff.
        String[] traveller = unclaimedTraveller(grant, tokens.user(FORD));
        String byAgency = submitClaim(tokens.agency(), traveller, "TRAVEL", 31_200);
        String byFord = submitClaimAsStaff(tokens, traveller, "MEALS", 4_550);

        Browser browser = Browser.headless();
        try {
            WebDriver page = browser.open(funding + "/desk");
            SignedInBrowser.signIn(browser, config, FORD);
            assertThat(page.getCurrentUrl()).isEqualTo(funding + "/desk");
            assertThat(page.findElement(By.id("signed-in")).getText()).isEqualTo(FORD);
            List<String> shown = page.findElements(By.cssSelector("ul.grants p.meta")).stream().map(WebElement::getText).toList();
            assertThat(shown).isNotEmpty().allSatisfy(meta -> assertThat(meta).startsWith("Ford Foundation"));
            browser.assertAccessible();
            browser.screenshot("DeskExperiment.grants");

            browser.clickToNavigate(page.findElement(By.cssSelector("a[href='/desk/grants/" + grant + "']")));
            Map<String, Long> before = budget(page, grant);
            browser.assertAccessible();
            browser.screenshot("DeskExperiment.grant-before");

            // A post that carries the session but not the form token (what another site could make a browser send).
            HttpResponse<String> forged = SignedInBrowser.post(funding + "/desk/claims/" + byAgency + "/approval", SignedInBrowser.cookies(page), "");
            assertThat(forged.statusCode()).as(forged.body()).isEqualTo(400);
            assertThat(claimStatus(byAgency, tokens)).isEqualTo("SUBMITTED");

            browser.clickToNavigate(page.findElement(By.cssSelector("#claim-" + byAgency + " button[type=submit]")));
            assertThat(page.findElement(By.id("notice")).getText()).startsWith("The claim was approved");
            Map<String, Long> after = budget(page, grant);
            assertThat(after.get("payable")).isEqualTo(before.get("payable") + 31_200);
            assertThat(after.get("reserved") + after.get("available")).isEqualTo(before.get("reserved") + before.get("available") - 31_200);
            assertThat(after.get("paid")).isEqualTo(before.get("paid"));
            assertThat(page.findElements(By.id("claim-" + byAgency))).isEmpty();
            assertThat(claimStatus(byAgency, tokens)).isEqualTo("APPROVED");
            browser.assertAccessible();
            browser.screenshot("DeskExperiment.grant-after-approval");

            browser.clickToNavigate(page.findElement(By.cssSelector("#claim-" + byFord + " button[type=submit]")));
            assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("The claim was not approved");
            assertThat(page.findElement(By.id("refusal")).getText()).contains("whoever submitted it cannot approve or reject it");
            assertThat(claimStatus(byFord, tokens)).isEqualTo("SUBMITTED");
            browser.assertAccessible();
            browser.screenshot("DeskExperiment.maker-refused");

            // The ledger of one category, and the whole of it as CSV through the session.
            page.get(funding + "/desk/grants/" + grant);
            new Select(page.findElement(By.id("category"))).selectByValue("MEALS");
            browser.clickToNavigate(page.findElement(By.cssSelector("form.search button[type=submit]")));
            List<String> categories = page.findElements(By.cssSelector("#entries tbody tr td:nth-child(5)")).stream()
                    .map(WebElement::getText).collect(Collectors.toList());
            assertThat(categories).isNotEmpty().containsOnly("Meals");
            browser.assertAccessible();
            browser.screenshot("DeskExperiment.ledger-meals");
            HttpResponse<String> csv = SignedInBrowser.get(page.findElement(By.id("csv")).getAttribute("href"), SignedInBrowser.cookies(page));
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
            assertThat(csv.body()).startsWith("line_id,entry_id,recorded_at,kind,account,amount_cents").contains(byAgency);

            page.get(funding + "/desk/grants/" + gatesGrant);
            assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Page not found");

            page.get(funding + "/desk");
            browser.clickToNavigate(page.findElement(By.id("sign-out")));
            assertThat(page.getCurrentUrl()).startsWith(funding + "/funding");
            page.get(funding + "/desk");
            assertThat(page.getCurrentUrl()).startsWith(config.issuer() + "/protocol/openid-connect/auth");

            SignedInBrowser.signIn(browser, config, "auditor");
            page.get(funding + "/desk/audit");
            assertThat(page.findElement(By.id("verification")).getText()).startsWith("Intact");
            assertThat(page.findElements(By.cssSelector("#records tbody tr"))).hasSize(50);
            browser.assertAccessible();
            browser.screenshot("DeskExperiment.audit");
        } finally {
            browser.close();
        }
    }

    /** The budget bar's parts in cents, by part (available, reserved, payable, paid); together they are the budget. */
    private static Map<String, Long> budget(WebDriver page, String grant) {
        Map<String, Long> parts = new LinkedHashMap<>();
        for (WebElement part : page.findElements(By.cssSelector("#budget-" + grant + " rect.part"))) {
            parts.put(part.getAttribute("data-part"), Long.parseLong(part.getAttribute("data-value")));
        }
        assertThat(parts.keySet()).containsExactly("available", "reserved", "payable", "paid");
        return parts;
    }

    private String grantOf(String conveningId, String funderId, String admin) {
        for (JsonNode g : http.get(funding + "/api/v1/grants?convening=" + conveningId, admin).json()) {
            if (g.path("funderId").asText().equals(funderId)) {
                return g.path("id").asText();
            }
        }
        throw new AssertionError("no grant of " + funderId + " for convening " + conveningId);
    }

    /** A traveller (team id, member id) whose travel the grant reserved and who has claimed nothing on it yet. */
    private String[] unclaimedTraveller(String grant, String funder) {
        Map<String, String> reserved = new LinkedHashMap<>();
        Set<String> claimed = new HashSet<>();
        String after = null;
        do {
            JsonNode page = http.get(funding + "/api/v1/grants/" + grant + "/ledger?limit=500" + (after == null ? "" : "&after=" + after),
                    funder).json();
            for (JsonNode e : page.path("items")) {
                String member = e.path("trace").path("memberId").asText();
                switch (e.path("kind").asText()) {
                    case "ENTITLEMENT_RESERVED" -> reserved.put(member, e.path("trace").path("teamId").asText());
                    case "CLAIM_APPROVED", "ENTITLEMENT_RELEASED" -> claimed.add(member);
                    default -> { }
                }
            }
            after = page.path("next").isTextual() ? page.path("next").asText() : null;
        } while (after != null);
        return reserved.entrySet().stream().filter(e -> !claimed.contains(e.getKey())).findFirst()
                .map(e -> new String[] {e.getValue(), e.getKey()})
                .orElseThrow(() -> new AssertionError("every traveller of grant " + grant + " has claimed"));
    }

    private String submitClaim(String token, String[] traveller, String category, long cents) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("teamId", traveller[0]);
        body.put("memberId", traveller[1]);
        body.put("category", category);
        body.put("amountCents", cents);
        body.put("currency", "USD");
        body.put("dutyStatus", "OFFICIAL_DUTY");
        body.put("receipt", Map.of("issuer", "Denver desk check", "date", LocalDate.now(ZoneOffset.UTC).minusDays(1).toString(),
                "sha256", HexFormat.of().formatHex(sha256(traveller[1] + category))));
        Http.Response r = http.postJson(funding + "/api/v1/claims", token, body, Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(r.status()).as(r.brief()).isEqualTo(201);
        return r.json().path("id").asText();
    }

    /**
     * funder-ford submits a claim on the traveller's behalf with the agency role, given for that moment and taken back
     * before it signs in: the claim's maker is funder-ford's subject whatever its roles are later.
     */
    private String submitClaimAsStaff(KeycloakTokens tokens, String[] traveller, String category, long cents) throws Exception {
        String admin = keycloak.token();
        String users = keycloak.users();
        String userId = Http.JSON.readTree(keycloak.send("GET", users + "?exact=true&username=" + FORD, admin, null).body()).get(0).path("id").asText();
        String agencyRole = "[" + keycloak.send("GET", config.keycloakUrl() + "/admin/realms/" + StackConfig.REALM + "/roles/agency", admin, null).body()
                + "]";
        String mappings = users + "/" + userId + "/role-mappings/realm";
        assertThat(keycloak.send("POST", mappings, admin, agencyRole).statusCode()).isEqualTo(204);
        try {
            String asStaff = tokens.user(FORD);
            assertThat(Http.claims(asStaff).path("realm_access").path("roles").toString()).contains("agency", "funder");
            return submitClaim(asStaff, traveller, category, cents);
        } finally {
            assertThat(keycloak.send("DELETE", mappings, admin, agencyRole).statusCode()).isEqualTo(204);
        }
    }

    private String claimStatus(String claim, KeycloakTokens tokens) {
        return http.get(funding + "/api/v1/claims/" + claim, tokens.user("admin")).json().path("status").asText();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
