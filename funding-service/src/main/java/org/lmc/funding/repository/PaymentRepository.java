package org.lmc.funding.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

@ApplicationScoped
public class PaymentRepository {
    private final Sql sql;

    PaymentRepository(Sql sql) {
        this.sql = sql;
    }

    public void insert(UUID id, UUID grantId, UUID claimId, UUID invoiceId, long amountCents, String currency, String paidBy, Instant at) {
        sql.update("INSERT INTO payment (id, grant_id, claim_id, invoice_id, amount_cents, currency, paid_by, paid_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", id, grantId, claimId, invoiceId, amountCents, currency, paidBy, at);
    }
}
