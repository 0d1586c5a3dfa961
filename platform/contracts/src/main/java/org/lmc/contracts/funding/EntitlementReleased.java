package org.lmc.contracts.funding;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.lmc.contracts.registration.TeamOrganisation;

/** {@code org.lmc.funding.entitlement-released.v1}: the unspent part of a reservation went back to its grant; keyed by the team. */
public record EntitlementReleased(UUID conveningId, UUID teamId, TeamOrganisation organisation, List<String> recipientRoles,
        UUID memberId, Instant occurredAt, UUID entitlementId, UUID grantId, String funderId, long amountCents, String currency,
        String reason) {
}
