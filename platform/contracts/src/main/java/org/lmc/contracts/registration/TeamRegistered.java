package org.lmc.contracts.registration;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code org.lmc.registration.team-registered.v1}: a team registered for a convening, awaiting its
 * members' commitments. Carries what consumers need so that none calls registration-service back.
 */
public record TeamRegistered(
        UUID teamId,
        UUID conveningId,
        Organisation organisation,
        List<Member> members,
        int teamSize,
        boolean presenting,
        String status,
        Instant registeredAt) {

    /** kind DISTRICT (orgId = 7-digit NCES LEA id) or STATE (orgId = USPS code). */
    public record Organisation(String kind, String orgId, String name, String state) {
    }

    public record Member(UUID memberId, String name, String email, String role) {
    }
}
