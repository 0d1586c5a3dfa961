package org.lmc.contracts.plan;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.lmc.contracts.registration.TeamOrganisation;

/** {@code org.lmc.plan.assistance-requested.v1}: a team asked for mediation support (the FMCS offer). */
public record AssistanceRequested(
        UUID planId,
        UUID conveningId,
        UUID teamId,
        TeamOrganisation organisation,
        List<String> recipientRoles,
        UUID memberId,
        Instant occurredAt,
        UUID requestId,
        String topic) {
}
