package org.lmc.contracts.registration;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code org.lmc.registration.member-committed.v1}: a member committed to attend. {@code awaitedRoles} lists
 * the required roles still to commit; when it is empty the team's confirmed or waitlisted event follows.
 */
public record MemberCommitted(
        UUID teamId,
        UUID conveningId,
        TeamOrganisation organisation,
        List<TeamMember> members,
        int teamSize,
        boolean presenting,
        String status,
        UUID memberId,
        String role,
        Instant committedAt,
        List<String> awaitedRoles) {
}
