package org.lmc.contracts.registration;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code org.lmc.registration.team-confirmed.v1}: every required member committed and the convening had a place. */
public record TeamConfirmed(
        UUID teamId,
        UUID conveningId,
        TeamOrganisation organisation,
        List<TeamMember> members,
        int teamSize,
        boolean presenting,
        String status,
        Instant confirmedAt) {
}
