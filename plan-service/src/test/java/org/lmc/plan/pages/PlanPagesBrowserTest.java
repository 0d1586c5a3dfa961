package org.lmc.plan.pages;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URL;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lmc.plan.rest.PlanFixtures;
import org.lmc.testing.Browser;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.TestEvents;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The public plan directory in a real browser (headless Chromium): search a plan and open it, its chart's points, the
 * signers and the milestone timeline, cursor paging, filters, escaping, the 404 page, the keyboard's path through the
 * search form, the security headers, and an axe-core scan of every page. Plans are published through the real API.
 */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "plan"))
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlanPagesBrowserTest {
    @RegisterExtension
    static final Browser BROWSER = Browser.headless();
    static final DateTimeFormatter US = DateTimeFormatter.ofPattern("MMM d, yyyy", Locale.US);

    final String unique = "pages" + Long.toString(System.nanoTime(), 36).replaceAll("[0-9]", "");
    final LocalDate today = LocalDate.now(ZoneOffset.UTC);
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @TestHTTPResource("/")
    URL base;
    @ConfigProperty(name = "lmc.pages.funding-url")
    String fundingUrl;
    PlanFixtures.Team denver;
    PlanFixtures.Team greenDot;
    PlanFixtures.Team tricky;
    UUID denverPlan;
    UUID greenDotPlan;
    UUID trickyPlan;

    synchronized void publishThreePlans() {
        if (denverPlan != null) {
            return;
        }
        denver = PlanFixtures.district("Denver Public Schools", "CO");
        greenDot = PlanFixtures.district("Green Dot Public Schools", "CA");
        tricky = PlanFixtures.district("Baltimore City Public Schools", "MD");
        try (TestEvents events = TestEvents.connect(bootstrap)) {
            denverPlan = PlanFixtures.confirmedWithPlan(events, denver);
            greenDotPlan = PlanFixtures.confirmedWithPlan(events, greenDot);
            trickyPlan = PlanFixtures.confirmedWithPlan(events, tricky);
        }
        PlanFixtures.publish(denver, denverPlan, PlanFixtures.content("ProComp " + unique, 9, "Pay teachers for learning gains",
                today.minusDays(30), today.plusDays(40), LocalDate.of(2031, 1, 15)));
        PlanFixtures.publish(greenDot, greenDotPlan, PlanFixtures.content("Workday " + unique, 4,
                "Define the teacher workday by responsibilities", LocalDate.of(2031, 2, 1)));
        PlanFixtures.publish(tricky, trickyPlan, PlanFixtures.content("<script>alert(1)</script> " + unique, 5,
                "Evaluate <b>fairly</b>", LocalDate.of(2031, 3, 1)));
        // Progress on Denver's plan: two values of its measure, its second milestone done.
        String token = PlanFixtures.district(denver);
        var page = given().get("/api/v1/public/plans/{p}", denverPlan).then().statusCode(200).extract();
        String measure = page.path("measures[0].id");
        String milestone = page.path("milestones[1].id");
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"value\": 52, \"observedOn\": \"" + today.minusDays(10) + "\"}")
                .post("/api/v1/plans/{p}/measures/{m}/values", denverPlan, measure).then().statusCode(201);
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"value\": 74.5, \"observedOn\": \"" + today + "\"}")
                .post("/api/v1/plans/{p}/measures/{m}/values", denverPlan, measure).then().statusCode(201);
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"completedOn\": \"" + today + "\"}")
                .post("/api/v1/plans/{p}/milestones/{m}/completion", denverPlan, milestone).then().statusCode(200);
    }

    String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }

    List<String> resultTitles(WebDriver driver) {
        return driver.findElements(By.cssSelector("ol.results h3 a")).stream().map(WebElement::getText).toList();
    }

    @Test
    void searchAPlanOpenItAndSeeItsChartSignersAndMilestones() {
        publishThreePlans();
        WebDriver driver = BROWSER.open(url("/plans"));
        assertThat(driver.getTitle()).isEqualTo("Published action plans | Labor-Management Collaboration");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Published action plans");
        BROWSER.assertAccessible();

        driver.findElement(By.id("q")).sendKeys("ProComp " + unique);
        BROWSER.clickToNavigate(driver.findElement(By.cssSelector("form.search button")));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Action plans matching your search");
        assertThat(resultTitles(driver)).containsExactly("ProComp " + unique);
        WebElement result = driver.findElement(By.cssSelector("ol.results li.result"));
        assertThat(result.findElement(By.cssSelector(".meta")).getText())
                .isEqualTo("Denver Public Schools, CO. Version 1, published " + US.format(today) + ".");
        WebElement bar = result.findElement(By.tagName("progress"));
        assertThat(bar.getAttribute("value")).isEqualTo("1");
        assertThat(bar.getAttribute("max")).isEqualTo("3");
        assertThat(result.findElement(By.cssSelector(".progress span")).getText()).isEqualTo("1 of 3 milestones done (33%)");
        assertThat(result.findElements(By.cssSelector(".tags li")).stream().map(WebElement::getText))
                .containsExactly("9. Compensation and Benefits");
        BROWSER.assertAccessible();

        BROWSER.clickToNavigate(result.findElement(By.linkText("ProComp " + unique)));
        assertThat(driver.getCurrentUrl()).isEqualTo(url("/plans/" + denverPlan));
        assertThat(driver.getTitle()).isEqualTo("ProComp " + unique + ": action plan of Denver Public Schools | Labor-Management Collaboration");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("ProComp " + unique);
        assertThat(driver.findElement(By.cssSelector(".principle h3")).getText()).isEqualTo("Principle 9: Compensation and Benefits");
        assertThat(driver.findElement(By.cssSelector(".principle")).getText()).contains("Goal: Pay teachers for learning gains",
                "Strategy: Joint committee", "Meet monthly with the union and the board");
        List<List<String>> signers = driver.findElements(By.cssSelector("#signers tbody tr")).stream()
                .map(row -> row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList()).toList();
        assertThat(signers).containsExactly(
                List.of("Superintendent of Denver Public Schools", "Superintendent", US.format(today)),
                List.of("Union leader of Denver Public Schools", "Union leader", US.format(today)));
        assertThat(driver.getPageSource()).doesNotContain("@" + denver.orgId());

        // The chart: one point per reported value, where the geometry puts it; baseline 48 is the bottom, target 75 the top.
        WebElement chart = driver.findElement(By.cssSelector("svg#measure-1"));
        List<WebElement> points = chart.findElements(By.cssSelector("circle.point"));
        assertThat(points).extracting(p -> p.getAttribute("data-day") + "=" + p.getAttribute("data-value"))
                .containsExactly(today.minusDays(10) + "=52", today + "=74.5");
        long span = ChronoUnit.DAYS.between(today.minusDays(10), LocalDate.of(2031, 6, 30));
        String x2 = coordinate(64 + 516.0 * 10 / span);
        assertThat(points).extracting(p -> p.getAttribute("cx") + "," + p.getAttribute("cy")).containsExactly("64.0,181.9", x2 + ",23.5");
        assertThat(chart.findElement(By.cssSelector("polyline.series")).getAttribute("points")).isEqualTo("64,181.9 " + strip(x2) + ",23.5");
        assertThat(chart.findElement(By.cssSelector("line.baseline")).getAttribute("y1")).isEqualTo("210.0");
        assertThat(chart.findElement(By.cssSelector("line.target")).getAttribute("y1")).isEqualTo("20.0");
        assertThat(chart.findElement(By.tagName("title")).getAttribute("textContent")).isEqualTo("Teachers in the new system (percent) over time");
        assertThat(driver.findElements(By.cssSelector("table.values tbody tr")).stream().map(WebElement::getText))
                .containsExactly(US.format(today.minusDays(10)) + " 52", US.format(today) + " 74.5");

        // Milestones on the timeline: the first overdue, the second done today, the third due.
        assertThat(driver.findElements(By.cssSelector("ol.timeline li")).stream().map(li -> li.getAttribute("class") + ": " + li.getText()))
                .containsExactly(
                        "overdue: Overdue Milestone 1 of ProComp " + unique + ", due " + US.format(today.minusDays(30)) + "; owner: Union leader",
                        "done: Done Milestone 2 of ProComp " + unique + ", due " + US.format(today.plusDays(40)) + ", done "
                                + US.format(today) + "; owner: Union leader",
                        "due: Due Milestone 3 of ProComp " + unique + ", due Jan 15, 2031; owner: Union leader");
        assertThat(driver.findElement(By.linkText("Who paid for this team's trip")).getAttribute("href"))
                .isEqualTo(fundingUrl + "/funding/teams/" + denver.teamId());
        BROWSER.assertAccessible();
    }

    static String coordinate(double value) {
        return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).toPlainString();
    }

    static String strip(String value) {
        return new BigDecimal(value).stripTrailingZeros().toPlainString();
    }

    @Test
    void resultsComeInCursorPagesWithNextAndFirstLinks() {
        publishThreePlans();
        WebDriver driver = BROWSER.open(url("/plans?q=" + unique + "&limit=1"));
        List<String> seen = new ArrayList<>();
        assertThat(driver.findElements(By.linkText("First page"))).isEmpty();
        while (true) {
            assertThat(resultTitles(driver)).hasSize(1);
            seen.add(resultTitles(driver).get(0));
            List<WebElement> next = driver.findElements(By.linkText("Next page"));
            if (next.isEmpty()) {
                break;
            }
            BROWSER.clickToNavigate(next.get(0));
            assertThat(driver.findElements(By.linkText("First page"))).hasSize(1);
            assertThat(driver.getCurrentUrl()).contains("after=", "limit=1", "q=" + unique);
        }
        assertThat(seen).containsExactlyInAnyOrder("ProComp " + unique, "Workday " + unique, "<script>alert(1)</script> " + unique);
        BROWSER.clickToNavigate(driver.findElement(By.linkText("First page")));
        assertThat(resultTitles(driver)).containsExactly(seen.get(0));
        BROWSER.assertAccessible();
    }

    @Test
    void filtersNarrowTheResultsAndStaySelected() {
        publishThreePlans();
        WebDriver driver = BROWSER.open(url("/plans"));
        driver.findElement(By.id("q")).sendKeys(unique);
        new Select(driver.findElement(By.id("state"))).selectByValue("CA");
        BROWSER.clickToNavigate(driver.findElement(By.cssSelector("form.search button")));
        assertThat(resultTitles(driver)).containsExactly("Workday " + unique);
        assertThat(new Select(driver.findElement(By.id("state"))).getFirstSelectedOption().getAttribute("value")).isEqualTo("CA");
        assertThat(driver.findElement(By.id("q")).getAttribute("value")).isEqualTo(unique);

        new Select(driver.findElement(By.id("state"))).selectByValue("");
        new Select(driver.findElement(By.id("principle"))).selectByValue("9");
        BROWSER.clickToNavigate(driver.findElement(By.cssSelector("form.search button")));
        assertThat(resultTitles(driver)).containsExactly("ProComp " + unique);
        assertThat(new Select(driver.findElement(By.id("principle"))).getFirstSelectedOption().getText()).isEqualTo("9. Compensation and Benefits");

        new Select(driver.findElement(By.id("principle"))).selectByValue("");
        new Select(driver.findElement(By.id("convening"))).selectByValue(PlanFixtures.DENVER_2011.toString());
        BROWSER.clickToNavigate(driver.findElement(By.cssSelector("form.search button")));
        assertThat(resultTitles(driver)).containsExactlyInAnyOrder("ProComp " + unique, "Workday " + unique,
                "<script>alert(1)</script> " + unique);

        driver.get(url("/plans?q=" + unique + "&state=WY"));
        assertThat(resultTitles(driver)).isEmpty();
        assertThat(driver.findElement(By.id("no-results")).getText()).isEqualTo("No published plan matches this search.");
        BROWSER.assertAccessible();
    }

    @Test
    void aTitleWithMarkupIsShownAsText() {
        publishThreePlans();
        WebDriver driver = BROWSER.open(url("/plans/" + trickyPlan));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("<script>alert(1)</script> " + unique);
        assertThat(driver.findElement(By.cssSelector(".principle")).getText()).contains("Goal: Evaluate <b>fairly</b>");
        assertThat(driver.findElements(By.tagName("script"))).isEmpty();
        assertThat(driver.findElements(By.tagName("b"))).isEmpty();
        given().accept(ContentType.HTML).get("/plans/{p}", trickyPlan).then().statusCode(200)
                .body(containsString("&lt;script&gt;alert(1)&lt;/script&gt; " + unique)).body(not(containsString("<script>")));
        BROWSER.assertAccessible();
    }

    @Test
    void anUnknownPlanIsTheNotFoundPageWithoutAStackTrace() {
        UUID unknown = UUID.randomUUID();
        WebDriver driver = BROWSER.open(url("/plans/" + unknown));
        assertThat(driver.getTitle()).isEqualTo("Page not found | Labor-Management Collaboration");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Page not found");
        assertThat(driver.findElement(By.cssSelector(".detail")).getText()).isEqualTo("published plan " + unknown + " does not exist");
        BROWSER.assertAccessible();
        given().accept(ContentType.HTML).get("/plans/{p}", unknown).then().statusCode(404).contentType(containsString("text/html"))
                .body(containsString("<h1>Page not found</h1>")).body(not(containsString("Exception")));
        given().accept(ContentType.HTML).get("/plans/not-a-plan").then().statusCode(404).body(containsString("Page not found"));
        // The API keeps answering problem+json for the same plan.
        given().get("/api/v1/public/plans/{p}", unknown).then().statusCode(404).contentType(containsString("application/problem+json"))
                .body("status", equalTo(404));

        driver.get(url("/plans?state=Colorado&principle=0"));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("This request cannot be answered");
        assertThat(driver.findElements(By.cssSelector(".field-errors li")).stream().map(WebElement::getText))
                .containsExactly("state: must be a two-letter USPS code", "principle: must be a whole number from 1 to 99");
        given().accept(ContentType.HTML).get("/plans?state=Colorado").then().statusCode(400);
        BROWSER.assertAccessible();
    }

    @Test
    void theKeyboardMovesThroughTheHeaderAndTheSearchFormInReadingOrder() {
        WebDriver driver = BROWSER.open(url("/plans"));
        List<String> order = new ArrayList<>();
        driver.findElement(By.tagName("body")).sendKeys(Keys.TAB);
        for (int i = 0; i < 8; i++) {
            WebElement focused = driver.switchTo().activeElement();
            String id = focused.getAttribute("id");
            order.add(focused.getTagName() + (id == null || id.isEmpty() ? ":" + focused.getText() : "#" + id));
            focused.sendKeys(Keys.TAB);
        }
        assertThat(order).containsExactly("a:Skip to main content", "a:Action plans", "a:Who paid for whom", "input#q", "select#convening",
                "select#state", "select#principle", "button:Search");
        // Enter on a focused link follows it: the page is replaced by a new one.
        WebElement link = driver.findElement(By.linkText("Action plans"));
        BROWSER.navigateBy(() -> link.sendKeys(Keys.ENTER));
        assertThat(driver.getCurrentUrl()).isEqualTo(url("/plans"));
    }

    @Test
    void thePlanPageFitsAPhoneScreenWithoutSidewaysScrolling() {
        publishThreePlans();
        WebDriver driver = BROWSER.driver();
        org.openqa.selenium.Dimension desktop = driver.manage().window().getSize();
        try {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(375, 800));
            for (String path : List.of("/plans/" + denverPlan, "/plans?q=" + unique)) {
                driver.get(url(path));
                Object overflow = ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
                assertThat(((Number) overflow).intValue()).as("sideways overflow of %s at 375 px", path).isLessThanOrEqualTo(0);
                int chartWidth = driver.findElements(By.cssSelector("figure.chart svg")).stream().mapToInt(e -> e.getSize().getWidth())
                        .max().orElse(0);
                assertThat(chartWidth).isLessThanOrEqualTo(375);
            }
            BROWSER.screenshot("PlanPagesBrowserTest.phone");
        } finally {
            driver.manage().window().setSize(desktop);
        }
    }

    @Test
    void pagesCarryTheSecurityHeadersAndTheApiDoesNotChange() {
        given().accept(ContentType.HTML).get("/plans").then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", not(containsString("unsafe-inline")))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("Referrer-Policy", equalTo("strict-origin-when-cross-origin"))
                .header("X-Content-Type-Options", equalTo("nosniff"));
        given().accept(ContentType.HTML).get("/plans/{p}", UUID.randomUUID()).then().statusCode(404)
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"));
        given().get("/lmc/lmc.css").then().statusCode(200).contentType(containsString("text/css"));
        given().get("/api/v1/public/principles").then().statusCode(200).contentType(containsString("application/json"))
                .header("Content-Security-Policy", org.hamcrest.Matchers.nullValue());
    }
}
