package org.lmc.contracts.funding;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.lmc.contracts.registration.TeamOrganisation;

/**
 * {@code org.lmc.funding.payment-made.v1}: money left a grant. For a traveller's claim it names the claim and carries the
 * team's addressing fields (keyed by the team); for a vendor invoice it names the invoice, without team fields (keyed by
 * the grant).
 */
public record PaymentMade(UUID paymentId, UUID grantId, String funderId, UUID conveningId, UUID claimId, UUID invoiceId,
        String category, long amountCents, String currency, UUID teamId, TeamOrganisation organisation,
        List<String> recipientRoles, UUID memberId, Instant occurredAt) {
}
