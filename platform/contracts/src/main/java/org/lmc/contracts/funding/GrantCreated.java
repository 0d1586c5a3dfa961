package org.lmc.contracts.funding;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code org.lmc.funding.grant-created.v1}: a funder's grant for a convening, keyed by the grant.
 * {@code estimatedCostPerTravellerCents} is present on travel grants only.
 */
public record GrantCreated(UUID grantId, String funderId, UUID conveningId, String kind, String title, long budgetCents,
        String currency, Long estimatedCostPerTravellerCents, int drawOrder, Instant occurredAt) {
}
