package org.lmc.contracts.registration;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code org.lmc.registration.presenter-designated.v1}: the Department chose the team to present breakout session
 * {@code session}; the team may now grow to {@code maxTeamSize} (travel funding covers a presenting team's extra
 * members).
 */
public record PresenterDesignated(
        UUID teamId,
        UUID conveningId,
        TeamOrganisation organisation,
        List<TeamMember> members,
        int teamSize,
        boolean presenting,
        String status,
        String session,
        int maxTeamSize,
        Instant designatedAt) {
}
