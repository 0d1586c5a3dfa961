package org.lmc.funding.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.lmc.contracts.funding.ClaimApproved;
import org.lmc.contracts.funding.ClaimRejected;
import org.lmc.contracts.funding.ClaimSubmitted;
import org.lmc.contracts.funding.FundingEventTypes;
import org.lmc.contracts.funding.InvoiceApproved;
import org.lmc.contracts.funding.InvoiceRecorded;
import org.lmc.contracts.funding.InvoiceRejected;
import org.lmc.funding.domain.Account;
import org.lmc.funding.domain.ApprovalStatus;
import org.lmc.funding.domain.Category;
import org.lmc.funding.domain.DutyStatus;
import org.lmc.funding.domain.Entitlement;
import org.lmc.funding.domain.Expense;
import org.lmc.funding.domain.Funding;
import org.lmc.funding.domain.Grant;
import org.lmc.funding.domain.JournalEntry;
import org.lmc.funding.domain.MakerChecker;
import org.lmc.funding.domain.Money;
import org.lmc.funding.domain.Team;
import org.lmc.funding.repository.AuditTrail;
import org.lmc.funding.repository.EntitlementRepository;
import org.lmc.funding.repository.ExpenseRepository;
import org.lmc.funding.repository.GrantRepository;
import org.lmc.funding.repository.Ledger;
import org.lmc.funding.repository.TeamRepository;
import org.lmc.messaging.Outbox;
import org.lmc.messaging.PendingEvent;
import org.lmc.web.Caller;
import org.lmc.web.ProblemException;

/**
 * Claims and invoices, and their maker-checker decisions. Submitting moves no money; approving moves it to PAYABLE under
 * the grant's row lock (from the traveller's reservation first, then from what is available), after the caps are checked.
 */
@ApplicationScoped
public class Expenses {
    private final TeamRepository teams;
    private final GrantRepository grants;
    private final EntitlementRepository entitlements;
    private final ExpenseRepository expenses;
    private final Ledger ledger;
    private final AuditTrail audit;
    private final Outbox outbox;

    Expenses(TeamRepository teams, GrantRepository grants, EntitlementRepository entitlements, ExpenseRepository expenses, Ledger ledger,
            AuditTrail audit, Outbox outbox) {
        this.teams = teams;
        this.grants = grants;
        this.entitlements = entitlements;
        this.expenses = expenses;
        this.ledger = ledger;
        this.audit = audit;
        this.outbox = outbox;
    }

    public record NewClaim(UUID teamId, UUID memberId, Category category, long amountCents, String currency, DutyStatus dutyStatus,
            Expense.Receipt receipt) {
    }

    public record NewInvoice(UUID grantId, String vendor, Category category, long amountCents, String currency, Expense.Receipt receipt) {
    }

    /** A traveller's claim against their entitlement, by the traveller themself or by staff on their behalf. */
    @Transactional
    public Expense submitClaim(NewClaim c, Caller caller) {
        Team team = visibleTeam(c.teamId(), caller);
        Team.Member member = team.member(c.memberId()).orElseThrow(() -> ProblemException.notFound("member", c.memberId()));
        if (!caller.isStaff() && !Access.isTraveller(member, caller)) {
            throw ProblemException.forbidden("a traveller claims only for themself (a verified token email that is the member's);"
                    + " staff may submit on their behalf");
        }
        Entitlement entitlement = entitlements.liveOf(team.id(), member.memberId()).filter(e -> Entitlement.RESERVED.equals(e.status()))
                .orElseThrow(() -> ProblemException.rule("no-travel-entitlement", "memberId", "member " + member.memberId()
                        + " has no funded travel entitlement to claim against"));
        Grant grant = grants.find(entitlement.grantId()).orElseThrow();
        grant.requireAllows(c.category(), "category");
        Money.requireCurrency(grant.currency(), c.currency(), "currency");
        Instant now = Now.instant();
        Expense claim = new Expense(UUID.randomUUID(), true, grant.id(), team.id(), member.memberId(), entitlement.id(), member.name(), null,
                c.category(), c.amountCents(), c.currency(), c.dutyStatus(), c.receipt(), ApprovalStatus.SUBMITTED, caller.subject(), now,
                null, null, null);
        expenses.insertClaim(claim, member.email());
        Addressing to = Addressing.of(team, member.memberId());
        outbox.publish(new PendingEvent(FundingEventTypes.CLAIM_SUBMITTED_V1, team.id().toString(), new ClaimSubmitted(team.conveningId(),
                team.id(), to.organisation(), to.recipientRoles(), member.memberId(), now, claim.id(), grant.id(), grant.funderId(),
                c.category().name(), c.amountCents(), c.currency(), c.dutyStatus().name())));
        audit.append(caller.subject(), "CLAIM_SUBMITTED", "claim", claim.id().toString(), details(claim));
        return claim;
    }

