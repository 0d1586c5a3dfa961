package org.lmc.funding.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.lmc.funding.domain.Account;
import org.lmc.funding.domain.Category;
import org.lmc.funding.domain.Entitlement;
import org.lmc.funding.domain.Expense;
import org.lmc.funding.domain.Grant;
import org.lmc.funding.repository.Ledger;

/** Response bodies of the funding API. */
public final class FundingViews {
    private FundingViews() {
    }

    @Schema(name = "Funder")
    public record FunderView(@Schema(examples = "ford-foundation") String id, @Schema(examples = "Ford Foundation") String name) {
    }

    @Schema(name = "Balances", description = "Cents per account; available + reserved + payable + paid = budget")
    public record Balances(long availableCents, long reservedCents, long payableCents, long paidCents) {
        static Balances of(Map<Account, Long> b) {
            return new Balances(b.getOrDefault(Account.AVAILABLE, 0L), b.getOrDefault(Account.RESERVED, 0L),
                    b.getOrDefault(Account.PAYABLE, 0L), b.getOrDefault(Account.PAID, 0L));
        }
    }

    @Schema(name = "Grant")
    public record GrantView(UUID id, @Schema(examples = "ford-foundation") String funderId, UUID conveningId,
            @Schema(examples = "FOUNDATION_TRAVEL_GRANT") String kind, String title, @Schema(examples = "USD") String currency,
            long budgetCents, @Schema(nullable = true) Long estimatedCostPerTravellerCents, @Schema(nullable = true) Long capPerTravellerCents,
            Map<Category, Long> capsPerCategory, int drawOrder, int version, Instant createdAt,
            @Schema(nullable = true, description = "present when the grant is read alone") Balances balances) {

        static GrantView of(Grant g, Map<Account, Long> balances) {
            return new GrantView(g.id(), g.funderId(), g.conveningId(), g.kind().name(), g.title(), g.currency(), g.budgetCents(),
                    g.estimateCents(), g.travellerCapCents(), g.categoryCaps(), g.drawOrder(), g.version(), g.createdAt(),
                    balances == null ? null : Balances.of(balances));
        }
    }

    @Schema(name = "Entitlement")
    public record EntitlementView(UUID id, UUID teamId, UUID memberId, @Schema(nullable = true) UUID grantId,
            @Schema(examples = "RESERVED", enumeration = {"RESERVED", "UNFUNDED", "RELEASED", "CANCELLED"}) String status,
            long reservedCents, long consumedCents, long releasedCents, @Schema(nullable = true) String currency) {
        static EntitlementView of(Entitlement e) {
            return new EntitlementView(e.id(), e.teamId(), e.memberId(), e.grantId(), e.status(), e.reservedCents(), e.consumedCents(),
                    e.releasedCents(), e.currency());
        }
    }

    @Schema(name = "ReceiptMetadata")
    public record ReceiptView(String issuer, LocalDate date, String sha256) {
    }

    @Schema(name = "Claim")
    public record ClaimView(UUID id, UUID grantId, UUID teamId, UUID memberId, UUID entitlementId, String travellerName,
            @Schema(examples = "LODGING") String category, long amountCents, String currency, @Schema(examples = "OFFICIAL_DUTY") String dutyStatus,
            ReceiptView receipt, @Schema(examples = "SUBMITTED", enumeration = {"SUBMITTED", "APPROVED", "REJECTED", "PAID"}) String status,
            String submittedBy, Instant submittedAt, @Schema(nullable = true) String decidedBy, @Schema(nullable = true) Instant decidedAt,
            @Schema(nullable = true) String decisionReason) {
        static ClaimView of(Expense c) {
            return new ClaimView(c.id(), c.grantId(), c.teamId(), c.memberId(), c.entitlementId(), c.travellerName(), c.category().name(),
                    c.amountCents(), c.currency(), c.dutyStatus().name(), receiptOf(c), c.status().name(), c.submittedBy(), c.submittedAt(),
                    c.decidedBy(), c.decidedAt(), c.decisionReason());
        }
    }

    @Schema(name = "Invoice")
    public record InvoiceView(UUID id, UUID grantId, String vendor, @Schema(examples = "AUDIO_VISUAL") String category, long amountCents,
            String currency, ReceiptView receipt, @Schema(examples = "SUBMITTED", enumeration = {"SUBMITTED", "APPROVED", "REJECTED", "PAID"})
            String status, String submittedBy, Instant submittedAt, @Schema(nullable = true) String decidedBy,
            @Schema(nullable = true) Instant decidedAt, @Schema(nullable = true) String decisionReason) {
        static InvoiceView of(Expense i) {
            return new InvoiceView(i.id(), i.grantId(), i.vendor(), i.category().name(), i.amountCents(), i.currency(), receiptOf(i),
                    i.status().name(), i.submittedBy(), i.submittedAt(), i.decidedBy(), i.decidedAt(), i.decisionReason());
        }
    }

    private static ReceiptView receiptOf(Expense e) {
        return new ReceiptView(e.receipt().issuer(), e.receipt().date(), e.receipt().sha256());
    }

    @Schema(name = "LedgerPage")
    public record LedgerPage(List<Ledger.TracedEntry> items, @Schema(nullable = true) String next) {
    }

    @Schema(name = "ClaimPage")
    public record ClaimPage(List<ClaimView> items, @Schema(nullable = true) String next) {
    }

    @Schema(name = "InvoicePage")
    public record InvoicePage(List<InvoiceView> items, @Schema(nullable = true) String next) {
    }

    @Schema(name = "AuditEntry", description = "One privileged action as the hash-chained audit trail recorded it")
    public record AuditEntry(@Schema(description = "position in the chain; pass the last one seen as ?after=") long seq,
            Instant recordedAt,
            @Schema(description = "the token subject who acted, or 'registration-events' for what a registration event caused") String actor,
            @Schema(examples = "PAYMENT_MADE") String action,
            @Schema(examples = "payment") String subjectType, String subjectId,
            @Schema(description = "what the action recorded (amounts, grant, approver, reason), as an object") com.fasterxml.jackson.databind.JsonNode details,
            @Schema(description = "SHA-256 linking this row to the previous one") String rowHash) {
        static AuditEntry of(org.lmc.funding.domain.AuditRecord r) {
            try {
                return new AuditEntry(r.seq(), r.recordedAt(), r.actor(), r.action(), r.subjectType(), r.subjectId(),
                        org.lmc.contracts.EventJson.MAPPER.readTree(r.details()), r.rowHash());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("audit row " + r.seq() + " holds details that are not JSON", e);
            }
        }
    }

    @Schema(name = "AuditPage")
    public record AuditPage(List<AuditEntry> items,
            @Schema(nullable = true, description = "the seq to pass as ?after= for the next page; absent on the last page") String next) {
    }
}
