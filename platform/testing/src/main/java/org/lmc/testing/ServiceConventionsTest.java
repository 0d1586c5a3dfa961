package org.lmc.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

/**
 * What every service must offer, checked the same way for all four: health with the messaging check,
 * Prometheus metrics with the outbox and inbox meters, OpenAPI and Swagger UI, problem+json errors, and the
 * admin-only dead-letter call.
 * A service's test extends it with its own {@code @QuarkusTest} and {@code LmcTestStack} annotations.
 */
public abstract class ServiceConventionsTest {

    /** The service's OpenAPI title, e.g. "LMC registration-service". */
    protected abstract String openApiTitle();

    @Test
    void healthIsUpWithTheMessagingCheck() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("lmc-messaging"));
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void metricsExposeTheOutboxBacklog() {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("lmc_outbox_pending"))
                .body(containsString("lmc_outbox_lag_seconds"));
    }

    @Test
    void openApiAndSwaggerUiAreServed() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("info.title", equalTo(openApiTitle()));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void deadLettersAreListedForAdminsOnly() {
        given().auth().oauth2(TestTokens.agency()).get("/api/v1/admin/dead-letters").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.admin()).get("/api/v1/admin/dead-letters").then().statusCode(200)
                .body("deadLetters", notNullValue());
    }

    @Test
    void anUnknownApiPathIsAProblem() {
        given().auth().oauth2(TestTokens.admin()).get("/api/v1/no-such-thing").then()
                .statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
    }
}
