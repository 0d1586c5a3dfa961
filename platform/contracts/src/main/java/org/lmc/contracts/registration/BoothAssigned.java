package org.lmc.contracts.registration;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code org.lmc.registration.booth-assigned.v1}: a confirmed team got its expo booth, a number unique within the
 * convening. It follows the team's confirmed or promoted event.
 */
public record BoothAssigned(
        UUID teamId,
        UUID conveningId,
        TeamOrganisation organisation,
        List<TeamMember> members,
        int teamSize,
        boolean presenting,
        String status,
        int boothNumber,
        Instant assignedAt) {
}
