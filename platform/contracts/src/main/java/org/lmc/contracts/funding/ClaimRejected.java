package org.lmc.contracts.funding;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.lmc.contracts.registration.TeamOrganisation;

/** {@code org.lmc.funding.claim-rejected.v1}: the funder refused a traveller's claim, with the reason; keyed by the team. */
public record ClaimRejected(UUID conveningId, UUID teamId, TeamOrganisation organisation, List<String> recipientRoles,
        UUID memberId, Instant occurredAt, UUID claimId, UUID grantId, String funderId, String category, long amountCents,
        String currency, String dutyStatus, String reason) {
}
