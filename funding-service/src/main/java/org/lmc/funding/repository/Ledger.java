package org.lmc.funding.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.lmc.funding.domain.Category;
import org.lmc.funding.domain.JournalEntry;
import org.lmc.sql.Sql;
import org.lmc.web.Cursor;
import org.lmc.web.ProblemException;

/** The double-entry journal: entries with their lines, the pages funders read and the streamed export. */
@ApplicationScoped
public class Ledger {
    /** Each entry with what it traces to: team, person, category, receipt, submitter and approver. */
    private static final String TRACED = "SELECT e.id, e.kind, e.recorded_at, e.recorded_by, e.memo, e.team_id, e.member_id,"
            + " e.entitlement_id, e.claim_id, e.invoice_id, e.payment_id, t.org_id, t.org_name, coalesce(c.traveller_name, m.name) AS"
            + " traveller, coalesce(c.category, i.category) AS category, i.vendor, coalesce(c.receipt_sha256, i.receipt_sha256) AS"
            + " receipt_sha256, coalesce(c.receipt_issuer, i.receipt_issuer) AS receipt_issuer, coalesce(c.submitted_by,"
            + " i.submitted_by) AS submitted_by, coalesce(c.decided_by, i.decided_by) AS approved_by"
            + " FROM journal_entry e LEFT JOIN team t ON t.id = e.team_id"
            + " LEFT JOIN team_member m ON m.team_id = e.team_id AND m.member_id = e.member_id"
            + " LEFT JOIN claim c ON c.id = e.claim_id LEFT JOIN invoice i ON i.id = e.invoice_id";

    public record Trace(UUID teamId, String orgId, String orgName, UUID memberId, String traveller, UUID entitlementId, UUID claimId,
            UUID invoiceId, UUID paymentId, String category, String vendor, String receiptSha256, String receiptIssuer,
            String submittedBy, String approvedBy) {
    }

    public record Line(String account, long amountCents) {
    }

    public record TracedEntry(UUID id, String kind, Instant recordedAt, String recordedBy, String memo, String currency,
            List<Line> lines, Trace trace) {
    }

    private final Sql sql;

    Ledger(Sql sql) {
        this.sql = sql;
    }

    /**
     * Writes an entry and its lines in one statement (one round trip: payments hold their grant's lock while it runs); the
     * lines move the account balances, the database checks the balance at commit.
     */
    public void post(JournalEntry entry, String recordedBy, Instant at) {
        sql.together(postStatement(entry, recordedBy, at));
    }

    /** {@link #post}, to run {@link Sql#together} with other writes. */
    public Sql.Statement postStatement(JournalEntry entry, String recordedBy, Instant at) {
        JournalEntry.Trace t = entry.trace();
        return Sql.Statement.update("WITH entry AS (INSERT INTO journal_entry (id, grant_id, kind, recorded_at, recorded_by, team_id, member_id,"
                + " entitlement_id, claim_id, invoice_id, payment_id, memo) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, grant_id)"
                + " INSERT INTO journal_line (entry_id, grant_id, account, amount_cents, currency)"
                + " SELECT entry.id, entry.grant_id, l.account, l.amount_cents, ? FROM entry,"
                + " unnest(CAST(? AS text[]), CAST(? AS bigint[])) WITH ORDINALITY AS l (account, amount_cents, n) ORDER BY l.n",
                entry.id(), entry.grantId(), entry.kind(), at, recordedBy, t.teamId(), t.memberId(), t.entitlementId(), t.claimId(),
                t.invoiceId(), t.paymentId(), entry.memo(), entry.currency(),
                entry.lines().stream().map(line -> line.account().name()).toArray(String[]::new),
                entry.lines().stream().map(JournalEntry.Line::amountCents).toArray(Long[]::new));
    }

    /**
     * Which entries of a grant to read: those of one category (claims' and invoices'), of one team, recorded on or after
     * {@code from} and before {@code until}; a null field does not filter.
     */
    public record Filter(String category, UUID teamId, Instant from, Instant until) {
        /** A day as a reader writes it (ISO-8601, e.g. 2011-02-15); blank is none; anything else a 400 naming {@code field}. */
        public static LocalDate day(String value, String field) {
            if (value == null || value.isBlank()) {
                return null;
            }
            try {
                return LocalDate.parse(value.strip());
            } catch (java.time.format.DateTimeParseException e) {
                throw ProblemException.invalid(field, "must be a day such as 2011-02-15");
            }
        }

        /** The filter a reader asks for: days are UTC days (the books' days), both included; null asks for nothing. */
        public static Filter of(Category category, UUID teamId, LocalDate fromDay, LocalDate untilDay) {
            if (fromDay != null && untilDay != null && untilDay.isBefore(fromDay)) {
                throw ProblemException.invalid("until", "is before from");
            }
            return new Filter(category == null ? null : category.name(), teamId,
                    fromDay == null ? null : fromDay.atStartOfDay(ZoneOffset.UTC).toInstant(),
                    untilDay == null ? null : untilDay.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        }
    }

