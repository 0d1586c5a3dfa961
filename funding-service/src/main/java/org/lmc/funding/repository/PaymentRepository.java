package org.lmc.funding.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.lmc.sql.Sql;

@ApplicationScoped
public class PaymentRepository {
    /** The payment's row; run {@link Sql#together} with the payment's other writes. */
    public Sql.Statement insertStatement(UUID id, UUID grantId, UUID claimId, UUID invoiceId, long amountCents, String currency,
            String paidBy, Instant at) {
        return Sql.Statement.update("INSERT INTO payment (id, grant_id, claim_id, invoice_id, amount_cents, currency, paid_by, paid_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", id, grantId, claimId, invoiceId, amountCents, currency, paidBy, at);
    }
}
