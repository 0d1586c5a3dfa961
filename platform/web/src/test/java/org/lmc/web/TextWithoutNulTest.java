package org.lmc.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.TestTokens;

/** A NUL character in any string of a body is a 400 naming the field, never a 500 from PostgreSQL; nothing is written. */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "web"))
class TextWithoutNulTest {

    @Test
    void aNulCharacterIsRefusedByName() {
        String prefix = "nul-" + UUID.randomUUID();
        given().auth().oauth2(TestTokens.agency()).contentType(ContentType.JSON).body("{\"name\": \"" + prefix + "\\u0000x\"}")
                .post("/test/widgets").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("name"))
                .body("errors[0].message", equalTo("must not contain the NUL character (U+0000)"));
        given().auth().oauth2(TestTokens.agency()).queryParam("prefix", prefix).get("/test/widgets").then().statusCode(200)
                .body("items.size()", equalTo(0));
        // The same text without it is accepted.
        given().auth().oauth2(TestTokens.agency()).contentType(ContentType.JSON).body("{\"name\": \"" + prefix + "x\"}")
                .post("/test/widgets").then().statusCode(201);
    }
}
