package org.lmc.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks of a service's signed-in pages (the OIDC web-app tenant of platform/web) against the running test service:
 * a page without a session sends the browser to the identity provider's authorization endpoint with the browser
 * client, PKCE S256 and an HttpOnly state cookie; a bearer token opens no page (pages read their session cookie only).
 */
public final class SignInPages {
    /** What a browser sends when it navigates. */
    public static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private SignInPages() {
    }

    /** Each of {@code paths}, asked for without a session, redirects to {@code issuer}'s login with the authorization-code flow. */
    public static void assertRedirectsToSignIn(String issuer, String... paths) {
        String authorizationEndpoint = given().get(issuer + "/.well-known/openid-configuration").then().statusCode(200).extract()
                .path("authorization_endpoint");
        for (String path : paths) {
            assertRedirectsToSignIn(authorizationEndpoint, path);
        }
    }

    private static void assertRedirectsToSignIn(String authorizationEndpoint, String path) {
        Response r = given().redirects().follow(false).accept(BROWSER_ACCEPT).get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(302);
        URI location = URI.create(r.header("Location"));
        assertThat(location.getScheme() + "://" + location.getAuthority() + location.getPath()).as(path).isEqualTo(authorizationEndpoint);
        Map<String, String> query = query(location);
        assertThat(query).as(path).containsEntry("client_id", "lmc-web").containsEntry("response_type", "code")
                .containsEntry("code_challenge_method", "S256").containsKey("code_challenge").containsKey("state");
        assertThat(query.get("redirect_uri")).as(path).endsWith(path);
        // The state cookie of the flow is HttpOnly (Secure is configured off for plain-HTTP tests only).
        assertThat(r.getDetailedCookies().asList()).as(path).anySatisfy(c -> {
            assertThat(c.getName()).startsWith("q_auth");
            assertThat(c.isHttpOnly()).isTrue();
        });
    }

    /** A page asked for (GET) or posted to (a form) with an API bearer token: the token is ignored, the browser sent to sign in. */
    public static void assertBearerTokenOpensNoPage(String token, String getPath, String formPath) {
        given().redirects().follow(false).auth().oauth2(token).accept(BROWSER_ACCEPT).get(getPath).then().statusCode(302);
        given().redirects().follow(false).auth().oauth2(token).contentType("application/x-www-form-urlencoded").post(formPath).then()
                .statusCode(302);
    }

    private static Map<String, String> query(URI uri) {
        return Arrays.stream(uri.getRawQuery().split("&")).map(p -> p.split("=", 2)).collect(Collectors.toMap(
                p -> p[0], p -> p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "", (a, b) -> a));
    }
}
