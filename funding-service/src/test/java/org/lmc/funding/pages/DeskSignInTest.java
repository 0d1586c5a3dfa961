package org.lmc.funding.pages;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lmc.funding.rest.Fixtures;
import org.lmc.testing.LmcTestStack;

/**
 * The desk signs in through the identity provider's authorization-code flow while the API keeps its bearer tokens: a
 * desk page without a session is a redirect to the authorization endpoint (PKCE S256, the browser client), an API path
 * without a token stays a 401 problem, and an API token opens no desk page (the desk reads its session cookie only).
 */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "funding"))
class DeskSignInTest {
    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    String issuer;

    /** What a browser sends when it navigates. */
    static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    @Test
    void aDeskPageWithoutASessionRedirectsToTheIdentityProvidersLogin() {
        String authorizationEndpoint = given().get(issuer + "/.well-known/openid-configuration").then().statusCode(200).extract()
                .path("authorization_endpoint");
        for (String path : new String[] {"/desk", "/desk/grants/" + UUID.randomUUID(), "/desk/audit"}) {
            Response r = given().redirects().follow(false).accept(BROWSER_ACCEPT).get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(302);
            URI location = URI.create(r.header("Location"));
            assertThat(location.getScheme() + "://" + location.getAuthority() + location.getPath()).as(path)
                    .isEqualTo(authorizationEndpoint);
            Map<String, String> query = query(location);
            assertThat(query).containsEntry("client_id", "lmc-web").containsEntry("response_type", "code")
                    .containsEntry("code_challenge_method", "S256").containsKey("code_challenge").containsKey("state");
            assertThat(query.get("redirect_uri")).as(path).endsWith(path);
            // The state cookie of the flow is HttpOnly (Secure is configured off for plain-HTTP tests only).
            assertThat(r.getDetailedCookies().asList()).anySatisfy(c -> {
                assertThat(c.getName()).startsWith("q_auth");
                assertThat(c.isHttpOnly()).isTrue();
            });
        }
    }

    @Test
    void theApiStillAnswersWithoutATokenWithA401ProblemNeverARedirect() {
        for (String path : new String[] {"/api/v1/grants", "/api/v1/audit/records", "/api/v1/grants/" + UUID.randomUUID() + "/ledger.csv"}) {
            given().redirects().follow(false).accept(BROWSER_ACCEPT).get(path).then().statusCode(401)
                    .contentType("application/problem+json").header("WWW-Authenticate", "Bearer")
                    .body("type", equalTo("urn:lmc:problem:unauthorized"));
        }
        given().redirects().follow(false).accept(BROWSER_ACCEPT).post("/api/v1/claims/{c}/approval", UUID.randomUUID()).then()
                .statusCode(401).contentType("application/problem+json");
    }

    @Test
    void anApiBearerTokenOpensNoDeskPageAndPostsNothingThere() {
        String ford = Fixtures.funder(Fixtures.FORD);
        given().redirects().follow(false).auth().oauth2(ford).accept(BROWSER_ACCEPT).get("/desk").then().statusCode(302);
        given().redirects().follow(false).auth().oauth2(ford).contentType("application/x-www-form-urlencoded")
                .post("/desk/claims/{c}/approval", UUID.randomUUID()).then().statusCode(302);
        // The same token reads the API as before.
        given().auth().oauth2(ford).get("/api/v1/grants").then().statusCode(200);
    }

    private static Map<String, String> query(URI uri) {
        return Arrays.stream(uri.getRawQuery().split("&")).map(p -> p.split("=", 2)).collect(Collectors.toMap(
                p -> p[0], p -> p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "", (a, b) -> a));
    }
}
