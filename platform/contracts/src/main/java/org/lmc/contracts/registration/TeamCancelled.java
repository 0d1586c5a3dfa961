package org.lmc.contracts.registration;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code org.lmc.registration.team-cancelled.v1}: a team withdrew. {@code previousStatus} tells whether it gave
 * up a confirmed place (then a team-promoted event for the next team may follow) or a waitlist position.
 */
public record TeamCancelled(
        UUID teamId,
        UUID conveningId,
        TeamOrganisation organisation,
        List<TeamMember> members,
        int teamSize,
        boolean presenting,
        String status,
        String previousStatus,
        Instant cancelledAt) {
}
