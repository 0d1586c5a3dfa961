package org.lmc.funding.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.lmc.funding.domain.Account;
import org.lmc.funding.domain.Grant;
import org.lmc.funding.repository.GrantRepository;
import org.lmc.funding.repository.TeamRepository;
import org.lmc.sql.Sql;
import org.lmc.web.ProblemException;

/** Reconciliation for funders and auditors, and the public's aggregate answers (no names, emails, receipts or per-person amounts). */
@ApplicationScoped
public class Reports {
    private final Sql sql;
    private final GrantRepository grants;
    private final TeamRepository teams;

    Reports(Sql sql, GrantRepository grants, TeamRepository teams) {
        this.sql = sql;
        this.grants = grants;
        this.teams = teams;
    }

    public record Check(String name, boolean holds, String detail) {
    }

    public record Reconciliation(UUID grantId, long budgetCents, String currency, Map<Account, Long> balances, boolean balanced,
            List<Check> checks) {
    }

    /** Every invariant of one grant's books, each stated with what was found. */
    public Reconciliation reconcile(Grant grant) {
        UUID id = grant.id();
        Map<Account, Long> b = grants.balances(id);
        List<Check> checks = new ArrayList<>();
        long held = b.get(Account.AVAILABLE) + b.get(Account.RESERVED) + b.get(Account.PAYABLE) + b.get(Account.PAID);
        checks.add(new Check("budget = available + reserved + payable + paid", held == grant.budgetCents(),
                grant.budgetCents() + " = " + held));
        checks.add(new Check("commitment = -budget", b.get(Account.COMMITMENT) == -grant.budgetCents(),
                "commitment " + b.get(Account.COMMITMENT)));
        long unbalanced = sql.number("SELECT count(*) FROM (SELECT entry_id FROM journal_line WHERE grant_id = ? GROUP BY entry_id"
                + " HAVING sum(amount_cents) <> 0 OR count(*) < 2) x", id);
        checks.add(new Check("every journal entry balances", unbalanced == 0, unbalanced + " unbalanced entries"));
        long drift = sql.number("SELECT count(*) FROM ledger_account a WHERE a.grant_id = ? AND a.balance_cents <> (SELECT"
                + " coalesce(sum(amount_cents), 0) FROM journal_line l WHERE l.grant_id = a.grant_id AND l.account = a.account)", id);
        checks.add(new Check("account balances equal the sum of their lines", drift == 0, drift + " accounts differ"));
        long payments = sql.number("SELECT coalesce(sum(amount_cents), 0) FROM payment WHERE grant_id = ?", id);
        checks.add(new Check("paid = sum of payments", payments == b.get(Account.PAID), "payments " + payments + ", paid "
                + b.get(Account.PAID)));
        long publicTotal = sql.number("SELECT coalesce(sum(amount_cents), 0) FROM (" + PAID_ITEMS + ") p WHERE grant_id = ?", id);
        checks.add(new Check("public totals = ledger paid", publicTotal == b.get(Account.PAID), "public " + publicTotal + ", paid "
                + b.get(Account.PAID)));
        long payable = sql.number("SELECT coalesce(sum(amount_cents), 0) FROM (SELECT amount_cents FROM claim WHERE grant_id = ? AND"
                + " status = 'APPROVED' UNION ALL SELECT amount_cents FROM invoice WHERE grant_id = ? AND status = 'APPROVED') x", id, id);
        checks.add(new Check("payable = approved and unpaid", payable == b.get(Account.PAYABLE), "approved unpaid " + payable
                + ", payable " + b.get(Account.PAYABLE)));
        return new Reconciliation(id, grant.budgetCents(), grant.currency(), b, checks.stream().allMatch(Check::holds), checks);
    }

    /** What was paid, one row per payment, with the public dimensions only. The public answers are sums over this. */
    private static final String PAID_ITEMS = "SELECT p.grant_id, p.amount_cents, p.currency, g.funder_id, g.kind, g.convening_id,"
            + " coalesce(c.category, i.category) AS category, c.team_id, c.member_id, c.duty_status FROM payment p"
            + " JOIN funding_grant g ON g.id = p.grant_id LEFT JOIN claim c ON c.id = p.claim_id LEFT JOIN invoice i ON i.id = p.invoice_id";

    public record Total(String funderId, String funderName, String kind, String category, String currency, long paidCents) {
    }

    public record ConveningFunding(UUID conveningId, List<Total> totals, List<Total> byFunder) {
    }

