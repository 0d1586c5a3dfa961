package org.lmc.contracts.funding;

import java.time.Instant;
import java.util.UUID;

/** {@code org.lmc.funding.invoice-approved.v1}: a vendor invoice on a federal event-cost grant, keyed by the grant. */
public record InvoiceApproved(UUID invoiceId, UUID grantId, String funderId, UUID conveningId, String category, String vendor,
        long amountCents, String currency, Instant occurredAt) {
}
