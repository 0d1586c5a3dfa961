package org.lmc.contracts.funding;

import java.time.Instant;
import java.util.UUID;

/** {@code org.lmc.funding.invoice-rejected.v1}: a vendor invoice refused, with the reason; keyed by the grant. */
public record InvoiceRejected(UUID invoiceId, UUID grantId, String funderId, UUID conveningId, String category, String vendor,
        long amountCents, String currency, Instant occurredAt, String reason) {
}