    public ConveningFunding convening(UUID conveningId) {
        List<Total> totals = sql.list("SELECT p.funder_id, f.name, p.kind, p.category, p.currency, sum(p.amount_cents) FROM ("
                + PAID_ITEMS + ") p JOIN funder f ON f.id = p.funder_id WHERE p.convening_id = ? GROUP BY p.funder_id, f.name, p.kind,"
                + " p.category, p.currency ORDER BY p.funder_id, p.kind, p.category", rs -> new Total(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6)), conveningId);
        // Per funder and grant kind: the category totals summed here rather than a second walk over the payments.
        Map<List<String>, Total> byFunderKind = new LinkedHashMap<>();
        for (Total t : totals) {
            byFunderKind.merge(List.of(t.funderId(), t.kind(), t.currency()), new Total(t.funderId(), t.funderName(), t.kind(), null,
                    t.currency(), t.paidCents()), (sum, more) -> new Total(sum.funderId(), sum.funderName(), sum.kind(), null,
                    sum.currency(), sum.paidCents() + more.paidCents()));
        }
        List<Total> byFunder = List.copyOf(byFunderKind.values());
        if (totals.isEmpty() && sql.number("SELECT count(*) FROM funding_grant WHERE convening_id = ?", conveningId) == 0) {
            throw ProblemException.notFound("convening funding", conveningId);
        }
        return new ConveningFunding(conveningId, totals, byFunder);
    }

    /** A convening with grants: how many funders and how much was paid, per currency. */
    public record ConveningSummary(UUID conveningId, String currency, long funders, long paidCents) {
    }

    /** The convenings that have grants, each with its funders and what was paid so far; the public funding record's index. */
    public List<ConveningSummary> convenings() {
        return sql.list("SELECT g.convening_id, g.currency, count(DISTINCT g.funder_id), coalesce(sum(p.paid), 0) FROM funding_grant g"
                + " LEFT JOIN (SELECT grant_id, sum(amount_cents) AS paid FROM payment GROUP BY grant_id) p ON p.grant_id = g.id"
                + " GROUP BY g.convening_id, g.currency ORDER BY g.convening_id, g.currency", rs -> new ConveningSummary(
                rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3), rs.getLong(4)));
    }

    /** A team that travelled to the convening on paid funds: its organisation (public) and what was paid for it. */
    public record TeamPaid(UUID teamId, String organisation, String state, String currency, long paidCents) {
    }

    /** The teams of a convening that had payments, most paid first: organisations only, never a person. */
    public List<TeamPaid> teamsPaid(UUID conveningId) {
        return sql.list("SELECT t.id, t.org_name, t.org_state, p.currency, sum(p.amount_cents) FROM (" + PAID_ITEMS + ") p JOIN team t"
                + " ON t.id = p.team_id WHERE p.convening_id = ? GROUP BY t.id, t.org_name, t.org_state, p.currency"
                + " ORDER BY sum(p.amount_cents) DESC, t.org_name, t.id", rs -> new TeamPaid(rs.getObject(1, UUID.class), rs.getString(2),
                rs.getString(3), rs.getString(4), rs.getLong(5)), conveningId);
    }

    public record TeamFundingView(UUID teamId, UUID conveningId, String organisation, String state, List<Total> paid,
            long fundedTravellers, long travellersOnOfficialDuty, long travellersOnPersonalLeave) {
    }

    /**
     * Per team: which funders paid how much in which categories, for how many travellers, and how many travelled on
     * official duty or personal leave (a traveller counts once per status they claimed under). No person is named.
     */
    public TeamFundingView team(UUID teamId) {
        var team = teams.find(teamId).orElseThrow(() -> ProblemException.notFound("team", teamId));
        List<Total> paid = sql.list("SELECT p.funder_id, f.name, p.kind, p.category, p.currency, sum(p.amount_cents) FROM (" + PAID_ITEMS
                + ") p JOIN funder f ON f.id = p.funder_id WHERE p.team_id = ? GROUP BY p.funder_id, f.name, p.kind, p.category,"
                + " p.currency ORDER BY p.funder_id, p.category", rs -> new Total(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getLong(6)), teamId);
        long[] counts = sql.one("SELECT (SELECT count(DISTINCT member_id) FROM entitlement WHERE team_id = ? AND grant_id IS NOT NULL),"
                + " count(DISTINCT member_id) FILTER (WHERE duty_status = 'OFFICIAL_DUTY'),"
                + " count(DISTINCT member_id) FILTER (WHERE duty_status = 'PERSONAL_LEAVE')"
                + " FROM claim WHERE team_id = ? AND status IN ('APPROVED', 'PAID')",
                rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}, teamId, teamId).orElseThrow();
        return new TeamFundingView(teamId, team.conveningId(), team.orgName(), team.orgState(), paid, counts[0], counts[1], counts[2]);
    }
}
