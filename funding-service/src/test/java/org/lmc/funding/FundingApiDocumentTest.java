package org.lmc.funding;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lmc.testing.LmcTestStack;

/** The OpenAPI document funders and agencies code against: every path, its errors, the Idempotency-Key on payments. */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "funding"))
class FundingApiDocumentTest {

    @Test
    void everyEndpointIsDocumentedWithItsErrors() {
        JsonPath api = given().accept("application/json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> paths = api.getMap("paths");
        assertThat(paths).containsKeys("/api/v1/funders", "/api/v1/grants", "/api/v1/grants/{grant}", "/api/v1/grants/{grant}/ledger",
                "/api/v1/grants/{grant}/ledger.csv", "/api/v1/grants/{grant}/reconciliation", "/api/v1/entitlements", "/api/v1/claims",
                "/api/v1/claims/{claim}", "/api/v1/claims/{claim}/approval", "/api/v1/claims/{claim}/rejection", "/api/v1/invoices",
                "/api/v1/invoices/{invoice}/approval", "/api/v1/invoices/{invoice}/rejection", "/api/v1/payments",
                "/api/v1/audit/verification", "/api/v1/audit/records", "/api/v1/public/convenings/{convening}/funding", "/api/v1/public/teams/{team}/funding");
        assertThat(api.getMap("paths.'/api/v1/payments'.post.responses")).containsKeys("201", "400", "401", "403", "409", "422");
        assertThat(api.getList("paths.'/api/v1/payments'.post.parameters.name", String.class)).contains("Idempotency-Key");
        assertThat(api.getMap("paths.'/api/v1/grants/{grant}'.put.responses")).containsKeys("200", "404", "409", "412", "422", "428");
        assertThat(api.getMap("paths.'/api/v1/public/teams/{team}/funding'.get.responses")).doesNotContainKeys("401", "403");
        assertThat(api.getString("components.schemas.NewClaim.properties.category.examples[0]")).isEqualTo("LODGING");
    }
}
