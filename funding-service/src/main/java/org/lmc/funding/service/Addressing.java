package org.lmc.funding.service;

import java.util.List;
import org.lmc.contracts.registration.TeamOrganisation;
import org.lmc.funding.domain.Team;

/** The addressing fields every team-facing funding event carries, so notification-service can address it. */
record Addressing(TeamOrganisation organisation, List<String> recipientRoles) {

    /** An event about one member: addressed to that member's role. */
    static Addressing of(Team team, java.util.UUID memberId) {
        List<String> roles = team.member(memberId).map(m -> List.of(m.role())).orElse(List.of());
        return new Addressing(new TeamOrganisation(team.orgKind(), team.orgId(), team.orgName(), team.orgState()), roles);
    }
}
