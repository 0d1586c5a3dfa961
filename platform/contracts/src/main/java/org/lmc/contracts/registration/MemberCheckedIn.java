package org.lmc.contracts.registration;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code org.lmc.registration.member-checked-in.v1}: a member of a confirmed team arrived at the convening. */
public record MemberCheckedIn(
        UUID teamId,
        UUID conveningId,
        TeamOrganisation organisation,
        List<TeamMember> members,
        int teamSize,
        boolean presenting,
        String status,
        UUID memberId,
        String role,
        Instant checkedInAt) {
}
