package org.lmc.contracts.plan;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.lmc.contracts.registration.TeamOrganisation;

/** {@code org.lmc.plan.assistance-assigned.v1}: Department staff assigned a mediator to a team's request. */
public record AssistanceAssigned(
        UUID planId,
        UUID conveningId,
        UUID teamId,
        TeamOrganisation organisation,
        List<String> recipientRoles,
        UUID memberId,
        Instant occurredAt,
        UUID requestId,
        String topic,
        String assignee) {
}
