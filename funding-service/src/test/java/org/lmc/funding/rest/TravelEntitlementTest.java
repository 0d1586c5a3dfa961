package org.lmc.funding.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lmc.contracts.EventJson;
import org.lmc.contracts.EventTypes;
import org.lmc.contracts.Topics;
import org.lmc.contracts.funding.EntitlementReleased;
import org.lmc.contracts.funding.EntitlementReserved;
import org.lmc.contracts.funding.EntitlementUnfunded;
import org.lmc.contracts.funding.FundingEventTypes;
import org.lmc.contracts.registration.MemberReplaced;
import org.lmc.contracts.registration.TeamCancelled;
import org.lmc.contracts.registration.TeamConfirmed;
import org.lmc.contracts.registration.TeamMember;
import org.lmc.testing.EventProbe;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.TestEvents;

/** Travel entitlements driven by registration's events through the inbox: reserve, unfunded, release, replacement. */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "funding"))
class TravelEntitlementTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    Rows rows;

    @BeforeEach
    void funders() {
        Fixtures.ensureFunders();
    }

    private void awaitEntitlements(UUID team, String status, long count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> rows.number("SELECT count(*) FROM entitlement WHERE team_id = '" + team
                + "' AND status = '" + status + "'") == count);
    }

    private long balance(UUID grant, String account) {
        return rows.number("SELECT balance_cents FROM ledger_account WHERE grant_id = '" + grant + "' AND account = '" + account + "'");
    }

    @Test
    void aConfirmedTeamIsReservedOnceFromTheFirstGrantInDrawOrderThatHoldsItEvenWhenRedelivered() {
        UUID convening = UUID.randomUUID();
        UUID gates = Fixtures.travelGrant(convening, Fixtures.GATES, 10_000_000, 160_000, 2, "");
        UUID ford = Fixtures.travelGrant(convening, Fixtures.FORD, 450_000, 150_000, 1, "");
        TeamConfirmed team = Fixtures.confirmedTeam(convening, Fixtures.nextLeaId(), 3, false);
        TeamConfirmed presenting = Fixtures.confirmedTeam(convening, Fixtures.nextLeaId(), 5, true);
        try (EventProbe probe = EventProbe.open(bootstrap, Topics.FUNDING_EVENTS); TestEvents events = TestEvents.connect(bootstrap)) {
            String id = UUID.randomUUID().toString();
            byte[] data = EventJson.write(team);
            events.send(Topics.REGISTRATION_EVENTS, id, EventTypes.TEAM_CONFIRMED_V1, team.teamId().toString(), data);
            events.send(Topics.REGISTRATION_EVENTS, id, EventTypes.TEAM_CONFIRMED_V1, team.teamId().toString(), data);
            // The same confirmation under a new event id (a producer that retried) finds every traveller covered.
            events.send(Topics.REGISTRATION_EVENTS, EventTypes.TEAM_CONFIRMED_V1, team.teamId().toString(), team);
            // A later event on the same partition key proves the consumer went past all three copies.
            events.send(Topics.REGISTRATION_EVENTS, EventTypes.TEAM_CONFIRMED_V1, presenting.teamId().toString(), presenting);
            awaitEntitlements(presenting.teamId(), "RESERVED", 5);
            awaitEntitlements(team.teamId(), "RESERVED", 3);

            assertThat(rows.number("SELECT count(*) FROM entitlement WHERE team_id = '" + team.teamId() + "'")).isEqualTo(3);
            assertThat(rows.number("SELECT count(DISTINCT grant_id) FROM entitlement WHERE team_id = '" + team.teamId() + "' AND grant_id = '"
                    + ford + "'")).isEqualTo(1);
            assertThat(rows.number("SELECT count(*) FROM lmc_inbox WHERE consumer = 'funding-service' AND event_id = '" + id + "'")).isEqualTo(1);
            assertThat(balance(ford, "AVAILABLE")).isZero();
            assertThat(balance(ford, "RESERVED")).isEqualTo(450_000);
            // Ford is full: the presenting team of five goes whole to Gates, next in the draw order.
            assertThat(balance(gates, "RESERVED")).isEqualTo(5 * 160_000);
            assertThat(rows.grantsOutOfBalance()).isZero();

            TeamMember superintendent = team.members().get(0);
            EventProbe.Event reserved = probe.await(e -> FundingEventTypes.ENTITLEMENT_RESERVED_V1.equals(e.type())
                    && team.teamId().toString().equals(e.key()) && superintendent.memberId().toString().equals(e.data().get("memberId").asText()),
                    Duration.ofSeconds(30));
            EntitlementReserved payload = reserved.data(EntitlementReserved.class);
            UUID entitlement = UUID.fromString(rows.text("SELECT id FROM entitlement WHERE member_id = '" + superintendent.memberId() + "'"));
            assertThat(payload).isEqualTo(new EntitlementReserved(convening, team.teamId(), team.organisation(), List.of("SUPERINTENDENT"),
                    superintendent.memberId(), payload.occurredAt(), entitlement, ford, Fixtures.FORD, 150_000, "USD"));
            long reservedEvents = probe.drain(Duration.ofSeconds(1)).stream().filter(e -> FundingEventTypes.ENTITLEMENT_RESERVED_V1
                    .equals(e.type()) && team.teamId().toString().equals(e.key())).count();
            assertThat(reservedEvents).isEqualTo(3);
        }
        given().auth().oauth2(Fixtures.admin()).queryParam("team", team.teamId()).get("/api/v1/entitlements").then().statusCode(200)
                .body("size()", equalTo(3)).body("[0].status", equalTo("RESERVED")).body("[0].reservedCents", equalTo(150_000));
    }

    @Test
    void whenNoGrantHasRoomTheTravellerIsUnfundedAndAnEventSaysSo() {
        UUID convening = UUID.randomUUID();
        UUID ford = Fixtures.travelGrant(convening, Fixtures.FORD, 200_000, 150_000, 0, "");
        TeamConfirmed team = Fixtures.confirmedTeam(convening, Fixtures.nextLeaId(), 3, false);
        try (EventProbe probe = EventProbe.open(bootstrap, Topics.FUNDING_EVENTS)) {
            Fixtures.confirm(bootstrap, team);
            awaitEntitlements(team.teamId(), "UNFUNDED", 2);
            awaitEntitlements(team.teamId(), "RESERVED", 1);
            assertThat(balance(ford, "AVAILABLE")).isEqualTo(50_000);
            TeamMember last = team.members().get(2);
            EventProbe.Event unfunded = probe.await(e -> FundingEventTypes.ENTITLEMENT_UNFUNDED_V1.equals(e.type())
                    && last.memberId().toString().equals(e.data().get("memberId").asText()), Duration.ofSeconds(30));
            assertThat(unfunded.key()).isEqualTo(team.teamId().toString());
            EntitlementUnfunded payload = unfunded.data(EntitlementUnfunded.class);
            assertThat(payload.recipientRoles()).containsExactly("BOARD_PRESIDENT");
            assertThat(payload.organisation()).isEqualTo(team.organisation());
            assertThat(payload.conveningId()).isEqualTo(convening);
            assertThat(payload.reason()).isEqualTo("no travel grant of the convening has room for this traveller's estimated cost");
        }
    }

    @Test
    void aReplacedMemberTakesOverTheEntitlementAndACancelledTeamReleasesWhatIsUnspent() {
        UUID convening = UUID.randomUUID();
        UUID ford = Fixtures.travelGrant(convening, Fixtures.FORD, 1_000_000, 150_000, 0, "");
        String leaId = Fixtures.nextLeaId();
        TeamConfirmed team = Fixtures.confirmedTeam(convening, leaId, 3, false);
        Fixtures.confirm(bootstrap, team);
        awaitEntitlements(team.teamId(), "RESERVED", 3);

        TeamMember superintendent = team.members().get(0);
        String claimId = given().auth().oauth2(Fixtures.traveller(leaId, superintendent.email())).contentType(ContentType.JSON)
                .body(Fixtures.claim(team, 0, "LODGING", 100_000, "OFFICIAL_DUTY")).post("/api/v1/claims").then().statusCode(201)
                .extract().path("id");
        given().auth().oauth2(Fixtures.funder(Fixtures.FORD)).post("/api/v1/claims/{c}/approval", claimId).then().statusCode(200)
                .body("status", equalTo("APPROVED"));

        TeamMember union = team.members().get(1);
        TeamMember successor = new TeamMember(union.memberId(), "New Union Leader", "new-union@d" + leaId + ".example.org", union.role(), null);
        List<TeamMember> members = List.of(superintendent, successor, team.members().get(2));
        MemberReplaced replaced = new MemberReplaced(team.teamId(), convening, team.organisation(), members, 3, false, "CONFIRMED",
                union.memberId(), union, Instant.parse("2011-02-01T10:00:00Z"), List.of("UNION_LEADER"));
        Fixtures.send(bootstrap, EventTypes.MEMBER_REPLACED_V1, team.teamId(), replaced);
        await().atMost(Duration.ofSeconds(30)).until(() -> successor.email().equals(rows.text("SELECT email FROM team_member WHERE member_id = '"
                + union.memberId() + "'")));
        // The slot's entitlement is the new person's: they claim; the person they replaced no longer can.
        given().auth().oauth2(Fixtures.traveller(leaId, union.email())).contentType(ContentType.JSON)
                .body(Fixtures.claim(team, 1, "MEALS", 5_000, "PERSONAL_LEAVE")).post("/api/v1/claims").then().statusCode(403);
        given().auth().oauth2(Fixtures.traveller(leaId, successor.email())).contentType(ContentType.JSON)
                .body(Fixtures.claim(team, 1, "MEALS", 5_000, "PERSONAL_LEAVE")).post("/api/v1/claims").then().statusCode(201)
                .body("travellerName", equalTo("New Union Leader"));
        assertThat(rows.number("SELECT count(*) FROM entitlement WHERE team_id = '" + team.teamId() + "'")).isEqualTo(3);

        try (EventProbe probe = EventProbe.open(bootstrap, Topics.FUNDING_EVENTS)) {
            TeamCancelled cancelled = new TeamCancelled(team.teamId(), convening, team.organisation(), members, 3, false, "CANCELLED",
                    "CONFIRMED", Instant.parse("2011-02-05T10:00:00Z"));
            Fixtures.send(bootstrap, EventTypes.TEAM_CANCELLED_V1, team.teamId(), cancelled);
            awaitEntitlements(team.teamId(), "RELEASED", 3);
            assertThat(balance(ford, "RESERVED")).isZero();
            assertThat(balance(ford, "PAYABLE")).isEqualTo(100_000);
            assertThat(balance(ford, "AVAILABLE")).isEqualTo(900_000);
            EntitlementReleased released = probe.await(e -> FundingEventTypes.ENTITLEMENT_RELEASED_V1.equals(e.type())
                    && superintendent.memberId().toString().equals(e.data().get("memberId").asText()), Duration.ofSeconds(30))
                    .data(EntitlementReleased.class);
            assertThat(released.amountCents()).isEqualTo(50_000);
            assertThat(released.reason()).isEqualTo("TEAM_CANCELLED");
            assertThat(released.grantId()).isEqualTo(ford);
        }
        assertThat(rows.grantsOutOfBalance()).isZero();
    }

    @Test
    void travelReleasedByACancelledTeamFundsTheTravellersStillWaitingOldestFirst() {
        UUID convening = UUID.randomUUID();
        // Room for four travellers: the first team takes three, the second gets one and waits for two.
        UUID ford = Fixtures.travelGrant(convening, Fixtures.FORD, 600_000, 150_000, 0, "");
        TeamConfirmed first = Fixtures.confirmedTeam(convening, Fixtures.nextLeaId(), 3, false);
        TeamConfirmed second = Fixtures.confirmedTeam(convening, Fixtures.nextLeaId(), 3, false);
        Fixtures.confirm(bootstrap, first);
        awaitEntitlements(first.teamId(), "RESERVED", 3);
        Fixtures.confirm(bootstrap, second);
        awaitEntitlements(second.teamId(), "RESERVED", 1);
        awaitEntitlements(second.teamId(), "UNFUNDED", 2);
        assertThat(balance(ford, "AVAILABLE")).isZero();

        try (EventProbe probe = EventProbe.open(bootstrap, Topics.FUNDING_EVENTS)) {
            TeamCancelled cancelled = new TeamCancelled(first.teamId(), convening, first.organisation(), first.members(), 3, false,
                    "CANCELLED", "CONFIRMED", Instant.parse("2011-02-05T10:00:00Z"));
            Fixtures.send(bootstrap, EventTypes.TEAM_CANCELLED_V1, first.teamId(), cancelled);
            awaitEntitlements(first.teamId(), "RELEASED", 3);
            // The same entitlement rows are funded (no new ones): the waiting travellers keep their place in line.
            awaitEntitlements(second.teamId(), "RESERVED", 3);
            assertThat(rows.number("SELECT count(*) FROM entitlement WHERE team_id = '" + second.teamId() + "'")).isEqualTo(3);
            assertThat(balance(ford, "RESERVED")).isEqualTo(3 * 150_000);
            assertThat(balance(ford, "AVAILABLE")).isEqualTo(150_000);
            TeamMember waited = second.members().get(2);
            EventProbe.Event reserved = probe.await(e -> FundingEventTypes.ENTITLEMENT_RESERVED_V1.equals(e.type())
                    && waited.memberId().toString().equals(e.data().get("memberId").asText()), Duration.ofSeconds(30));
            EntitlementReserved payload = reserved.data(EntitlementReserved.class);
            UUID entitlement = UUID.fromString(rows.text("SELECT id FROM entitlement WHERE member_id = '" + waited.memberId() + "'"));
            assertThat(payload).isEqualTo(new EntitlementReserved(convening, second.teamId(), second.organisation(),
                    List.of("BOARD_PRESIDENT"), waited.memberId(), payload.occurredAt(), entitlement, ford, Fixtures.FORD, 150_000, "USD"));
            assertThat(reserved.key()).isEqualTo(second.teamId().toString());
        }
        assertThat(rows.number("SELECT count(*) FROM audit_record WHERE action = 'ENTITLEMENT_RESERVED' AND details LIKE '%"
                + second.teamId() + "%'")).isEqualTo(3);
        assertThat(rows.grantsOutOfBalance()).isZero();
    }
}