    /** A vendor invoice on a federal event-cost grant, recorded by Department staff. */
    @Transactional
    public Expense recordInvoice(NewInvoice i, Caller caller) {
        Grant grant = grants.find(i.grantId()).orElseThrow(() -> ProblemException.rule("unknown-grant", "grantId", "no grant " + i.grantId()));
        grant.requireAllows(i.category(), "category");
        Money.requireCurrency(grant.currency(), i.currency(), "currency");
        Instant now = Now.instant();
        Expense invoice = new Expense(UUID.randomUUID(), false, grant.id(), null, null, null, null, i.vendor().strip(), i.category(),
                i.amountCents(), i.currency(), null, i.receipt(), ApprovalStatus.SUBMITTED, caller.subject(), now, null, null, null);
        expenses.insertInvoice(invoice);
        outbox.publish(new PendingEvent(FundingEventTypes.INVOICE_RECORDED_V1, grant.id().toString(), new InvoiceRecorded(invoice.id(),
                grant.id(), grant.funderId(), grant.conveningId(), i.category().name(), invoice.vendor(), i.amountCents(), i.currency(), now)));
        audit.append(caller.subject(), "INVOICE_RECORDED", "invoice", invoice.id().toString(), details(invoice));
        return invoice;
    }

    /** Approves (reason null) or rejects (with a reason) a claim or invoice: someone other than its maker, allowed to decide. */
    @Transactional
    public Expense decide(boolean claim, UUID id, boolean approve, String reason, Caller caller) {
        Expense seen = expenses.find(claim, id).orElseThrow(() -> ProblemException.notFound(claim ? "claim" : "invoice", id));
        requireDecider(grants.find(seen.grantId()).orElseThrow(), seen, caller);
        ExpenseRepository.Locked locked = expenses.lockWithGrant(claim, id, seen.grantId());
        Grant grant = locked.grant();
        Expense e = locked.expense();
        e.requireUndecided();
        MakerChecker.requireOtherThanMaker(e.submittedBy(), caller.subject());
        Instant now = Now.instant();
        if (approve) {
            fund(grant, e, caller.subject(), now);
        }
        ApprovalStatus status = approve ? ApprovalStatus.APPROVED : ApprovalStatus.REJECTED;
        expenses.decide(e, status, caller.subject(), now, reason);
        Expense decided = expenses.find(claim, id).orElseThrow();
        outbox.publish(event(decided, grant, approve, reason, now));
        Map<String, Object> details = details(decided);
        if (reason != null) {
            details.put("reason", reason);
        }
        audit.append(caller.subject(), (claim ? "CLAIM_" : "INVOICE_") + status, e.noun(), id.toString(), details);
        return decided;
    }

    /** Travel claims are decided by the grant's own funder; invoices by Department staff (admin). */
    private static void requireDecider(Grant grant, Expense e, Caller caller) {
        if (e.isClaim()) {
            if (!caller.is(Caller.FUNDER)) {
                throw ProblemException.forbidden("a travel claim is approved by the grant's funder");
            }
            Access.requireSees(grant, caller, "claim", e.id());
        } else if (!caller.is(Caller.ADMIN)) {
            throw ProblemException.forbidden("a vendor invoice is approved by a second Department user");
        }
    }

    private void fund(Grant grant, Expense e, String approver, Instant now) {
        long travellerSoFar = e.isClaim() ? expenses.travellerApprovedCents(grant.id(), e.teamId(), e.memberId()) : 0;
        grant.requireWithinCaps(e.category(), e.amountCents(), travellerSoFar, expenses.categoryApprovedCents(grant.id(), e.category()));
        Entitlement entitlement = e.isClaim() ? entitlements.lock(e.entitlementId()).orElseThrow() : null;
        long available = grants.balances(grant.id()).getOrDefault(Account.AVAILABLE, 0L);
        Funding funding = Funding.take(e.amountCents(), entitlement == null ? 0 : entitlement.leftCents(), available);
        ledger.post(JournalEntry.on(grant.id(), e.isClaim() ? "CLAIM_APPROVED" : "INVOICE_APPROVED", grant.currency())
                .move(Account.RESERVED, Account.PAYABLE, funding.fromReservedCents())
                .move(Account.AVAILABLE, Account.PAYABLE, funding.fromAvailableCents())
                .build(new JournalEntry.Trace(e.teamId(), e.memberId(), e.entitlementId(), e.isClaim() ? e.id() : null,
                        e.isClaim() ? null : e.id(), null), e.category() + " " + e.noun() + " approved"), approver, now);
        if (entitlement != null && funding.fromReservedCents() > 0) {
            entitlements.update(new Entitlement(entitlement.id(), entitlement.teamId(), entitlement.memberId(), entitlement.grantId(),
                    entitlement.status(), entitlement.reservedCents(), entitlement.consumedCents() + funding.fromReservedCents(),
                    entitlement.releasedCents(), entitlement.currency()));
        }
    }

