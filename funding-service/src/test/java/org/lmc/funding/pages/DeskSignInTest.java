package org.lmc.funding.pages;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lmc.funding.rest.Fixtures;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.SignInPages;

/**
 * The desk and the district portal's funding page sign in through the identity provider's authorization-code flow
 * while the API keeps its bearer tokens: a page without a session is a redirect to the authorization endpoint (PKCE
 * S256, the browser client), an API path without a token stays a 401 problem, and an API token opens no desk page (the
 * pages read their session cookie only).
 */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "funding"))
class DeskSignInTest {
    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    String issuer;

    @Test
    void aDeskPageWithoutASessionRedirectsToTheIdentityProvidersLogin() {
        SignInPages.assertRedirectsToSignIn(issuer, "/desk", "/desk/grants/" + UUID.randomUUID(), "/desk/audit",
                "/portal/teams/" + UUID.randomUUID());
    }

    @Test
    void theApiStillAnswersWithoutATokenWithA401ProblemNeverARedirect() {
        for (String path : new String[] {"/api/v1/grants", "/api/v1/audit/records", "/api/v1/grants/" + UUID.randomUUID() + "/ledger.csv"}) {
            given().redirects().follow(false).accept(SignInPages.BROWSER_ACCEPT).get(path).then().statusCode(401)
                    .contentType("application/problem+json").header("WWW-Authenticate", "Bearer")
                    .body("type", equalTo("urn:lmc:problem:unauthorized"));
        }
        given().redirects().follow(false).accept(SignInPages.BROWSER_ACCEPT).post("/api/v1/claims/{c}/approval", UUID.randomUUID()).then()
                .statusCode(401).contentType("application/problem+json");
    }

    @Test
    void anApiBearerTokenOpensNoDeskPageAndPostsNothingThere() {
        String ford = Fixtures.funder(Fixtures.FORD);
        SignInPages.assertBearerTokenOpensNoPage(ford, "/desk", "/desk/claims/" + UUID.randomUUID() + "/approval");
        // The same token reads the API as before.
        given().auth().oauth2(ford).get("/api/v1/grants").then().statusCode(200);
    }
}
