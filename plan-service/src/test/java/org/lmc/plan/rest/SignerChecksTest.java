package org.lmc.plan.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.TestEvents;
import org.lmc.testing.TestTokens;

/** A person signs only with their own token: the team's org_id, a verified email of the member in a signing role, one account per seat. */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "plan"))
class SignerChecksTest {
    @Inject
    PlanRows rows;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void signersFromElsewhereOrWithAnotherIdentityAreRefusedAndNothingIsWritten() {
        PlanFixtures.Team newHaven = PlanFixtures.district("New Haven Public Schools", "CT");
        PlanFixtures.Team baltimore = PlanFixtures.district("Baltimore City Public Schools", "MD");
        UUID planId;
        try (TestEvents events = TestEvents.connect(bootstrap)) {
            planId = PlanFixtures.confirmedWithPlan(events, newHaven);
            PlanFixtures.confirmedWithPlan(events, baltimore);
        }
        String district = PlanFixtures.district(newHaven);
        PlanFixtures.saveDraft(district, planId, PlanFixtures.content("Joint evaluation", 5, "Evaluate teachers together"));
        PlanFixtures.submit(district, planId);
        String union = newHaven.inRole("UNION_LEADER").email();
        String path = "/api/v1/plans/{p}/versions/1/signatures";

        // Another team's official: their organisation cannot see this plan.
        given().auth().oauth2(PlanFixtures.signer(baltimore, "UNION_LEADER")).post(path, planId).then().statusCode(404);
        // The right organisation, but an email that is no member's.
        given().auth().oauth2(PlanFixtures.token(newHaven.orgId(), "someone@" + newHaven.orgId() + ".example.org", "sub-x", true))
                .post(path, planId).then().statusCode(403).body("detail", equalTo("the token's email is not that of a member of this team"));
        // The union leader's email, unverified.
        given().auth().oauth2(PlanFixtures.token(newHaven.orgId(), union, "sub-u", false)).post(path, planId).then().statusCode(403)
                .body("detail", equalTo("signing needs a token with a verified email (email_verified true)"));
        // The union leader's email, but the token is for another organisation.
        given().auth().oauth2(PlanFixtures.token(baltimore.orgId(), union, "sub-u", true)).post(path, planId).then().statusCode(404);
        // Staff cannot sign for officials.
        given().auth().oauth2(TestTokens.admin()).post(path, planId).then().statusCode(403);
        given().auth().oauth2(TestTokens.agency()).post(path, planId).then().statusCode(403);
        given().post(path, planId).then().statusCode(401);
        assertThat(rows.count("SELECT count(*) FROM plan_signature WHERE plan_id = '" + planId + "'")).isZero();

        // The first signature binds the seat to its account; the same email from another account is refused.
        given().auth().oauth2(PlanFixtures.token(newHaven.orgId(), union, "sub-union-leader", true)).post(path, planId).then().statusCode(201);
        given().auth().oauth2(PlanFixtures.token(newHaven.orgId(), union, "sub-someone-else", true))
                .post(path, planId).then().statusCode(403).body("detail", equalTo("this seat is bound to the account that first signed for it"));
        // Nor does one account sign for two seats.
        given().auth().oauth2(PlanFixtures.token(newHaven.orgId(), newHaven.inRole("SUPERINTENDENT").email(), "sub-union-leader", true))
                .post(path, planId).then().statusCode(403).body("detail", equalTo("this account already signs for another seat of the team"));
        assertThat(rows.text("SELECT string_agg(role || '|' || signer_subject, ',') FROM plan_signature WHERE plan_id = '" + planId + "'"))
                .isEqualTo("UNION_LEADER|sub-union-leader");
    }
}
