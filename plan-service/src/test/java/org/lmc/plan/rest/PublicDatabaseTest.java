package org.lmc.plan.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.TestEvents;

/**
 * The public plan database: search, filters, cursor pages, the plan page with progress, ETags; and nothing that is not
 * published (drafts, unpublished versions, emails) in any public answer.
 */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "plan"))
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublicDatabaseTest {
    /** Words that only unpublished content holds. */
    static final String SECRET = "zanzibarquokka";
    static final Pattern EMAIL = Pattern.compile("[^@\\s\"]+@[^@\\s\"]+\\.[a-z]{2,}");
    final String unique = "marker" + Long.toString(System.nanoTime(), 36).replaceAll("[0-9]", "");
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    PlanFixtures.Team denver;
    PlanFixtures.Team greenDot;
    PlanFixtures.Team draftOnly;
    UUID denverPlan;
    UUID greenDotPlan;
    UUID draftOnlyPlan;
    final List<String> publicAnswers = new ArrayList<>();
    @Inject
    PlanRows rows;

    /** Run by each test: the stack's HTTP port is known only once a test runs. */
    synchronized void publishTwoPlansAndKeepAThirdUnpublished() {
        if (denverPlan != null) {
            return;
        }
        denver = PlanFixtures.district("Denver Public Schools", "CO");
        greenDot = PlanFixtures.district("Green Dot Public Schools", "CA");
        draftOnly = PlanFixtures.district("Springfield Public Schools", "MA");
        try (TestEvents events = TestEvents.connect(bootstrap)) {
            denverPlan = PlanFixtures.confirmedWithPlan(events, denver);
            greenDotPlan = PlanFixtures.confirmedWithPlan(events, greenDot);
            draftOnlyPlan = PlanFixtures.confirmedWithPlan(events, draftOnly);
        }
        LocalDate past = LocalDate.now(ZoneOffset.UTC).minusDays(30);
        PlanFixtures.publish(denver, denverPlan, PlanFixtures.content("ProComp " + unique, 9, "Pay teachers for learning gains",
                past, LocalDate.of(2031, 1, 15)));
        PlanFixtures.publish(greenDot, greenDotPlan, PlanFixtures.content("Workday " + unique, 4,
                "Define the teacher workday by responsibilities rather than hours", LocalDate.of(2031, 2, 1)));
        // Unpublished content: Denver's next draft and version, and a whole plan never published.
        String token = PlanFixtures.district(denver);
        PlanFixtures.saveDraft(token, denverPlan, PlanFixtures.draftOf(token, denverPlan).replace("learning gains", "learning gains " + SECRET));
        PlanFixtures.submit(token, denverPlan);
        String other = PlanFixtures.district(draftOnly);
        PlanFixtures.saveDraft(other, draftOnlyPlan, PlanFixtures.content("Secret " + SECRET + " " + unique, 9, "Pay " + SECRET));
        PlanFixtures.submit(other, draftOnlyPlan);
        PlanFixtures.sign(draftOnly, draftOnlyPlan, 1, "SUPERINTENDENT");
        PlanFixtures.sign(draftOnly, draftOnlyPlan, 1, "UNION_LEADER");
    }

    Response publicGet(String path, Object... params) {
        publishTwoPlansAndKeepAThirdUnpublished();
        Response response = given().get(path, params);
        publicAnswers.add(response.asString());
        return response;
    }

    @Test
    void textSearchIsRankedFilteredAndPagedWithACursor() {
        publishTwoPlansAndKeepAThirdUnpublished();
        publicGet("/api/v1/public/plans?q={q}", unique).then().statusCode(200)
                .body("items.planId", containsInAnyOrder(denverPlan.toString(), greenDotPlan.toString()));
        publicGet("/api/v1/public/plans?q={q}", "workday responsibilities " + unique).then().statusCode(200)
                .body("items.planId", contains(greenDotPlan.toString()))
                .body("items[0].organisation.name", equalTo("Green Dot Public Schools"))
                .body("items[0].title", equalTo("Workday " + unique)).body("items[0].principles", contains(4));
        publicGet("/api/v1/public/plans?q={q}&state=CO", unique).then().statusCode(200).body("items.planId", contains(denverPlan.toString()));
        publicGet("/api/v1/public/plans?q={q}&principle=4", unique).then().statusCode(200).body("items.planId", contains(greenDotPlan.toString()));
        publicGet("/api/v1/public/plans?q={q}&convening={c}", unique, UUID.randomUUID()).then().statusCode(200).body("items", hasSize(0));
        // Ranked: the plan whose title and goals say "learning gains" comes before one that does not mention them.
        publicGet("/api/v1/public/plans?q={q}", unique + " or learning").then().statusCode(200)
                .body("items[0].planId", equalTo(denverPlan.toString()));

        List<String> walked = new ArrayList<>();
        String after = null;
        do {
            var request = given().queryParam("q", unique).queryParam("limit", 1);
            if (after != null) {
                request.queryParam("after", after);
            }
            Response page = request.get("/api/v1/public/plans");
            publicAnswers.add(page.asString());
            page.then().statusCode(200).body("items", hasSize(1));
            walked.add(page.path("items[0].planId"));
            after = page.path("next");
        } while (after != null);
        assertThat(walked).containsExactlyInAnyOrder(denverPlan.toString(), greenDotPlan.toString());
        publicGet("/api/v1/public/plans?state={s}&limit=100", "CA").then().statusCode(200)
                .body("items.planId", org.hamcrest.Matchers.hasItem(greenDotPlan.toString()));
    }

    @Test
    void thePlanPageShowsSignersMeasuresWithHistoryMilestonesAndProgressWithAnETag() {
        publishTwoPlansAndKeepAThirdUnpublished();
        String token = PlanFixtures.district(denver);
        Response page = publicGet("/api/v1/public/plans/{p}", denverPlan);
        page.then().statusCode(200).body("versionNumber", equalTo(1)).body("title", equalTo("ProComp " + unique))
                .body("signers.role", contains("SUPERINTENDENT", "UNION_LEADER"))
                .body("signers.name", contains("Superintendent of Denver Public Schools", "Union leader of Denver Public Schools"))
                .body("principles[0].goals[0].title", equalTo("Pay teachers for learning gains"))
                .body("milestones", hasSize(2)).body("milestones[0].status", equalTo("OVERDUE"))
                .body("progress.milestonesDone", equalTo(0)).body("progress.band", equalTo("NOT_STARTED"))
                .body("measures[0].history", hasSize(0)).body("measures[0].onTrack", equalTo(false));
        String etag = page.header("ETag");
        given().header("If-None-Match", etag).get("/api/v1/public/plans/{p}", denverPlan).then().statusCode(304);

        String measure = page.path("measures[0].id");
        String milestone = page.path("milestones[0].id");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"value\": 52, \"observedOn\": \"" + today.minusDays(10) + "\"}")
                .post("/api/v1/plans/{p}/measures/{m}/values", denverPlan, measure).then().statusCode(201);
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"value\": 74.5, \"observedOn\": \"" + today + "\"}")
                .post("/api/v1/plans/{p}/measures/{m}/values", denverPlan, measure).then().statusCode(201).body("value", equalTo(74.5f));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"completedOn\": \"" + today + "\"}")
                .post("/api/v1/plans/{p}/milestones/{m}/completion", denverPlan, milestone).then().statusCode(200)
                .body("completedOn", equalTo(today.toString()));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"completedOn\": \"" + today + "\"}")
                .post("/api/v1/plans/{p}/milestones/{m}/completion", denverPlan, milestone).then().statusCode(409);

        given().header("If-None-Match", etag).get("/api/v1/public/plans/{p}", denverPlan).then().statusCode(200);
        publicGet("/api/v1/public/plans/{p}", denverPlan).then().statusCode(200)
                .body("measures[0].history.value", contains(52, 74.5f))
                .body("measures[0].onTrack", equalTo(true))
                .body("milestones[0].status", equalTo("DONE"))
                .body("progress.milestonesDone", equalTo(1)).body("progress.milestonesTotal", equalTo(2))
                .body("progress.milestoneShare", equalTo(0.5f)).body("progress.measuresOnTrack", equalTo(1))
                .body("progress.band", equalTo("UNDER_WAY"));
        publicGet("/api/v1/public/plans?q={q}&progress=UNDER_WAY", unique).then().statusCode(200)
                .body("items.planId", contains(denverPlan.toString()));
        publicGet("/api/v1/public/plans?q={q}&progress=NOT_STARTED", unique).then().statusCode(200)
                .body("items.planId", contains(greenDotPlan.toString()));
    }

    /**
     * Search answers come from a cache kept under the public directory's revision: each answer tells its revision as
     * the ETag, and a publication, a progress change or a row changed by another instance (here straight in SQL) is in
     * the very next answer; a draft saved on a published plan moves nothing public.
     */
    @Test
    void aSearchIsReusedOnlyWhileNothingPublicChanged() {
        publishTwoPlansAndKeepAThirdUnpublished();
        String marker = "cache" + Long.toString(System.nanoTime(), 36).replaceAll("[0-9]", "");
        PlanFixtures.Team tampa = PlanFixtures.district("Hillsborough County Public Schools", "FL");
        UUID tampaPlan;
        try (TestEvents events = TestEvents.connect(bootstrap)) {
            tampaPlan = PlanFixtures.confirmedWithPlan(events, tampa);
        }
        String before = publicGet("/api/v1/public/plans?q={q}", marker).then().statusCode(200).body("items", hasSize(0))
                .extract().header("ETag");
        int floridaPlans = directoryPlansIn("FL");
        assertThat(before).matches("W/\"directory-\\d+\"");
        given().header("If-None-Match", before).get("/api/v1/public/plans?q={q}", marker).then().statusCode(304);

        PlanFixtures.publish(tampa, tampaPlan, PlanFixtures.content("Shared leadership " + marker, 2, "Teacher leaders in every school",
                LocalDate.of(2031, 3, 1)));
        Response published = publicGet("/api/v1/public/plans?q={q}", marker);
        published.then().statusCode(200).body("items.planId", contains(tampaPlan.toString()))
                .body("items[0].progress.milestonesDone", equalTo(0));
        String etag = published.header("ETag");
        assertThat(etag).isNotEqualTo(before);
        // The directory page's state filter counts the new plan at once: its choices follow the same revision.
        assertThat(directoryPlansIn("FL")).isEqualTo(floridaPlans + 1);
        // Asked twice, a search is kept; asked again while nothing changed, it comes from the cache, with the same answer.
        double hits = searchCacheHits();
        for (int i = 0; i < 2; i++) {
            assertThat(publicGet("/api/v1/public/plans?q={q}", marker).then().statusCode(200).extract().header("ETag")).isEqualTo(etag);
        }
        assertThat(searchCacheHits()).isGreaterThanOrEqualTo(hits + 2);
        given().header("If-None-Match", before).get("/api/v1/public/plans?q={q}", marker).then().statusCode(200);
        given().header("If-None-Match", etag).get("/api/v1/public/plans?q={q}", marker).then().statusCode(304);

        String token = PlanFixtures.district(tampa);
        PlanFixtures.saveDraft(token, tampaPlan, PlanFixtures.draftOf(token, tampaPlan).replace("every school", "every school " + SECRET));
        given().header("If-None-Match", etag).get("/api/v1/public/plans?q={q}", marker).then().statusCode(304);

        String milestone = publicGet("/api/v1/public/plans/{p}", tampaPlan).path("milestones[0].id");
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"completedOn\": \"" + LocalDate.now(ZoneOffset.UTC) + "\"}")
                .post("/api/v1/plans/{p}/milestones/{m}/completion", tampaPlan, milestone).then().statusCode(200);
        Response progressed = publicGet("/api/v1/public/plans?q={q}", marker);
        progressed.then().statusCode(200).body("items[0].progress.milestonesDone", equalTo(1));
        assertThat(progressed.header("ETag")).isNotEqualTo(etag);

        rows.execute("UPDATE plan SET org_name = 'Hillsborough County Schools' WHERE id = '" + tampaPlan + "'");
        publicGet("/api/v1/public/plans?q={q}", marker).then().statusCode(200)
                .body("items[0].organisation.name", equalTo("Hillsborough County Schools"));
        // A title that only changes case stems to the same search document, and still shows at once.
        rows.execute("UPDATE plan SET published_title = upper(published_title) WHERE id = '" + tampaPlan + "'");
        publicGet("/api/v1/public/plans?q={q}", marker).then().statusCode(200)
                .body("items[0].title", equalTo("SHARED LEADERSHIP " + marker.toUpperCase(java.util.Locale.ROOT)));

        // One transaction that changes several published plans moves the revision once (it left a version of the
        // directory's row per plan behind it, which every search then read), and each change still shows at once.
        long revision = rows.count("SELECT revision FROM public_directory");
        String both = "WHERE id IN ('" + tampaPlan + "', '" + denverPlan + "')";
        rows.execute("UPDATE plan SET org_name = org_name || ' (renamed)' " + both,
                "UPDATE plan SET published_title = lower(published_title) " + both);
        assertThat(rows.count("SELECT revision FROM public_directory")).isEqualTo(revision + 1);
        publicGet("/api/v1/public/plans?q={q}", marker).then().statusCode(200)
                .body("items[0].organisation.name", equalTo("Hillsborough County Schools (renamed)"))
                .body("items[0].title", equalTo("shared leadership " + marker));
        rows.execute("UPDATE plan SET org_name = replace(org_name, ' (renamed)', '') " + both);
        assertThat(rows.count("SELECT revision FROM public_directory")).isEqualTo(revision + 2);
        publicGet("/api/v1/public/plans?q={q}", marker).then().statusCode(200)
                .body("items[0].organisation.name", equalTo("Hillsborough County Schools"));
    }

    /** How many published plans the directory page's state filter offers for {@code state} (0 when it is not offered). */
    static int directoryPlansIn(String state) {
        java.util.regex.Matcher option = Pattern.compile("<option value=\"" + state + "\"[^>]*>" + state + " \\((\\d+) plans?\\)</option>")
                .matcher(given().accept("text/html").get("/plans").then().statusCode(200).extract().asString());
        return option.find() ? Integer.parseInt(option.group(1)) : 0;
    }

    /** The search cache's hits so far, from the service's metrics. */
    static double searchCacheHits() {
        java.util.regex.Matcher hit = Pattern.compile("(?m)^cache_gets_total\\{(?=[^}]*cache=\"plan-public-search\")(?=[^}]*result=\"hit\")[^}]*} (\\S+)$")
                .matcher(given().get("/q/metrics").then().statusCode(200).extract().asString());
        return hit.find() ? Double.parseDouble(hit.group(1)) : 0;
    }

    @Test
    void nothingUnpublishedAndNoEmailIsEverPublic() {
        publishTwoPlansAndKeepAThirdUnpublished();
        publicGet("/api/v1/public/plans?q={q}", SECRET).then().statusCode(200).body("items", hasSize(0));
        publicGet("/api/v1/public/plans/{p}", draftOnlyPlan).then().statusCode(404);
        publicGet("/api/v1/public/plans/{p}", denverPlan).then().statusCode(200).body("versionNumber", equalTo(1));
        publicGet("/api/v1/public/plans/{p}", greenDotPlan).then().statusCode(200);
        publicGet("/api/v1/public/plans?limit=100").then().statusCode(200);
        publicGet("/api/v1/public/plans?q={q}", unique).then().statusCode(200);
        publicGet("/api/v1/public/principles").then().statusCode(200).body("", hasSize(10))
                .body("[4].title", equalTo("Teacher Evaluation")).body("[9].number", equalTo(10));
        assertThat(publicAnswers).isNotEmpty().allSatisfy(answer -> {
            assertThat(answer).doesNotContainIgnoringCase(SECRET);
            assertThat(EMAIL.matcher(answer).find()).as("an email in %s", answer).isFalse();
        });
    }
}
