package org.lmc.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.lmc.testing.access.DatabaseState;

/**
 * What every service must offer, checked the same way for all four: health with the messaging check,
 * Prometheus metrics with the outbox and inbox meters, OpenAPI and Swagger UI, problem+json errors, and the
 * admin-only dead-letter call.
 * Also the token abuse every service must refuse the same way: expired, not yet valid, another issuer, another
 * audience, {@code alg: none}, a forger's signing key, and no token at all, each refused with a 401 problem and no
 * effect on the database.
 * A service's test extends it with its own {@code @QuarkusTest} and {@code LmcTestStack} annotations.
 */
public abstract class ServiceConventionsTest {

    @Inject
    DataSource dataSource;

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

    /** Admin tokens that no service may accept, each shaped as a forger or a careless client would send it. */
    protected static Map<String, String> abusedAdminTokens() {
        Instant now = Instant.now();
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("expired", TestTokens.user("admin").roles("admin").expiresAt(now.minusSeconds(600)).token());
        tokens.put("not yet valid (nbf)", TestTokens.user("admin").roles("admin").notBefore(now.plusSeconds(3600))
                .expiresAt(now.plusSeconds(7200)).token());
        tokens.put("another issuer", TestTokens.user("admin").roles("admin").issuer("https://issuer.example.net").token());
        tokens.put("another audience", TestTokens.user("admin").roles("admin").audience("another-api").token());
        tokens.put("alg none", TestTokens.user("admin").roles("admin").unsignedToken());
        tokens.put("foreign signing key", TestTokens.user("admin").roles("admin").signedWith(TestTokens.foreignKey()).token());
        tokens.put("not a JWT", "not-a-token");
        return tokens;
    }

    @Test
    void abusedTokensAreRefusedWithNoEffect() {
        DatabaseState database = DatabaseState.of(dataSource);
        for (Map.Entry<String, String> abused : abusedAdminTokens().entrySet()) {
            Map<String, String> before = database.settled();
            given().auth().oauth2(abused.getValue()).get("/api/v1/admin/dead-letters").then()
                    .statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
            given().auth().oauth2(abused.getValue()).contentType(ContentType.JSON).body("{\"all\": true}")
                    .post("/api/v1/admin/dead-letters/redrive").then()
                    .statusCode(401).contentType("application/problem+json");
            assertThat(DatabaseState.changed(before, database.snapshot())).as(abused.getKey()).isEmpty();
        }
        // The same claims, rightly signed, are accepted: what was refused was the token's flaw, nothing else.
        given().auth().oauth2(TestTokens.admin()).get("/api/v1/admin/dead-letters").then().statusCode(200);
    }
}
