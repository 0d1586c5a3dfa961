package org.lmc.contracts.funding;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.lmc.contracts.registration.TeamOrganisation;

/** {@code org.lmc.funding.entitlement-reserved.v1}: a traveller's estimated cost is reserved on a travel grant; keyed by the team. */
public record EntitlementReserved(UUID conveningId, UUID teamId, TeamOrganisation organisation, List<String> recipientRoles,
        UUID memberId, Instant occurredAt, UUID entitlementId, UUID grantId, String funderId, long amountCents, String currency) {
}
