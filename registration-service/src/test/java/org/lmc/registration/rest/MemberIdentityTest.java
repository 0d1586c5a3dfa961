package org.lmc.registration.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.lmc.contracts.EventTypes;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.TestTokens;

/**
 * A member is acted for in person only with a verified email, and then only by the account that first did so; the
 * refusals come before the convening's lock; members' emails go only to those who manage the team.
 */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "registration"))
class MemberIdentityTest {
    @Inject
    Rows rows;
    @Inject
    DataSource dataSource;

    /** A district user of the team's organisation, account {@code subject}, whose token shows {@code email}. */
    private static TestTokens person(Fixtures.RegisteredTeam team, String subject, String email) {
        return TestTokens.user(subject).roles("district").orgId(team.orgId()).email(email);
    }

    private String commitmentOf(Fixtures.RegisteredTeam team, String role) {
        return rows.text("SELECT coalesce(committed_by, '-') || ' bound=' || coalesce(bound_subject, '-') FROM team_member"
                + " WHERE team_id = '" + team.id() + "' AND role = '" + role + "'");
    }

    private String committedEvents(Fixtures.RegisteredTeam team) {
        return rows.text("SELECT count(*) FROM lmc_outbox WHERE record_key = '" + team.id() + "' AND event_type = '"
                + EventTypes.MEMBER_COMMITTED_V1 + "'");
    }

