package org.lmc.registration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lmc.testing.LmcTestStack;

/** The OpenAPI document agencies code against: every path of the API sketch, its errors, and examples to copy. */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "registration"))
class RegistrationApiDocumentTest {

    @Test
    void everyEndpointOfTheContractIsDocumentedWithItsErrorsAndExamples() {
        JsonPath api = given().accept("application/json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> paths = api.getMap("paths");
        assertThat(paths).containsKeys("/api/v1/convenings", "/api/v1/convenings/{convening}",
                "/api/v1/convenings/{convening}/teams", "/api/v1/convenings/{convening}/teams/changes", "/api/v1/teams/{team}",
                "/api/v1/teams/{team}/members/{member}/commitment", "/api/v1/teams/{team}/members/{member}",
                "/api/v1/teams/{team}/cancellation", "/api/v1/teams/{team}/presenter", "/api/v1/teams/{team}/members/{member}/check-in");
        assertThat(paths.get("/api/v1/convenings/{convening}/teams")).containsKeys("get", "post");
        assertThat(api.getMap("paths.'/api/v1/teams/{team}/members/{member}'")).containsKey("put");

        Map<String, Object> registerResponses = api.getMap("paths.'/api/v1/convenings/{convening}/teams'.post.responses");
        assertThat(registerResponses).containsKeys("201", "400", "401", "403", "404", "409", "422");
        assertThat(api.getString("paths.'/api/v1/convenings/{convening}/teams'.post.responses.'422'.content.'application/problem+json'.schema.'$ref'"))
                .isEqualTo("#/components/schemas/Problem");
        assertThat(api.getString("paths.'/api/v1/convenings/{convening}/teams'.post.responses.'400'.content.'application/problem+json'.schema.'$ref'"))
                .isEqualTo("#/components/schemas/Problem");
        assertThat(api.getList("paths.'/api/v1/convenings/{convening}/teams'.post.parameters.name", String.class))
                .contains("Idempotency-Key");
        assertThat(api.getList("paths.'/api/v1/convenings/{convening}/teams'.post.security", Map.class)).isNotEmpty();

        assertThat(api.getString("components.schemas.Organisation.properties.ncesLeaId.examples[0]")).isEqualTo("0803360");
        assertThat(api.getString("components.schemas.NewMember.properties.role.examples[0]")).isEqualTo("SUPERINTENDENT");
        assertThat(api.getString("components.schemas.Team.properties.status.examples[0]")).isEqualTo("CONFIRMED");
        assertThat(api.getList("components.schemas.Team.properties.status.enum", String.class))
                .containsExactly("REGISTERED", "CONFIRMED", "WAITLISTED", "CANCELLED");
        assertThat(api.getString("components.schemas.Convening.properties.city.examples[0]")).isEqualTo("Denver");
        assertThat(api.getString("components.schemas.Problem.properties.type.examples[0]")).isEqualTo("urn:lmc:problem:validation");
        assertThat(api.getMap("components.schemas.TeamChanges.properties")).containsKeys("items", "next", "more");
        assertThat(api.getList("paths.'/api/v1/convenings/{convening}/teams/changes'.get.parameters.name", String.class))
                .containsAll(List.of("since", "limit"));
    }
}
