package org.lmc.contracts.registration;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code org.lmc.registration.team-waitlisted.v1}: every required member committed but the convening was full;
 * {@code waitlistPosition} is 1 for the next team to be promoted, as it stood when the team joined the list.
 */
public record TeamWaitlisted(
        UUID teamId,
        UUID conveningId,
        TeamOrganisation organisation,
        List<TeamMember> members,
        int teamSize,
        boolean presenting,
        String status,
        int waitlistPosition,
        Instant waitlistedAt) {
}
