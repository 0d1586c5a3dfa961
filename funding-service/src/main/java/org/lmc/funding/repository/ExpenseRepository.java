package org.lmc.funding.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.lmc.funding.domain.ApprovalStatus;
import org.lmc.funding.domain.Category;
import org.lmc.funding.domain.DutyStatus;
import org.lmc.funding.domain.Expense;
import org.lmc.funding.domain.Grant;
import org.lmc.sql.Sql;
import org.lmc.web.Cursor;

/** Claims (table {@code claim}) and vendor invoices (table {@code invoice}). */
@ApplicationScoped
public class ExpenseRepository {
    private static final String CLAIM_COLUMNS = "id, grant_id, team_id, member_id, entitlement_id, traveller_name, NULL AS vendor,"
            + " category, amount_cents, currency, duty_status, receipt_issuer, receipt_date, receipt_sha256, status, submitted_by,"
            + " submitted_at, decided_by, decided_at, decision_reason, true AS is_claim";
    private static final String INVOICE_COLUMNS = "id, grant_id, NULL::uuid AS team_id, NULL::uuid AS member_id,"
            + " NULL::uuid AS entitlement_id, NULL AS traveller_name, vendor, category, amount_cents, currency, NULL AS duty_status,"
            + " receipt_issuer, receipt_date, receipt_sha256, status, submitted_by, submitted_at, decided_by, decided_at,"
            + " decision_reason, false AS is_claim";

    private final Sql sql;
    private final GrantRepository grants;

    ExpenseRepository(Sql sql, GrantRepository grants) {
        this.sql = sql;
        this.grants = grants;
    }

    /** A claim or invoice locked with its grant. */
    public record Locked(Grant grant, Expense expense) {
    }

    /**
     * Locks the grant, then the claim or invoice (the lock order), in one round trip: every payment and decision of the
     * grant waits on its lock, so each round trip it is held costs all of them.
     */
    public Locked lockWithGrant(boolean claim, UUID id, UUID grantId) {
        Object[] locked = sql.together(grants.lockStatement(grantId), Sql.Statement.query("SELECT " + columns(claim) + " FROM "
                + table(claim) + " WHERE id = ? FOR UPDATE", this::map, id));
        return new Locked((Grant) locked[0], (Expense) locked[1]);
    }

    public void insertClaim(Expense c, String travellerEmail) {
        sql.update("INSERT INTO claim (id, entitlement_id, grant_id, team_id, member_id, traveller_name, traveller_email, category,"
                + " amount_cents, currency, duty_status, receipt_issuer, receipt_date, receipt_sha256, status, submitted_by, submitted_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", c.id(), c.entitlementId(), c.grantId(), c.teamId(),
                c.memberId(), c.travellerName(), travellerEmail, c.category(), c.amountCents(), c.currency(), c.dutyStatus(),
                c.receipt().issuer(), c.receipt().date(), c.receipt().sha256(), c.status(), c.submittedBy(), c.submittedAt());
    }

    public void insertInvoice(Expense i) {
        sql.update("INSERT INTO invoice (id, grant_id, vendor, category, amount_cents, currency, receipt_issuer, receipt_date,"
                + " receipt_sha256, status, submitted_by, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", i.id(), i.grantId(),
                i.vendor(), i.category(), i.amountCents(), i.currency(), i.receipt().issuer(), i.receipt().date(), i.receipt().sha256(),
                i.status(), i.submittedBy(), i.submittedAt());
    }

    public void decide(Expense e, ApprovalStatus status, String decidedBy, Instant at, String reason) {
        sql.update("UPDATE " + table(e.isClaim()) + " SET status = ?, decided_by = ?, decided_at = ?, decision_reason = ? WHERE id = ?",
                status, decidedBy, at, reason, e.id());
    }

    /**
     * Marks an approved claim or invoice paid, to run {@link Sql#together} with the payment's other writes after its
     * grant's lock: its update count is 0 when it is no longer approved (paid since it was read).
     */
    public Sql.Statement markPaidStatement(Expense e) {
        return Sql.Statement.update("UPDATE " + table(e.isClaim()) + " SET status = 'PAID' WHERE id = ? AND status = 'APPROVED'", e.id());
    }

    /** A claim or invoice with its grant. */
    public record WithGrant(Expense expense, Grant grant) {
    }

