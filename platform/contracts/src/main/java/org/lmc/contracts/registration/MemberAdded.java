package org.lmc.contracts.registration;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code org.lmc.registration.member-added.v1}: a team grew by member {@code memberId} in an optional role, within
 * its size limit (a presenting team's is larger). It does not change the team's status or place.
 */
public record MemberAdded(
        UUID teamId,
        UUID conveningId,
        TeamOrganisation organisation,
        List<TeamMember> members,
        int teamSize,
        boolean presenting,
        String status,
        UUID memberId,
        String role,
        Instant addedAt) {
}