    /** A page of a grant's entries that pass {@code filter}, oldest first, each with its lines and trace. */
    public List<TracedEntry> page(UUID grantId, Filter filter, Cursor after, int limit) {
        java.sql.Timestamp afterTime = after == null ? null : java.sql.Timestamp.from(after.time());
        java.sql.Timestamp from = filter.from() == null ? null : java.sql.Timestamp.from(filter.from());
        java.sql.Timestamp until = filter.until() == null ? null : java.sql.Timestamp.from(filter.until());
        List<TracedEntry> entries = sql.list(TRACED + " WHERE e.grant_id = ? AND (?::timestamptz IS NULL OR (e.recorded_at, e.id) >"
                + " (?::timestamptz, ?::uuid)) AND (?::text IS NULL OR coalesce(c.category, i.category) = ?)"
                + " AND (?::uuid IS NULL OR e.team_id = ?) AND (?::timestamptz IS NULL OR e.recorded_at >= ?)"
                + " AND (?::timestamptz IS NULL OR e.recorded_at < ?) ORDER BY e.recorded_at, e.id LIMIT ?",
                rs -> new TracedEntry(rs.getObject(1, UUID.class), rs.getString(2), Sql.instant(rs, "recorded_at"), rs.getString(4),
                        rs.getString(5), null, new ArrayList<>(), trace(rs)),
                grantId, afterTime, afterTime, after == null ? null : after.id(), filter.category(), filter.category(), filter.teamId(),
                filter.teamId(), from, from, until, until, limit);
        if (entries.isEmpty()) {
            return entries;
        }
        Map<UUID, List<Line>> lines = new LinkedHashMap<>();
        Map<UUID, String> currencies = new LinkedHashMap<>();
        sql.list("SELECT entry_id, account, amount_cents, currency FROM journal_line WHERE entry_id = ANY (?) ORDER BY id", rs -> {
            UUID entry = rs.getObject(1, UUID.class);
            lines.computeIfAbsent(entry, k -> new ArrayList<>()).add(new Line(rs.getString(2), rs.getLong(3)));
            currencies.put(entry, rs.getString(4));
            return null;
        }, (Object) entries.stream().map(TracedEntry::id).toArray(UUID[]::new));
        return entries.stream().map(e -> new TracedEntry(e.id(), e.kind(), e.recordedAt(), e.recordedBy(), e.memo(),
                currencies.get(e.id()), lines.getOrDefault(e.id(), List.of()), e.trace())).toList();
    }

    /** The teams a grant's entries trace to, by organisation name: what a reader filters its ledger by. */
    public List<TeamName> teams(UUID grantId) {
        return sql.list("SELECT DISTINCT t.id, t.org_name FROM journal_entry e JOIN team t ON t.id = e.team_id WHERE e.grant_id = ?"
                + " ORDER BY t.org_name, t.id", rs -> new TeamName(rs.getObject(1, UUID.class), rs.getString(2)), grantId);
    }

    public record TeamName(UUID id, String orgName) {
    }

    public static final String CSV_HEADER = "line_id,entry_id,recorded_at,kind,account,amount_cents,currency,team_id,org_id,member_id,"
            + "traveller,category,vendor,claim_id,invoice_id,payment_id,receipt_sha256,submitted_by,approved_by,recorded_by\n";

    /**
     * Writes every line of a grant as CSV, read through a server-side cursor ({@code fetchSize} rows at a time) and written
     * as it comes, so an export of any size holds only one batch in memory.
     */
    public void exportCsv(UUID grantId, Writer out, int fetchSize) throws IOException {
        String query = "SELECT l.id AS line_id, l.account, l.amount_cents, l.currency, x.* FROM journal_line l JOIN ("
                + TRACED + ") x ON x.id = l.entry_id WHERE l.grant_id = ? ORDER BY l.id";
        try (Connection c = sql.dataSource().getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            // pgjdbc streams with a cursor only inside a transaction.
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(query)) {
                s.setFetchSize(fetchSize);
                s.setObject(1, grantId);
                try (ResultSet rs = s.executeQuery()) {
                    out.write(CSV_HEADER);
                    while (rs.next()) {
                        Trace t = trace(rs);
                        out.write(String.join(",", rs.getString("line_id"), str(rs.getObject("id")), Sql.instant(rs, "recorded_at").toString(),
                                csv(rs.getString("kind")), rs.getString("account"), Long.toString(rs.getLong("amount_cents")),
                                rs.getString("currency"), str(t.teamId()), csv(t.orgId()), str(t.memberId()), csv(t.traveller()),
                                csv(t.category()), csv(t.vendor()), str(t.claimId()), str(t.invoiceId()), str(t.paymentId()),
                                csv(t.receiptSha256()), csv(t.submittedBy()), csv(t.approvedBy()), csv(rs.getString("recorded_by"))));
                        out.write('\n');
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new Sql.DatabaseException(e);
        }
        out.flush();
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }

    /** RFC 4180 quoting; a leading formula character is neutralised so a spreadsheet never evaluates a cell. */
    static String csv(String value) {
        if (value == null) {
            return "";
        }
        String v = value;
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") || !v.equals(value)) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    private static Trace trace(ResultSet rs) throws SQLException {
        return new Trace(rs.getObject("team_id", UUID.class), rs.getString("org_id"), rs.getString("org_name"),
                rs.getObject("member_id", UUID.class), rs.getString("traveller"), rs.getObject("entitlement_id", UUID.class),
                rs.getObject("claim_id", UUID.class), rs.getObject("invoice_id", UUID.class), rs.getObject("payment_id", UUID.class),
                rs.getString("category"), rs.getString("vendor"), rs.getString("receipt_sha256"), rs.getString("receipt_issuer"),
                rs.getString("submitted_by"), rs.getString("approved_by"));
    }
}
