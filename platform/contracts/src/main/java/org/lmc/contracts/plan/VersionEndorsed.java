package org.lmc.contracts.plan;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.lmc.contracts.registration.TeamOrganisation;

/** {@code org.lmc.plan.version-endorsed.v1}: management and labor have both signed; the version may be published. */
public record VersionEndorsed(
        UUID planId,
        UUID conveningId,
        UUID teamId,
        TeamOrganisation organisation,
        List<String> recipientRoles,
        UUID memberId,
        Instant occurredAt,
        int versionNumber,
        List<String> signerRoles) {
}
