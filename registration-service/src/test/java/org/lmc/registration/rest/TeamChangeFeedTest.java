package org.lmc.registration.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.TestTokens;

/** The teams' change feed an agency syncs from: each change once, settled changes only, never one skipped. */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "registration"))
class TeamChangeFeedTest {
    @Inject
    DataSource dataSource;

    static ValidatableResponse changes(String token, UUID convening, String query) {
        var request = given();
        if (token != null) {
            request.auth().oauth2(token);
        }
        return request.get("/api/v1/convenings/{c}/teams/changes" + query, convening).then();
    }

    static String nextToken(UUID convening, String query) {
        return changes(TestTokens.agency(), convening, query).statusCode(200).extract().path("next");
    }

    @Test
    void aSyncingAgencySeesEachChangeOnceWithTheTeamsNewestState() {
        UUID convening = Fixtures.openDenver(150);
        String start = nextToken(convening, "");
        changes(TestTokens.agency(), convening, "").body("items", empty()).body("more", equalTo(false));

        Fixtures.RegisteredTeam first = Fixtures.registerDistrictTeam(convening, Fixtures.nextColoradoDistrict());
        Fixtures.RegisteredTeam second = Fixtures.registerDistrictTeam(convening, Fixtures.nextColoradoDistrict());
        String afterRegistrations = changes(TestTokens.agency(), convening, "?since=" + start).statusCode(200)
                .body("items.id", contains(first.id().toString(), second.id().toString()))
                .body("items.status", contains("REGISTERED", "REGISTERED"))
                .body("more", equalTo(false))
                .extract().path("next");
        changes(TestTokens.agency(), convening, "?since=" + afterRegistrations).statusCode(200)
                .body("items", empty()).body("next", equalTo(afterRegistrations));

        for (String role : first.memberByRole().keySet()) {
            Fixtures.commitAsStaff(first.id(), first.member(role));
        }
        changes(TestTokens.agency(), convening, "?since=" + afterRegistrations).statusCode(200)
                .body("items.id", contains(first.id().toString()))
                .body("items[0].status", equalTo("CONFIRMED"))
                .body("items[0].boothNumber", equalTo(1));

        // From the start, the first team now comes after the second: its newest change is the latest.
        String firstPage = changes(TestTokens.agency(), convening, "?limit=1").statusCode(200)
                .body("items.id", contains(second.id().toString())).body("more", equalTo(true)).extract().path("next");
        changes(TestTokens.agency(), convening, "?limit=1&since=" + firstPage).statusCode(200)
                .body("items.id", contains(first.id().toString())).body("more", equalTo(false));
    }

    @Test
    void aChangeStillInFlightHoldsBackYoungerChangesUntilItEnds() throws Exception {
        UUID convening = Fixtures.openDenver(150);
        Fixtures.RegisteredTeam slow = Fixtures.registerDistrictTeam(convening, Fixtures.nextColoradoDistrict());
        Fixtures.RegisteredTeam fast = Fixtures.registerDistrictTeam(convening, Fixtures.nextColoradoDistrict());
        String synced = nextToken(convening, "");

        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement touch = connection.prepareStatement("UPDATE team SET org_name = org_name || ' (renamed)' WHERE id = ?")) {
                touch.setObject(1, slow.id());
                touch.executeUpdate();
            }
            // A younger transaction changes the other team and commits first.
            Fixtures.commitAsStaff(fast.id(), fast.member("SUPERINTENDENT"));
            changes(TestTokens.agency(), convening, "?since=" + synced).statusCode(200)
                    .body("items", empty()).body("next", equalTo(synced));
            connection.commit();
        }
        changes(TestTokens.agency(), convening, "?since=" + synced).statusCode(200)
                .body("items.id", contains(slow.id().toString(), fast.id().toString()))
                .body("items[0].organisation.name", equalTo("District " + slow.orgId() + " (renamed)"))
                .body("items[1].members[0].committedAt", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void aDistrictUserFollowsOnlyItsOwnTeamAndReadersNeedAToken() {
        UUID convening = Fixtures.openDenver(150);
        Fixtures.RegisteredTeam own = Fixtures.registerDistrictTeam(convening, Fixtures.nextColoradoDistrict());
        Fixtures.registerDistrictTeam(convening, Fixtures.nextColoradoDistrict());
        changes(TestTokens.district(own.orgId()), convening, "").statusCode(200).body("items.id", contains(own.id().toString()));
        changes(TestTokens.district(Fixtures.BALTIMORE), convening, "").statusCode(200).body("items", empty());
        changes(TestTokens.user("auditor").roles("auditor").token(), convening, "").statusCode(200)
                .body("items.size()", equalTo(2));
        changes(null, convening, "").statusCode(401);
        changes(TestTokens.user("nobody").roles("visitor").token(), convening, "").statusCode(403);
    }

    @Test
    void aBadTokenLimitOrConveningIsAPreciseProblem() {
        UUID convening = Fixtures.openDenver(150);
        changes(TestTokens.agency(), convening, "?since=not-a-token").statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("since"));
        changes(TestTokens.agency(), convening, "?limit=0").statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("limit"));
        changes(TestTokens.agency(), convening, "?limit=ten").statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("limit"));
        changes(TestTokens.agency(), UUID.randomUUID(), "").statusCode(404)
                .contentType("application/problem+json").body("type", equalTo("urn:lmc:problem:not-found"));
    }
}
