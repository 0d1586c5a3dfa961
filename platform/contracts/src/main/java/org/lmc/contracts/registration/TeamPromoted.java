package org.lmc.contracts.registration;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code org.lmc.registration.team-promoted.v1}: the first waitlisted team took the place a cancelled team
 * ({@code freedByTeamId}) gave up; the team is now confirmed.
 */
public record TeamPromoted(
        UUID teamId,
        UUID conveningId,
        TeamOrganisation organisation,
        List<TeamMember> members,
        int teamSize,
        boolean presenting,
        String status,
        Instant promotedAt,
        UUID freedByTeamId) {
}
