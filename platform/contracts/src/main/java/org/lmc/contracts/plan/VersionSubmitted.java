package org.lmc.contracts.plan;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.lmc.contracts.registration.TeamOrganisation;

/** {@code org.lmc.plan.version-submitted.v1}: the draft was frozen as an immutable numbered version, awaiting sign-off. */
public record VersionSubmitted(
        UUID planId,
        UUID conveningId,
        UUID teamId,
        TeamOrganisation organisation,
        List<String> recipientRoles,
        UUID memberId,
        Instant occurredAt,
        int versionNumber) {
}
