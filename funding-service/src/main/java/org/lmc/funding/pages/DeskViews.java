package org.lmc.funding.pages;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.lmc.funding.domain.Account;
import org.lmc.funding.domain.AuditRecord;
import org.lmc.funding.domain.Category;
import org.lmc.funding.domain.Expense;
import org.lmc.funding.domain.Grant;
import org.lmc.funding.repository.AuditTrail;
import org.lmc.funding.repository.Ledger;
import org.lmc.web.pages.StackedBar;
import org.lmc.web.pages.UsFormats;

/** What the funder's audit desk shows, made from the same grants, balances, claims, ledger and audit trail the API reads. */
public final class DeskViews {
    /** The parts of a budget, in the order money moves through them, each with its style class. */
    private static final List<Account> BUDGET_PARTS = List.of(Account.AVAILABLE, Account.RESERVED, Account.PAYABLE, Account.PAID);

    private DeskViews() {
    }

    /** Who is signed in, and what the pages offer them. */
    public record Session(String name, String role, boolean decides, boolean readsAudit) {
    }

    public record GrantCard(String href, String title, String funder, String kind, String convening, String budget, StackedBar bar) {
    }

    public record Index(Session session, List<GrantCard> grants) {
    }

    public record ClaimRow(String id, String traveller, String category, String amount, String duty, String receipt, String submitted,
            String approveAction, String rejectAction) {
    }

    public record LedgerRow(String day, String kind, String memo, String team, String traveller, String category, String lines) {
    }

    public record Option(String value, String label, boolean selected) {
    }

    /** The ledger's filters as the reader set them (empty when not set). */
    public record Filters(List<Option> categories, List<Option> teams, String from, String until) {
    }

    public record GrantPage(Session session, String id, String title, String funder, String kind, String budget, StackedBar bar,
            String notice, List<ClaimRow> claims, Filters filters, List<LedgerRow> ledger, String nextHref, String csvHref) {
    }

    public record AuditRow(long seq, String recorded, String actor, String action, String subject) {
    }

    public record AuditPage(Session session, boolean intact, String verification, long rowsChecked, List<AuditRow> records) {
    }

    public record Refusal(Session session, int status, String heading, String detail, String backHref) {
    }

    static GrantCard card(Grant grant, String funder, Map<Account, Long> balances) {
        return new GrantCard("/desk/grants/" + grant.id(), grant.title(), funder, UsFormats.words(grant.kind().name()),
                "Convening " + grant.conveningId().toString().substring(0, 8), UsFormats.money(grant.budgetCents(), grant.currency()),
                budgetBar(grant, balances));
    }

    /** The budget split into available, reserved, payable and paid: together they are the budget at every commit. */
    static StackedBar budgetBar(Grant grant, Map<Account, Long> balances) {
        return StackedBar.of("budget-" + grant.id(), "Budget of " + grant.title() + ", " + UsFormats.money(grant.budgetCents(),
                grant.currency()), BUDGET_PARTS.stream().map(account -> {
                    long cents = balances.getOrDefault(account, 0L);
                    String style = account.name().toLowerCase(java.util.Locale.ROOT);
                    return new StackedBar.Part(UsFormats.words(account.name()), cents, UsFormats.money(cents, grant.currency()), style);
                }).toList());
    }

    static ClaimRow claim(Expense c) {
        return new ClaimRow(c.id().toString(), c.travellerName(), UsFormats.words(c.category().name()),
                UsFormats.money(c.amountCents(), c.currency()), c.dutyStatus() == null ? "" : UsFormats.words(c.dutyStatus().name()),
                c.receipt().issuer() + ", " + UsFormats.date(c.receipt().date()), UsFormats.date(c.submittedAt()),
                "/desk/claims/" + c.id() + "/approval", "/desk/claims/" + c.id() + "/rejection");
    }

    static LedgerRow entry(Ledger.TracedEntry e) {
        Ledger.Trace t = e.trace();
        String lines = e.lines().stream().map(l -> UsFormats.words(l.account()) + " " + (l.amountCents() > 0 ? "+" : "")
                + UsFormats.money(l.amountCents(), e.currency())).collect(Collectors.joining(", "));
        return new LedgerRow(UsFormats.date(e.recordedAt()), UsFormats.words(e.kind()), e.memo(), t.orgName() == null ? "" : t.orgName(),
                t.traveller() == null ? "" : t.traveller(), t.category() == null ? "" : UsFormats.words(t.category()), lines);
    }

    static Filters filters(Category category, UUID team, String from, String until, List<Ledger.TeamName> teams) {
        List<Option> categories = Arrays.stream(Category.values())
                .map(c -> new Option(c.name(), UsFormats.words(c.name()), c == category)).toList();
        List<Option> teamOptions = teams.stream()
                .map(t -> new Option(t.id().toString(), t.orgName(), t.id().equals(team))).toList();
        return new Filters(categories, teamOptions, from == null ? "" : from, until == null ? "" : until);
    }

    static AuditRow audit(AuditRecord r) {
        return new AuditRow(r.seq(), UsFormats.date(r.recordedAt()) + " " + r.recordedAt().toString().substring(11, 19) + " UTC", r.actor(),
                UsFormats.words(r.action()), r.subjectType() + " " + r.subjectId());
    }

    static String verification(AuditTrail.Verification v) {
        return v.intact() ? "Intact: every one of the " + v.rowsChecked() + " records links to the one before it."
                : "Broken at record " + v.firstBrokenSeq() + ": " + v.reason();
    }
}
