package org.lmc.contracts.registration;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code org.lmc.registration.member-replaced.v1}: the person in a team's slot {@code memberId} changed before the
 * convening; {@code previousMember} is who held it. A new person (or role) must commit again, so
 * {@code awaitedRoles} may list the slot's role even on a confirmed team, which keeps its place.
 */
public record MemberReplaced(
        UUID teamId,
        UUID conveningId,
        TeamOrganisation organisation,
        List<TeamMember> members,
        int teamSize,
        boolean presenting,
        String status,
        UUID memberId,
        TeamMember previousMember,
        Instant replacedAt,
        List<String> awaitedRoles) {
}
