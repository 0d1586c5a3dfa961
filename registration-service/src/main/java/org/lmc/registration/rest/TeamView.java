package org.lmc.registration.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.lmc.registration.domain.Team;

/** A team as the API shows it. */
public record TeamView(UUID id, UUID conveningId, OrganisationView organisation, String status, boolean presenting,
        @Schema(description = "the breakout session a presenting team leads") String presentingSession,
        @Schema(description = "1 = next to be promoted; present only while the team is WAITLISTED") Integer waitlistPosition,
        @Schema(description = "expo booth, unique within the convening; present while the team is CONFIRMED") Integer boothNumber,
        List<MemberView> members, Instant registeredAt, Instant confirmedAt, Instant cancelledAt) {

    /** The documented shape of a page of teams (the endpoint answers with the platform's generic Page). */
    @Schema(name = "TeamPage")
    public record PageSchema(List<TeamView> items, @Schema(description = "pass as ?after= for the next page; absent on the last") String next) {
    }

    public record OrganisationView(String kind, String orgId, String name, String state) {
    }

    public record MemberView(UUID id, String name, String email, String role, Instant committedAt, Instant checkedInAt) {
    }

    static TeamView of(Team team, Integer waitlistPosition) {
        var o = team.organisation();
        return new TeamView(team.id(), team.conveningId(), new OrganisationView(o.kind().name(), o.orgId(), o.name(), o.state()),
                team.status().name(), team.presenting(), team.presentingSession(), waitlistPosition, team.boothNumber(),
                team.members().stream().map(m -> new MemberView(m.id(), m.name(), m.email(), m.role(), m.committedAt(), m.checkedInAt())).toList(),
                team.registeredAt(), team.confirmedAt(), team.cancelledAt());
    }
}
