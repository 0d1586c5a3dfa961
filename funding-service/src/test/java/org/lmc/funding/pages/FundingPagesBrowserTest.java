package org.lmc.funding.pages;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lmc.contracts.registration.TeamConfirmed;
import org.lmc.contracts.registration.TeamMember;
import org.lmc.contracts.registration.TeamOrganisation;
import org.lmc.funding.rest.Fixtures;
import org.lmc.testing.Browser;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.SqlRows;
import org.lmc.testing.TestTokens;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The public funding record in a real browser (headless Chromium): a convening's totals as bar charts and a table, the
 * Baltimore team's "who paid for this trip" page with exact amounts and duty counts and no person in it, the 404
 * page, and an axe-core scan of every page. Money moves through the real API: claims, approvals, an invoice, payments.
 */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "funding"))
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FundingPagesBrowserTest {
    @RegisterExtension
    static final Browser BROWSER = Browser.headless();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    DataSource dataSource;
    @TestHTTPResource("/")
    URL base;
    @ConfigProperty(name = "lmc.pages.plans-url")
    String plansUrl;
    final UUID convening = UUID.randomUUID();
    TeamConfirmed baltimore;

    synchronized void payForBaltimoresTripAndTheEvent() {
        if (baltimore != null) {
            return;
        }
        Fixtures.ensureFunders();
        Fixtures.travelGrant(convening, Fixtures.FORD, 2_000_000, 150_000, 0, "\"capPerTravellerCents\": 250000");
        UUID event = Fixtures.eventGrant(convening, 5_000_000, "");
        String leaId = "24" + String.format("%05d", ThreadLocalRandom.current().nextInt(100_000));
        List<TeamMember> members = new ArrayList<>();
        String[] names = {"Sonja Santelises", "Diamonte Brown", "Linda Chinnia"};
        for (int i = 0; i < 3; i++) {
            members.add(new TeamMember(UUID.randomUUID(), names[i], "person" + i + "@d" + leaId + ".example.org", Fixtures.ROLES[i],
                    Instant.parse("2011-01-20T15:00:00Z")));
        }
        TeamConfirmed team = new TeamConfirmed(UUID.randomUUID(), convening, new TeamOrganisation("DISTRICT", leaId,
                "Baltimore City Public Schools", "MD"), members, 3, false, "CONFIRMED", Instant.parse("2011-01-21T09:00:00Z"));
        Fixtures.confirm(bootstrap, team);
        SqlRows rows = new SqlRows(dataSource) {
        };
        await().atMost(Duration.ofSeconds(30)).until(() -> rows.number("SELECT count(*) FROM entitlement WHERE team_id = '"
                + team.teamId() + "' AND status = 'RESERVED'") == 3);

        String lodging = claim(Fixtures.traveller(leaId, members.get(0).email()), team, 0, "LODGING", 38_900, "OFFICIAL_DUTY");
        String travel = claim(TestTokens.agency(), team, 1, "TRAVEL", 41_200, "PERSONAL_LEAVE");
        String meals = claim(TestTokens.agency(), team, 2, "MEALS", 6_450, "OFFICIAL_DUTY");
        for (String claim : List.of(lodging, travel, meals)) {
            given().auth().oauth2(Fixtures.funder(Fixtures.FORD)).post("/api/v1/claims/{c}/approval", claim).then().statusCode(200);
            pay("claimId", claim);
        }
        String invoice = given().auth().oauth2(Fixtures.admin()).contentType(ContentType.JSON)
                .body(Fixtures.invoice(event, "AUDIO_VISUAL", 125_000)).post("/api/v1/invoices").then().statusCode(201).extract().path("id");
        given().auth().oauth2(Fixtures.adminB()).post("/api/v1/invoices/{i}/approval", invoice).then().statusCode(200);
        pay("invoiceId", invoice);
        baltimore = team;
    }

    static String claim(String token, TeamConfirmed team, int member, String category, long cents, String duty) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Fixtures.claim(team, member, category, cents, duty))
                .post("/api/v1/claims").then().statusCode(201).extract().path("id");
    }

    static void pay(String field, String id) {
        given().auth().oauth2(Fixtures.admin()).contentType(ContentType.JSON).header("Idempotency-Key", "pay-" + id)
                .body("{\"" + field + "\": \"" + id + "\"}").post("/api/v1/payments").then().statusCode(201);
    }

    String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }

    static List<String> rows(WebDriver driver, String css) {
        return driver.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }

    @Test
    void aConveningShowsTotalsByFunderKindAndCategoryAsChartsAndATable() {
        payForBaltimoresTripAndTheEvent();
        WebDriver driver = BROWSER.open(url("/funding"));
        assertThat(driver.getTitle()).isEqualTo("Who paid for whom | Labor-Management Collaboration");
        BROWSER.assertAccessible();
        String label = "Convening " + convening.toString().substring(0, 8);
        BROWSER.clickToNavigate(driver.findElement(By.linkText(label)));
        assertThat(driver.getCurrentUrl()).isEqualTo(url("/funding/convenings/" + convening));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Who paid for " + label);

        WebElement byFunder = driver.findElement(By.cssSelector("svg#by-funder"));
        assertThat(byFunder.findElements(By.cssSelector("rect.bar"))).extracting(r -> r.getAttribute("data-value") + " " + r.getAttribute("width"))
                .containsExactly("86550 290.8", "125000 420.0");
        assertThat(byFunder.findElements(By.cssSelector("rect.bar title"))).extracting(t -> t.getAttribute("textContent"))
                .containsExactly("Ford Foundation, Foundation travel grant: $865.50", "US Department of Education, Federal event cost: $1,250.00");
        assertThat(driver.findElement(By.cssSelector("svg#by-category")).findElements(By.cssSelector("rect.bar title")))
                .extracting(t -> t.getAttribute("textContent"))
                .containsExactly("Lodging: $389.00", "Meals: $64.50", "Travel: $412.00", "Audio visual: $1,250.00");
        assertThat(rows(driver, "#totals tbody tr")).containsExactly(
                "Ford Foundation Foundation travel grant Lodging $389.00",
                "Ford Foundation Foundation travel grant Meals $64.50",
                "Ford Foundation Foundation travel grant Travel $412.00",
                "US Department of Education Federal event cost Audio visual $1,250.00");
        assertThat(rows(driver, "#totals tfoot tr")).containsExactly("Total $2,115.50");
        assertThat(rows(driver, "#teams tbody tr")).containsExactly("Baltimore City Public Schools MD $865.50");
        assertThat(driver.findElement(By.linkText("Action plans of this convening")).getAttribute("href"))
                .isEqualTo(plansUrl + "/plans?convening=" + convening);
        BROWSER.assertAccessible();
    }

    @Test
    void theTeamPageSaysWhoPaidForTheTripWithExactAmountsAndNoPerson() {
        payForBaltimoresTripAndTheEvent();
        WebDriver driver = BROWSER.open(url("/funding/convenings/" + convening));
        BROWSER.clickToNavigate(driver.findElement(By.linkText("Baltimore City Public Schools")));
        assertThat(driver.getCurrentUrl()).isEqualTo(url("/funding/teams/" + baltimore.teamId()));
        assertThat(driver.getTitle()).isEqualTo("Who paid for the trip of Baltimore City Public Schools | Labor-Management Collaboration");
        assertThat(driver.findElement(By.id("funded-travellers")).getText()).isEqualTo("3");
        assertThat(driver.findElement(By.id("official-duty")).getText()).isEqualTo("2");
        assertThat(driver.findElement(By.id("personal-leave")).getText()).isEqualTo("1");
        assertThat(rows(driver, "#paid tbody tr")).containsExactly(
                "Ford Foundation Foundation travel grant Lodging $389.00",
                "Ford Foundation Foundation travel grant Meals $64.50",
                "Ford Foundation Foundation travel grant Travel $412.00");
        assertThat(rows(driver, "#paid tfoot tr")).containsExactly("Total $865.50");
        assertThat(driver.findElement(By.cssSelector("svg#team-by-funder")).findElements(By.cssSelector("rect.bar")))
                .extracting(r -> r.getAttribute("data-value") + " " + r.getAttribute("width")).containsExactly("86550 420.0");
        String page = driver.getPageSource();
        for (TeamMember m : baltimore.members()) {
            assertThat(page).doesNotContain(m.name()).doesNotContain(m.email()).doesNotContain(m.memberId().toString());
        }
        assertThat(page).doesNotContain("Hyatt").doesNotContain("@").doesNotContain(Fixtures.sha(38_900));
        BROWSER.assertAccessible();
    }

    @Test
    void anUnknownTeamOrConveningIsTheNotFoundPage() {
        UUID unknown = UUID.randomUUID();
        WebDriver driver = BROWSER.open(url("/funding/teams/" + unknown));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Page not found");
        assertThat(driver.findElement(By.cssSelector(".detail")).getText()).isEqualTo("team " + unknown + " does not exist");
        BROWSER.assertAccessible();
        given().accept(ContentType.HTML).get("/funding/teams/{t}", unknown).then().statusCode(404).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'")).body(not(containsString("Exception")));
        given().accept(ContentType.HTML).get("/funding/convenings/{c}", unknown).then().statusCode(404)
                .body(containsString("convening funding " + unknown + " does not exist"));
        given().accept(ContentType.HTML).get("/funding/teams/not-a-team").then().statusCode(404);
        given().get("/api/v1/public/teams/{t}/funding", unknown).then().statusCode(404)
                .contentType(containsString("application/problem+json")).body("status", equalTo(404));
    }
}