    /** A claim or invoice and its grant, in one round trip and without a lock. */
    public Optional<WithGrant> findWithGrant(boolean claim, UUID id) {
        Object[] read = sql.together(Sql.Statement.query("SELECT " + columns(claim) + " FROM " + table(claim) + " WHERE id = ?", this::map,
                id), grants.ofExpenseStatement(table(claim), id));
        return read[0] == null ? Optional.empty() : Optional.of(new WithGrant((Expense) read[0], (Grant) read[1]));
    }

    public Optional<Expense> find(boolean claim, UUID id) {
        return sql.one("SELECT " + columns(claim) + " FROM " + table(claim) + " WHERE id = ?", this::map, id);
    }


    /** Claims of a team, oldest first, after a cursor. */
    public List<Expense> claimsOfTeam(UUID teamId, Cursor after, int limit) {
        return sql.list("SELECT " + CLAIM_COLUMNS + " FROM claim WHERE team_id = ? AND (?::timestamptz IS NULL OR (submitted_at, id) >"
                + " (?::timestamptz, ?::uuid)) ORDER BY submitted_at, id LIMIT ?", this::map, teamId, time(after), time(after),
                after == null ? null : after.id(), limit);
    }

    /** Claims and invoices of one grant (claims when {@code claims}), oldest first, after a cursor. */
    public List<Expense> ofGrant(boolean claims, UUID grantId, Cursor after, int limit) {
        return sql.list("SELECT " + columns(claims) + " FROM " + table(claims) + " WHERE grant_id = ? AND (?::timestamptz IS NULL OR"
                + " (submitted_at, id) > (?::timestamptz, ?::uuid)) ORDER BY submitted_at, id LIMIT ?", this::map, grantId, time(after),
                time(after), after == null ? null : after.id(), limit);
    }

    /** A grant's claims still waiting for a decision, oldest first. */
    public List<Expense> claimsAwaitingDecision(UUID grantId, int limit) {
        return sql.list("SELECT " + CLAIM_COLUMNS + " FROM claim WHERE grant_id = ? AND status = 'SUBMITTED' ORDER BY submitted_at, id"
                + " LIMIT ?", this::map, grantId, limit);
    }

    /** Approved or paid so far for one traveller on a grant. */
    public long travellerApprovedCents(UUID grantId, UUID teamId, UUID memberId) {
        return sql.number("SELECT coalesce(sum(amount_cents), 0) FROM claim WHERE grant_id = ? AND team_id = ? AND member_id = ?"
                + " AND status IN ('APPROVED', 'PAID')", grantId, teamId, memberId);
    }

    /** Approved or paid so far in one category of a grant, claims and invoices together. */
    public long categoryApprovedCents(UUID grantId, Category category) {
        return sql.number("SELECT coalesce(sum(amount_cents), 0) FROM (SELECT amount_cents FROM claim WHERE grant_id = ? AND category = ?"
                + " AND status IN ('APPROVED', 'PAID') UNION ALL SELECT amount_cents FROM invoice WHERE grant_id = ? AND category = ?"
                + " AND status IN ('APPROVED', 'PAID')) approved", grantId, category, grantId, category);
    }

    private static java.sql.Timestamp time(Cursor c) {
        return c == null ? null : java.sql.Timestamp.from(c.time());
    }

    private static String table(boolean claim) {
        return claim ? "claim" : "invoice";
    }

    private static String columns(boolean claim) {
        return claim ? CLAIM_COLUMNS : INVOICE_COLUMNS;
    }

    private Expense map(ResultSet rs) throws SQLException {
        String duty = rs.getString("duty_status");
        return new Expense(rs.getObject("id", UUID.class), rs.getBoolean("is_claim"), rs.getObject("grant_id", UUID.class),
                rs.getObject("team_id", UUID.class), rs.getObject("member_id", UUID.class), rs.getObject("entitlement_id", UUID.class),
                rs.getString("traveller_name"), rs.getString("vendor"), Category.valueOf(rs.getString("category")),
                rs.getLong("amount_cents"), rs.getString("currency"), duty == null ? null : DutyStatus.valueOf(duty),
                new Expense.Receipt(rs.getString("receipt_issuer"), rs.getObject("receipt_date", java.time.LocalDate.class),
                        rs.getString("receipt_sha256")), ApprovalStatus.valueOf(rs.getString("status")), rs.getString("submitted_by"),
                Sql.instant(rs, "submitted_at"), rs.getString("decided_by"), Sql.instant(rs, "decided_at"),
                rs.getString("decision_reason"));
    }
}
