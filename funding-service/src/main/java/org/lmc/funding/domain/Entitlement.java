package org.lmc.funding.domain;

import java.util.UUID;

/** One traveller's travel money: reserved on a grant, unfunded, or released when the team cancelled. */
public record Entitlement(UUID id, UUID teamId, UUID memberId, UUID grantId, String status, long reservedCents, long consumedCents,
        long releasedCents, String currency) {

    public static final String RESERVED = "RESERVED";
    public static final String UNFUNDED = "UNFUNDED";
    public static final String RELEASED = "RELEASED";
    public static final String CANCELLED = "CANCELLED";

    /** What approvals may still take from the reservation. */
    public long leftCents() {
        return RESERVED.equals(status) ? reservedCents - consumedCents - releasedCents : 0;
    }
}
