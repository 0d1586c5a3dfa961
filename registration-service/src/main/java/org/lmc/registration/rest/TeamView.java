package org.lmc.registration.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.lmc.registration.domain.Team;

/** A team as the API shows it. */
public record TeamView(UUID id, UUID conveningId, OrganisationView organisation, String status, boolean presenting,
        List<MemberView> members, Instant registeredAt) {

    public record OrganisationView(String kind, String orgId, String name, String state) {
    }

    public record MemberView(UUID id, String name, String email, String role, Instant committedAt) {
    }

    static TeamView of(Team team) {
        var o = team.organisation();
        return new TeamView(team.id(), team.conveningId(), new OrganisationView(o.kind().name(), o.orgId(), o.name(), o.state()),
                team.status().name(), team.presenting(),
                team.members().stream().map(m -> new MemberView(m.id(), m.name(), m.email(), m.role(), m.committedAt())).toList(),
                team.registeredAt());
    }
}
