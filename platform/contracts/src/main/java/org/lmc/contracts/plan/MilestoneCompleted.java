package org.lmc.contracts.plan;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.lmc.contracts.registration.TeamOrganisation;

/** {@code org.lmc.plan.milestone-completed.v1}: a milestone of the published plan was done. */
public record MilestoneCompleted(
        UUID planId,
        UUID conveningId,
        UUID teamId,
        TeamOrganisation organisation,
        List<String> recipientRoles,
        UUID memberId,
        Instant occurredAt,
        int versionNumber,
        UUID milestoneId,
        String title,
        LocalDate dueDate,
        String ownerRole,
        LocalDate completedOn) {
}