    @Test
    void anUnverifiedEmailIsRefusedAndNothingIsRecorded() {
        Fixtures.RegisteredTeam team = Fixtures.registerDistrictTeam(Fixtures.openDenver(150), Fixtures.nextColoradoDistrict());
        // The experiment: a district user whose token now shows the union leader's email, unverified.
        String forged = person(team, "district-user-" + team.orgId(), team.email("UNION_LEADER")).emailVerified(false).token();
        CommitmentAndWaitlistTest.commit(forged, team.id(), team.member("UNION_LEADER"))
                .statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("urn:lmc:problem:email-not-verified"));
        assertThat(commitmentOf(team, "UNION_LEADER")).isEqualTo("- bound=-");
        assertThat(committedEvents(team)).isEqualTo("0");
    }

    @Test
    void theFirstVerifiedCommitmentBindsTheMemberAndAnotherAccountWithTheSameEmailIsRefused() {
        Fixtures.RegisteredTeam team = Fixtures.registerDistrictTeam(Fixtures.openDenver(150), Fixtures.nextColoradoDistrict());
        UUID leader = team.member("UNION_LEADER");
        String email = team.email("UNION_LEADER");
        String first = "carter-" + team.orgId();

        CommitmentAndWaitlistTest.commit(person(team, first, email).token(), team.id(), leader).statusCode(200);
        assertThat(commitmentOf(team, "UNION_LEADER")).isEqualTo(first + " bound=" + first);

        // Another account showing the same verified email: 403 identity-bound, and the binding stays.
        CommitmentAndWaitlistTest.commit(person(team, "second-account-" + team.orgId(), email).token(), team.id(), leader)
                .statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("urn:lmc:problem:identity-bound"));
        // The bound account acts again (a repeat changes nothing), whatever email its token shows by now.
        CommitmentAndWaitlistTest.commit(person(team, first, "carter@elsewhere.example.org").token(), team.id(), leader).statusCode(200);
        assertThat(commitmentOf(team, "UNION_LEADER")).isEqualTo(first + " bound=" + first);
        assertThat(committedEvents(team)).isEqualTo("1");
    }

    @Test
    void aReplacementReleasesTheBindingAndTheNextVerifiedPersonIsBound() {
        Fixtures.RegisteredTeam team = Fixtures.registerDistrictTeam(Fixtures.openDenver(150), Fixtures.nextColoradoDistrict());
        UUID leader = team.member("UNION_LEADER");
        String email = team.email("UNION_LEADER");
        String lost = "lost-account-" + team.orgId();
        String fresh = "new-account-" + team.orgId();
        CommitmentAndWaitlistTest.commit(person(team, lost, email).token(), team.id(), leader).statusCode(200);

        // The same person again (their old account lost): an identical replacement only releases the binding.
        String samePerson = "{\"name\": \"Union Leader " + team.orgId() + "\", \"email\": \"" + email + "\", \"role\": \"UNION_LEADER\"}";
        MemberReplacementAndCheckInTest.replace(TestTokens.agency(), team.id(), leader, samePerson).statusCode(200);
        assertThat(commitmentOf(team, "UNION_LEADER")).isEqualTo(lost + " bound=-");
        CommitmentAndWaitlistTest.commit(person(team, fresh, email).token(), team.id(), leader).statusCode(200);
        assertThat(commitmentOf(team, "UNION_LEADER")).isEqualTo(lost + " bound=" + fresh);
        CommitmentAndWaitlistTest.commit(person(team, lost, email).token(), team.id(), leader)
                .statusCode(403).body("type", equalTo("urn:lmc:problem:identity-bound"));

        // Another person in the seat: commitment and binding start over.
        String successor = "{\"name\": \"Interim Leader\", \"email\": \"interim@d" + team.orgId() + ".example.org\", \"role\": \"UNION_LEADER\"}";
        MemberReplacementAndCheckInTest.replace(TestTokens.agency(), team.id(), leader, successor).statusCode(200);
        assertThat(commitmentOf(team, "UNION_LEADER")).isEqualTo("- bound=-");
        CommitmentAndWaitlistTest.commit(person(team, fresh, email).token(), team.id(), leader)
                .statusCode(403).body("type", equalTo("urn:lmc:problem:forbidden"));
    }

    @Test
    void aRefusedCommitmentNeverWaitsForTheConveningsLock() throws Exception {
        UUID convening = Fixtures.openDenver(150);
        Fixtures.RegisteredTeam team = Fixtures.registerDistrictTeam(convening, Fixtures.nextColoradoDistrict());
        String wrongPerson = person(team, "board-" + team.orgId(), team.email("BOARD_PRESIDENT")).token();
        String otherDistrict = TestTokens.user("baltimore").roles("district").orgId(Fixtures.BALTIMORE).email(team.email("UNION_LEADER")).token();
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("SELECT id FROM convening WHERE id = ? FOR UPDATE")) {
                lock.setObject(1, convening);
                lock.executeQuery().close();
            }
            // With the convening locked elsewhere, refusals still answer at once (a 60 s lock wait would time out below).
            var refusals = CompletableFuture.supplyAsync(() -> List.of(
                    CommitmentAndWaitlistTest.commit(wrongPerson, team.id(), team.member("UNION_LEADER")).extract().statusCode(),
                    CommitmentAndWaitlistTest.commit(otherDistrict, team.id(), team.member("UNION_LEADER")).extract().statusCode()));
            assertThat(refusals.get(Duration.ofSeconds(20).toSeconds(), TimeUnit.SECONDS)).containsExactly(403, 404);
            holder.rollback();
        }
        assertThat(commitmentOf(team, "UNION_LEADER")).isEqualTo("- bound=-");
    }

    @Test
    void membersEmailsGoToStaffAndTheTeamsOwnDistrictButNotToFundersOrAuditors() {
        UUID convening = Fixtures.openDenver(150);
        Fixtures.RegisteredTeam team = Fixtures.registerDistrictTeam(convening, Fixtures.nextColoradoDistrict());
        List<String> emails = List.of(team.email("SUPERINTENDENT"), team.email("UNION_LEADER"), team.email("BOARD_PRESIDENT"));
        for (String reader : List.of(TestTokens.admin(), TestTokens.agency(), TestTokens.district(team.orgId()))) {
            given().auth().oauth2(reader).get("/api/v1/teams/{t}", team.id()).then().statusCode(200).body("members.email", contains(emails.toArray()));
            given().auth().oauth2(reader).get("/api/v1/convenings/{c}/teams", convening).then().statusCode(200)
                    .body("items[0].members.email", contains(emails.toArray()));
        }
        for (String reader : List.of(TestTokens.user("ford").roles("funder").funderId("ford-foundation").token(),
                TestTokens.user("auditor").roles("auditor").token())) {
            given().auth().oauth2(reader).get("/api/v1/teams/{t}", team.id()).then().statusCode(200)
                    .body("members.name", contains("Superintendent " + team.orgId(), "Union Leader " + team.orgId(),
                            "Board President " + team.orgId()))
                    .body("members.email", everyItem(nullValue()));
            given().auth().oauth2(reader).get("/api/v1/convenings/{c}/teams", convening).then().statusCode(200)
                    .body("items[0].members.email", everyItem(nullValue()));
            given().auth().oauth2(reader).get("/api/v1/convenings/{c}/teams/changes", convening).then().statusCode(200)
                    .body("items[0].members.email", everyItem(nullValue()));
        }
        // A role no list names reads nothing.
        given().auth().oauth2(TestTokens.user("visitor").roles("visitor").token()).get("/api/v1/teams/{t}", team.id()).then()
                .statusCode(403);
    }
}
