package org.lmc.contracts.plan;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.lmc.contracts.registration.TeamOrganisation;

/** {@code org.lmc.plan.milestone-due-soon.v1}: a milestone comes due within {@code daysBefore} days (threshold {@code DUE_IN_14_DAYS}-style); sent once per milestone and threshold. */
public record MilestoneDueSoon(
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
        String threshold,
        int daysBefore) {
}
