package org.lmc.funding.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.lmc.web.ProblemException;

/**
 * A claim (a traveller's expense, with {@code teamId}/{@code memberId}) or a vendor invoice (with {@code vendor}): both
 * carry a receipt, go through maker-checker approval and are paid once.
 */
public record Expense(UUID id, boolean isClaim, UUID grantId, UUID teamId, UUID memberId, UUID entitlementId, String travellerName,
        String vendor, Category category, long amountCents, String currency, DutyStatus dutyStatus, Receipt receipt,
        ApprovalStatus status, String submittedBy, Instant submittedAt, String decidedBy, Instant decidedAt, String decisionReason) {

    /** Metadata of the receipt file; the file itself stays with the submitter, its SHA-256 proves which one it was. */
    public record Receipt(String issuer, LocalDate date, String sha256) {
    }

    public String noun() {
        return isClaim ? "claim" : "invoice";
    }

    /** 409 unless still awaiting a decision. */
    public void requireUndecided() {
        if (status != ApprovalStatus.SUBMITTED) {
            throw ProblemException.conflict("already-decided", "the " + noun() + " is already " + status);
        }
    }

    /** 409 unless approved and not yet paid. */
    public void requirePayable() {
        if (status == ApprovalStatus.PAID) {
            throw alreadyPaid();
        }
        if (status != ApprovalStatus.APPROVED) {
            throw ProblemException.conflict("not-approved", "the " + noun() + " " + id + " is " + status
                    + "; only an approved " + noun() + " is paid");
        }
    }

    /** The 409 of a claim or invoice that is paid already. */
    public ProblemException alreadyPaid() {
        return ProblemException.conflict("already-paid", "the " + noun() + " " + id + " is already paid");
    }
}
