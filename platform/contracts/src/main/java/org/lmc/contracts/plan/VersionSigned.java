package org.lmc.contracts.plan;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.lmc.contracts.registration.TeamOrganisation;

/** {@code org.lmc.plan.version-signed.v1}: one official ({@code memberId}, {@code signerRole}) signed a version. */
public record VersionSigned(
        UUID planId,
        UUID conveningId,
        UUID teamId,
        TeamOrganisation organisation,
        List<String> recipientRoles,
        UUID memberId,
        Instant occurredAt,
        int versionNumber,
        String signerRole,
        String signerName,
        List<String> awaitedRoles) {
}
