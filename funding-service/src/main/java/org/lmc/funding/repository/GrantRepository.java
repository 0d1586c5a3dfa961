package org.lmc.funding.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.lmc.funding.domain.Account;
import org.lmc.funding.domain.Category;
import org.lmc.funding.domain.Grant;
import org.lmc.funding.domain.GrantKind;
import org.lmc.sql.Sql;

/** Funders, grants, their caps and the balances of their accounts. */
@ApplicationScoped
public class GrantRepository {
    private static final String COLUMNS = "id, funder_id, convening_id, kind, title, currency, budget_cents, estimate_cents,"
            + " traveller_cap_cents, draw_order, version, created_by, created_at";
    /** A grant's row with its category caps as CATEGORY=cents, read in the same statement (no round trip per grant). */
    private static final String SELECTED = COLUMNS + ", ARRAY(SELECT c.category || '=' || c.cap_cents FROM grant_category_cap c"
            + " WHERE c.grant_id = funding_grant.id) AS caps";
    private static final String LOCK = "SELECT " + SELECTED + " FROM funding_grant WHERE id = ? FOR NO KEY UPDATE";

    public record Funder(String id, String name) {
    }

    private final Sql sql;

    GrantRepository(Sql sql) {
        this.sql = sql;
    }

    public boolean insertFunder(String id, String name) {
        return sql.update("INSERT INTO funder (id, name) VALUES (?, ?) ON CONFLICT (id) DO NOTHING", id, name) == 1;
    }

    public List<Funder> funders() {
        return sql.list("SELECT id, name FROM funder ORDER BY id", rs -> new Funder(rs.getString(1), rs.getString(2)));
    }

    public Optional<Funder> funder(String id) {
        return sql.one("SELECT id, name FROM funder WHERE id = ?", rs -> new Funder(rs.getString(1), rs.getString(2)), id);
    }

    public void insert(Grant g) {
        sql.update("INSERT INTO funding_grant (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", g.id(), g.funderId(),
                g.conveningId(), g.kind(), g.title(), g.currency(), g.budgetCents(), g.estimateCents(), g.travellerCapCents(),
                g.drawOrder(), g.version(), g.createdBy(), g.createdAt());
        writeCaps(g);
        for (Account account : Account.values()) {
            sql.update("INSERT INTO ledger_account (grant_id, account) VALUES (?, ?)", g.id(), account);
        }
    }

    public void update(Grant g) {
        sql.update("UPDATE funding_grant SET title = ?, currency = ?, budget_cents = ?, estimate_cents = ?, traveller_cap_cents = ?,"
                + " draw_order = ?, version = ? WHERE id = ?", g.title(), g.currency(), g.budgetCents(), g.estimateCents(),
                g.travellerCapCents(), g.drawOrder(), g.version(), g.id());
        sql.update("DELETE FROM grant_category_cap WHERE grant_id = ?", g.id());
        writeCaps(g);
    }

    private void writeCaps(Grant g) {
        g.categoryCaps().forEach((category, cap) -> sql.update(
                "INSERT INTO grant_category_cap (grant_id, category, cap_cents) VALUES (?, ?, ?)", g.id(), category, cap));
    }

    public Optional<Grant> find(UUID id) {
        return sql.one("SELECT " + SELECTED + " FROM funding_grant WHERE id = ?", this::map, id);
    }

    /**
     * Locks a grant's row: every change of its money holds this lock, taken before any claim, invoice or entitlement
     * row and, for several grants, in ascending id order, so two writers never wait on each other in a cycle. FOR NO KEY
     * UPDATE, not FOR UPDATE: it serialises the grant's writers all the same, but leaves alone the key-share lock that a
     * foreign key check takes on the grant (a new claim, entitlement or journal entry), so those inserts never queue
     * behind a payment, and a writer that inserted such a row before locking the grant cannot deadlock on the upgrade.
     */
    public Optional<Grant> lock(UUID id) {
        return sql.one(LOCK, this::map, id);
    }

    /** The grant of a claim or invoice (in {@code expenseTable}), without a lock, to run {@link Sql#together} with its read. */
    Sql.Statement ofExpenseStatement(String expenseTable, UUID expenseId) {
        return Sql.Statement.query("SELECT " + SELECTED + " FROM funding_grant WHERE id = (SELECT grant_id FROM " + expenseTable
                + " WHERE id = ?)", this::map, expenseId);
    }

    /** {@link #lock}, to run {@link Sql#together} with the statements that follow it. */
    public Sql.Statement lockStatement(UUID id) {
        return Sql.Statement.query(LOCK, this::map, id);
    }

    /** Locks the travel grants of a convening, in id order (the lock order), returned in draw order. */
    public List<Grant> lockTravelGrants(UUID conveningId) {
        List<Grant> locked = sql.list("SELECT " + SELECTED + " FROM funding_grant WHERE convening_id = ? AND kind = ?"
                + " ORDER BY id FOR NO KEY UPDATE", this::map, conveningId, GrantKind.FOUNDATION_TRAVEL_GRANT);
        return locked.stream().sorted(java.util.Comparator.comparingInt(Grant::drawOrder).thenComparing(Grant::createdAt)).toList();
    }

    /** Grants in draw order, optionally of one convening and one funder. */
    public List<Grant> list(UUID conveningId, String funderId) {
        return sql.list("SELECT " + SELECTED + " FROM funding_grant WHERE (?::uuid IS NULL OR convening_id = ?::uuid)"
                + " AND (?::text IS NULL OR funder_id = ?::text) ORDER BY convening_id, kind, draw_order, created_at, id", this::map,
                conveningId, conveningId, funderId, funderId);
    }

    public Map<Account, Long> balances(UUID grantId) {
        Map<Account, Long> balances = new EnumMap<>(Account.class);
        sql.list("SELECT account, balance_cents FROM ledger_account WHERE grant_id = ?", rs -> {
            balances.put(Account.valueOf(rs.getString(1)), rs.getLong(2));
            return null;
        }, grantId);
        return balances;
    }

    /** Whether anything beyond opening or re-budgeting the grant was booked on it. */
    public boolean moneyMoved(UUID grantId) {
        return sql.number("SELECT count(*) FROM journal_entry WHERE grant_id = ? AND kind NOT IN ('GRANT_OPENED', 'BUDGET_REVISED')",
                grantId) > 0;
    }

    private Grant map(ResultSet rs) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        Map<Category, Long> caps = new EnumMap<>(Category.class);
        for (String cap : (String[]) rs.getArray("caps").getArray()) {
            int split = cap.indexOf('=');
            caps.put(Category.valueOf(cap.substring(0, split)), Long.parseLong(cap.substring(split + 1)));
        }
        return new Grant(id, rs.getString("funder_id"), rs.getObject("convening_id", UUID.class), GrantKind.valueOf(rs.getString("kind")),
                rs.getString("title"), rs.getString("currency"), rs.getLong("budget_cents"), Sql.nullableLong(rs, "estimate_cents"),
                Sql.nullableLong(rs, "traveller_cap_cents"), caps, rs.getInt("draw_order"), rs.getInt("version"),
                rs.getString("created_by"), Sql.instant(rs, "created_at"));
    }
}
