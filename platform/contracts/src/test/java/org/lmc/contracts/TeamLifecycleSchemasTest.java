package org.lmc.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.lmc.contracts.registration.BoothAssigned;
import org.lmc.contracts.registration.MemberAdded;
import org.lmc.contracts.registration.MemberCheckedIn;
import org.lmc.contracts.registration.MemberCommitted;
import org.lmc.contracts.registration.MemberReplaced;
import org.lmc.contracts.registration.PresenterDesignated;
import org.lmc.contracts.registration.TeamCancelled;
import org.lmc.contracts.registration.TeamConfirmed;
import org.lmc.contracts.registration.TeamMember;
import org.lmc.contracts.registration.TeamOrganisation;
import org.lmc.contracts.registration.TeamPromoted;
import org.lmc.contracts.registration.TeamWaitlisted;

/** The payload records of the team lifecycle events, as producers write them, validate against their schemas. */
class TeamLifecycleSchemasTest {
    private static final UUID TEAM = UUID.randomUUID();
    private static final UUID CONVENING = UUID.randomUUID();
    private static final Instant AT = Instant.parse("2011-01-20T15:00:00Z");
    private static final TeamOrganisation DENVER = new TeamOrganisation("DISTRICT", "0803360", "Denver Public Schools", "CO");
    private static final List<TeamMember> MEMBERS = List.of(
            new TeamMember(UUID.randomUUID(), "Tom Boasberg", "superintendent@dpsk12.example.org", "SUPERINTENDENT", AT),
            new TeamMember(UUID.randomUUID(), "Henry Roman", "president@dcta.example.org", "UNION_LEADER", null));

    @Test
    void eachLifecyclePayloadValidates() {
        assertValid(EventTypes.MEMBER_COMMITTED_V1, new MemberCommitted(TEAM, CONVENING, DENVER, MEMBERS, 2, false, "REGISTERED",
                MEMBERS.get(0).memberId(), "SUPERINTENDENT", AT, List.of("UNION_LEADER")));
        assertValid(EventTypes.TEAM_CONFIRMED_V1, new TeamConfirmed(TEAM, CONVENING, DENVER, MEMBERS, 2, false, "CONFIRMED", AT));
        assertValid(EventTypes.TEAM_WAITLISTED_V1, new TeamWaitlisted(TEAM, CONVENING, DENVER, MEMBERS, 2, false, "WAITLISTED", 3, AT));
        assertValid(EventTypes.TEAM_PROMOTED_V1, new TeamPromoted(TEAM, CONVENING, DENVER, MEMBERS, 2, true, "CONFIRMED", AT, UUID.randomUUID()));
        assertValid(EventTypes.TEAM_CANCELLED_V1, new TeamCancelled(TEAM, CONVENING, DENVER, MEMBERS, 2, false, "CANCELLED", "CONFIRMED", AT));
        TeamMember previous = new TeamMember(MEMBERS.get(0).memberId(), "Interim", "interim@dpsk12.example.org", "SUPERINTENDENT", AT);
        assertValid(EventTypes.MEMBER_REPLACED_V1, new MemberReplaced(TEAM, CONVENING, DENVER, MEMBERS, 2, false, "CONFIRMED",
                previous.memberId(), previous, AT, List.of("SUPERINTENDENT")));
        assertValid(EventTypes.MEMBER_CHECKED_IN_V1, new MemberCheckedIn(TEAM, CONVENING, DENVER, MEMBERS, 2, false, "CONFIRMED",
                MEMBERS.get(1).memberId(), "UNION_LEADER", AT));
        assertValid(EventTypes.PRESENTER_DESIGNATED_V1, new PresenterDesignated(TEAM, CONVENING, DENVER, MEMBERS, 2, true, "CONFIRMED",
                "ProComp: paying for learning gains and hard-to-staff schools", 5, AT));
        assertValid(EventTypes.MEMBER_ADDED_V1, new MemberAdded(TEAM, CONVENING, DENVER, MEMBERS, 2, true, "CONFIRMED",
                MEMBERS.get(1).memberId(), "TEACHER", AT));
        assertValid(EventTypes.BOOTH_ASSIGNED_V1, new BoothAssigned(TEAM, CONVENING, DENVER, MEMBERS, 2, false, "CONFIRMED", 113, AT));
    }

    @Test
    void aStatusThatContradictsTheEventIsRefused() {
        assertThat(EventSchemas.violations(EventTypes.TEAM_CONFIRMED_V1,
                EventJson.write(new TeamConfirmed(TEAM, CONVENING, DENVER, MEMBERS, 2, false, "WAITLISTED", AT))))
                .singleElement().asString().contains("status");
        assertThat(EventSchemas.violations(EventTypes.TEAM_WAITLISTED_V1,
                EventJson.write(new TeamWaitlisted(TEAM, CONVENING, DENVER, MEMBERS, 2, false, "WAITLISTED", 0, AT))))
                .singleElement().asString().contains("waitlistPosition");
    }

    @Test
    void aMemberWithABadEmailInsideTheSharedDefinitionIsRefused() {
        List<TeamMember> bad = List.of(new TeamMember(UUID.randomUUID(), "Nate Easley", "not-an-email", "BOARD_PRESIDENT", null));
        assertThat(EventSchemas.violations(EventTypes.TEAM_CANCELLED_V1,
                EventJson.write(new TeamCancelled(TEAM, CONVENING, DENVER, bad, 1, false, "CANCELLED", "REGISTERED", AT))))
                .singleElement().asString().contains("email");
    }

    private static void assertValid(String type, Object payload) {
        assertThat(EventSchemas.violations(type, EventJson.write(payload))).as(type).isEmpty();
    }
}
