package org.lmc.web.pages;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Cookie;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.lmc.testing.LmcTestStack;

/**
 * The form token of signed-in pages: a page gives the browser an HttpOnly, SameSite=Strict cookie and repeats its value
 * in the form; a post is accepted only when the form repeats the cookie's value, and every other post is a 400 before the
 * resource runs (nothing happens).
 */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "web"))
class FormTokenTest {

    @Test
    void onlyAFormThatRepeatsTheBrowsersCookieIsAccepted() {
        Response page = given().get("/test/forms");
        page.then().statusCode(200);
        Cookie cookie = page.getDetailedCookie(FormToken.COOKIE);
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        assertThat(cookie.getPath()).isEqualTo("/");
        assertThat(cookie.isSecured()).as("Secure is configured off for plain-HTTP tests only").isFalse();
        String token = cookie.getValue();
        assertThat(token).hasSize(43);
        assertThat(page.body().asString()).contains("name=\"formToken\" value=\"" + token + "\"");

        // A page shown again keeps the browser's token (an open tab's form stays valid).
        Response again = given().cookie(FormToken.COOKIE, token).get("/test/forms");
        assertThat(again.getDetailedCookie(FormToken.COOKIE)).isNull();
        assertThat(again.body().asString()).contains("value=\"" + token + "\"");

        int before = FormResource.ACCEPTED.get();
        refused(given().cookie(FormToken.COOKIE, token).contentType("application/x-www-form-urlencoded").formParam("note", "no field"));
        refused(given().contentType("application/x-www-form-urlencoded").formParam("formToken", token).formParam("note", "no cookie"));
        refused(given().cookie(FormToken.COOKIE, token).contentType("application/x-www-form-urlencoded")
                .formParam("formToken", token.substring(1) + "A").formParam("note", "another value"));
        refused(given().cookie(FormToken.COOKIE, token).contentType("application/json").body("{\"formToken\": \"" + token + "\"}"));
        assertThat(FormResource.ACCEPTED.get()).as("nothing refused reached the resource").isEqualTo(before);

        given().cookie(FormToken.COOKIE, token).contentType("application/x-www-form-urlencoded").formParam("formToken", token)
                .formParam("note", "sent").post("/test/forms").then().statusCode(200).body(equalTo("accepted sent " + (before + 1)));
    }

    private static void refused(io.restassured.specification.RequestSpecification request) {
        request.accept("*/*").post("/test/forms").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:lmc:problem:form-token")).body("errors[0].field", equalTo("formToken"));
    }
}
