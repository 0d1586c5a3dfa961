package org.lmc.registration.pages;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.SignInPages;
import org.lmc.testing.TestTokens;

/**
 * The district portal's team pages sign in through the identity provider's authorization-code flow while the API stays
 * as it was: a portal page without a session is a redirect to the login, the API answers a missing token with 401
 * problem+json, an API bearer token opens no portal page and commits nothing there; the shared signed-out page needs
 * no session.
 */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "registration"))
class TeamPortalSignInTest {
    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    String issuer;

    @Test
    void aPortalPageWithoutASessionRedirectsToTheIdentityProvidersLogin() {
        SignInPages.assertRedirectsToSignIn(issuer, "/portal/teams", "/portal/teams/" + UUID.randomUUID());
    }

    @Test
    void theApiStillAnswersWithoutASessionAsAnApi() {
        given().redirects().follow(false).accept(SignInPages.BROWSER_ACCEPT).get("/api/v1/convenings").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
    }

    @Test
    void anApiBearerTokenOpensNoPortalPageAndCommitsNothingThere() {
        SignInPages.assertBearerTokenOpensNoPage(TestTokens.district("0803360"), "/portal/teams",
                "/portal/teams/" + UUID.randomUUID() + "/members/" + UUID.randomUUID() + "/commitment");
    }

    @Test
    void theSignedOutPageNeedsNoSession() {
        given().redirects().follow(false).accept(SignInPages.BROWSER_ACCEPT).get("/signed-out").then().statusCode(200)
                .body(containsString("You are signed out")).body(containsString("/portal/teams"));
    }
}
