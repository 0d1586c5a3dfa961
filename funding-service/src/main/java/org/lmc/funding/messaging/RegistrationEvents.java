package org.lmc.funding.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.lmc.contracts.EventTypes;
import org.lmc.contracts.registration.MemberAdded;
import org.lmc.contracts.registration.MemberReplaced;
import org.lmc.contracts.registration.PresenterDesignated;
import org.lmc.contracts.registration.TeamCancelled;
import org.lmc.contracts.registration.TeamConfirmed;
import org.lmc.contracts.registration.TeamMember;
import org.lmc.contracts.registration.TeamOrganisation;
import org.lmc.contracts.registration.TeamPromoted;
import org.lmc.contracts.registration.TeamRegistered;
import org.lmc.funding.domain.Team;
import org.lmc.funding.service.TeamFunding;
import org.lmc.messaging.EventHandler;
import org.lmc.messaging.IncomingEvent;

/**
 * Registration's team lifecycle, as funding needs it: every event refreshes the team projection; confirmation and
 * promotion reserve travel, cancellation releases it, replacement moves it to the slot's new person, and a team that
 * grows (an added member, a presenter designation) while holding its place gets its new travellers reserved.
 */
@ApplicationScoped
public class RegistrationEvents implements EventHandler {
    private final TeamFunding funding;

    RegistrationEvents(TeamFunding funding) {
        this.funding = funding;
    }

    @Override
    public Set<String> types() {
        return Set.of(EventTypes.TEAM_REGISTERED_V1, EventTypes.TEAM_CONFIRMED_V1, EventTypes.TEAM_PROMOTED_V1,
                EventTypes.TEAM_CANCELLED_V1, EventTypes.MEMBER_REPLACED_V1, EventTypes.MEMBER_ADDED_V1,
                EventTypes.PRESENTER_DESIGNATED_V1);
    }

    @Override
    public void handle(IncomingEvent event) {
        Instant at = event.time() != null ? event.time() : Instant.now();
        switch (event.type()) {
            case EventTypes.TEAM_REGISTERED_V1 -> {
                TeamRegistered e = event.data(TeamRegistered.class);
                List<Team.Member> members = new ArrayList<>();
                for (int i = 0; i < e.members().size(); i++) {
                    TeamRegistered.Member m = e.members().get(i);
                    members.add(new Team.Member(m.memberId(), i, m.name(), m.email(), m.role()));
                }
                funding.remember(new Team(e.teamId(), e.conveningId(), e.organisation().kind(), e.organisation().orgId(),
                        e.organisation().name(), e.organisation().state(), e.presenting(), e.status(), members));
            }
            case EventTypes.TEAM_CONFIRMED_V1 -> {
                TeamConfirmed e = event.data(TeamConfirmed.class);
                funding.reserve(team(e.teamId(), e.conveningId(), e.organisation(), e.presenting(), e.status(), e.members()), at);
            }
            case EventTypes.TEAM_PROMOTED_V1 -> {
                TeamPromoted e = event.data(TeamPromoted.class);
                funding.reserve(team(e.teamId(), e.conveningId(), e.organisation(), e.presenting(), e.status(), e.members()), at);
            }
            case EventTypes.TEAM_CANCELLED_V1 -> {
                TeamCancelled e = event.data(TeamCancelled.class);
                funding.release(team(e.teamId(), e.conveningId(), e.organisation(), e.presenting(), e.status(), e.members()), at);
            }
            case EventTypes.MEMBER_REPLACED_V1 -> {
                MemberReplaced e = event.data(MemberReplaced.class);
                funding.replaceMember(team(e.teamId(), e.conveningId(), e.organisation(), e.presenting(), e.status(), e.members()),
                        e.memberId(), e.previousMember().email());
            }
            case EventTypes.MEMBER_ADDED_V1 -> {
                MemberAdded e = event.data(MemberAdded.class);
                grown(team(e.teamId(), e.conveningId(), e.organisation(), e.presenting(), e.status(), e.members()), at);
            }
            case EventTypes.PRESENTER_DESIGNATED_V1 -> {
                PresenterDesignated e = event.data(PresenterDesignated.class);
                grown(team(e.teamId(), e.conveningId(), e.organisation(), e.presenting(), e.status(), e.members()), at);
            }
            default -> throw new IllegalStateException("not a handled type: " + event.type());
        }
    }

    private void grown(Team team, Instant at) {
        if ("CONFIRMED".equals(team.status())) {
            funding.reserve(team, at);
        } else {
            funding.remember(team);
        }
    }

    private static Team team(UUID id, UUID conveningId, TeamOrganisation org, boolean presenting, String status, List<TeamMember> members) {
        List<Team.Member> list = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            TeamMember m = members.get(i);
            list.add(new Team.Member(m.memberId(), i, m.name(), m.email(), m.role()));
        }
        return new Team(id, conveningId, org.kind(), org.orgId(), org.name(), org.state(), presenting, status, list);
    }
}
