package org.lmc.notification.pages;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lmc.notification.NotificationStack;
import org.lmc.testing.SignInPages;
import org.lmc.testing.TestTokens;

/**
 * The district portal's inbox signs in through the identity provider's authorization-code flow while the inbox API
 * stays as it was: the page without a session is a redirect to the login, the API answers a missing token with 401
 * problem+json, and an API bearer token opens no inbox page and marks nothing read there.
 */
@QuarkusTest
@NotificationStack
class InboxPortalSignInTest {
    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    String issuer;

    @Test
    void theInboxPageWithoutASessionRedirectsToTheIdentityProvidersLogin() {
        SignInPages.assertRedirectsToSignIn(issuer, "/portal/inbox");
    }

    @Test
    void theInboxApiStillAnswersWithoutASessionAsAnApi() {
        given().redirects().follow(false).accept(SignInPages.BROWSER_ACCEPT).get("/api/v1/inbox").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
    }

    @Test
    void anApiBearerTokenOpensNoInboxPageAndMarksNothingThere() {
        SignInPages.assertBearerTokenOpensNoPage(TestTokens.district("0803360"), "/portal/inbox",
                "/portal/inbox/" + UUID.randomUUID() + "/read");
    }
}