    private PendingEvent event(Expense e, Grant grant, boolean approved, String reason, Instant now) {
        if (!e.isClaim()) {
            Object data = approved
                    ? new InvoiceApproved(e.id(), grant.id(), grant.funderId(), grant.conveningId(), e.category().name(), e.vendor(),
                            e.amountCents(), e.currency(), now)
                    : new InvoiceRejected(e.id(), grant.id(), grant.funderId(), grant.conveningId(), e.category().name(), e.vendor(),
                            e.amountCents(), e.currency(), now, reason);
            return new PendingEvent(approved ? FundingEventTypes.INVOICE_APPROVED_V1 : FundingEventTypes.INVOICE_REJECTED_V1,
                    grant.id().toString(), data);
        }
        Team team = teams.find(e.teamId()).orElseThrow();
        Addressing to = Addressing.of(team, e.memberId());
        Object data = approved
                ? new ClaimApproved(team.conveningId(), team.id(), to.organisation(), to.recipientRoles(), e.memberId(), now, e.id(),
                        grant.id(), grant.funderId(), e.category().name(), e.amountCents(), e.currency(), e.dutyStatus().name())
                : new ClaimRejected(team.conveningId(), team.id(), to.organisation(), to.recipientRoles(), e.memberId(), now, e.id(),
                        grant.id(), grant.funderId(), e.category().name(), e.amountCents(), e.currency(), e.dutyStatus().name(), reason);
        return new PendingEvent(approved ? FundingEventTypes.CLAIM_APPROVED_V1 : FundingEventTypes.CLAIM_REJECTED_V1,
                team.id().toString(), data);
    }

    /** A claim the caller may read: its team's district, staff, auditors, or the funder of its grant. */
    public Expense visibleClaim(UUID id, Caller caller) {
        Expense claim = expenses.find(true, id).orElseThrow(() -> ProblemException.notFound("claim", id));
        Grant grant = grants.find(claim.grantId()).orElseThrow();
        Team team = teams.find(claim.teamId()).orElseThrow();
        if (!Access.seesTeam(team, caller) && !Access.sees(grant, caller)) {
            throw ProblemException.notFound("claim", id);
        }
        return claim;
    }

    public Expense visibleInvoice(UUID id, Caller caller) {
        Expense invoice = expenses.find(false, id).orElseThrow(() -> ProblemException.notFound("invoice", id));
        if (!caller.is(Caller.ADMIN) && !Access.sees(grants.find(invoice.grantId()).orElseThrow(), caller)) {
            throw ProblemException.notFound("invoice", id);
        }
        return invoice;
    }

    /** A team the caller may act on or read: 404 for another organisation's team, as for an unknown one. */
    public Team visibleTeam(UUID teamId, Caller caller) {
        Team team = teams.find(teamId).orElseThrow(() -> ProblemException.notFound("team", teamId));
        if (!Access.seesTeam(team, caller)) {
            throw ProblemException.notFound("team", teamId);
        }
        return team;
    }

    /** A team's claims, for its district, staff and auditors; a funder sees those on its own grants. */
    public List<Expense> claimsOfTeam(UUID teamId, Caller caller, org.lmc.web.Cursor after, int limit) {
        Team team = teams.find(teamId).orElseThrow(() -> ProblemException.notFound("team", teamId));
        if (Access.seesTeam(team, caller)) {
            return expenses.claimsOfTeam(teamId, after, limit);
        }
        if (caller.is(Caller.FUNDER)) {
            return expenses.claimsOfTeam(teamId, after, limit).stream()
                    .filter(c -> Access.sees(grants.find(c.grantId()).orElseThrow(), caller)).toList();
        }
        throw ProblemException.notFound("team", teamId);
    }

    /** A grant's claims waiting for its funder's decision, for whoever sees the grant (404 for another funder's). */
    public List<Expense> claimsAwaitingDecision(UUID grantId, Caller caller, int limit) {
        Grant grant = grants.find(grantId).orElseThrow(() -> ProblemException.notFound("grant", grantId));
        Access.requireSees(grant, caller, "grant", grantId);
        return expenses.claimsAwaitingDecision(grantId, limit);
    }

    public List<Entitlement> entitlementsOf(UUID teamId, Caller caller) {
        Team team = teams.find(teamId).orElseThrow(() -> ProblemException.notFound("team", teamId));
        List<Entitlement> all = entitlements.allOf(teamId);
        if (Access.seesTeam(team, caller)) {
            return all;
        }
        if (caller.is(Caller.FUNDER)) {
            return all.stream().filter(e -> e.grantId() != null && Access.sees(grants.find(e.grantId()).orElseThrow(), caller)).toList();
        }
        throw ProblemException.notFound("team", teamId);
    }

    private static Map<String, Object> details(Expense e) {
        Map<String, Object> d = new TreeMap<>();
        d.put("grantId", e.grantId().toString());
        d.put("category", e.category().name());
        d.put("amountCents", e.amountCents());
        d.put("currency", e.currency());
        d.put("receiptSha256", e.receipt().sha256());
        d.put("receiptIssuer", e.receipt().issuer());
        d.put("receiptDate", e.receipt().date().toString());
        if (e.isClaim()) {
            d.put("teamId", e.teamId().toString());
            d.put("memberId", e.memberId().toString());
            d.put("dutyStatus", e.dutyStatus().name());
        } else {
            d.put("vendor", e.vendor());
        }
        d.put("status", e.status().name());
        return d;
    }
}
