package org.lmc.contracts.plan;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.lmc.contracts.registration.TeamOrganisation;

/** {@code org.lmc.plan.milestone-overdue.v1}: a milestone passed its due date undone (threshold {@code OVERDUE}); sent once per milestone and due date. */
public record MilestoneOverdue(
        UUID planId,
        UUID conveningId,
        UUID teamId,
        TeamOrganisation organisation,
        List<String> recipientRoles,
        UUID memberId,
        Instant occurredAt,
        UUID milestoneId,
        String title,
        LocalDate dueDate,
        String ownerRole,
        String threshold) {
}
