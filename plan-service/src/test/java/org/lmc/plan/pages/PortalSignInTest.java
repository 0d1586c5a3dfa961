package org.lmc.plan.pages;

import static io.restassured.RestAssured.given;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lmc.plan.rest.PlanFixtures;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.SignInPages;

/**
 * The district portal signs in through the identity provider's authorization-code flow while the API and the public
 * directory stay as they were: a portal page without a session is a redirect to the login, the public pages and the
 * API answer without one, and an API bearer token opens no portal page and signs nothing there.
 */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "plan"))
class PortalSignInTest {
    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    String issuer;

    @Test
    void aPortalPageWithoutASessionRedirectsToTheIdentityProvidersLogin() {
        SignInPages.assertRedirectsToSignIn(issuer, "/portal", "/portal/plans/" + UUID.randomUUID());
    }

    @Test
    void thePublicDirectoryAndTheApiStillAnswerWithoutASession() {
        given().redirects().follow(false).accept(SignInPages.BROWSER_ACCEPT).get("/plans").then().statusCode(200);
        given().redirects().follow(false).accept(SignInPages.BROWSER_ACCEPT).get("/api/v1/plans").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
    }

    @Test
    void anApiBearerTokenOpensNoPortalPageAndSignsNothingThere() {
        PlanFixtures.Team team = PlanFixtures.district("Portal Sign-in District", "CO");
        String signer = PlanFixtures.signer(team, "SUPERINTENDENT");
        SignInPages.assertBearerTokenOpensNoPage(signer, "/portal", "/portal/plans/" + UUID.randomUUID() + "/versions/1/signatures");
        given().auth().oauth2(signer).get("/api/v1/plans").then().statusCode(200);
    }
}
