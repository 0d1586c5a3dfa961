package org.lmc.contracts.funding;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.lmc.contracts.registration.TeamOrganisation;

/** {@code org.lmc.funding.entitlement-unfunded.v1}: no travel grant could cover a traveller; keyed by the team. */
public record EntitlementUnfunded(UUID conveningId, UUID teamId, TeamOrganisation organisation, List<String> recipientRoles,
        UUID memberId, Instant occurredAt, UUID entitlementId, String reason) {
}
