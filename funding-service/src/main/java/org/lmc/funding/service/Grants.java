package org.lmc.funding.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.lmc.contracts.funding.FundingEventTypes;
import org.lmc.contracts.funding.GrantCreated;
import org.lmc.funding.domain.Account;
import org.lmc.funding.domain.Grant;
import org.lmc.funding.domain.GrantKind;
import org.lmc.funding.domain.JournalEntry;
import org.lmc.funding.repository.AuditTrail;
import org.lmc.funding.repository.GrantRepository;
import org.lmc.funding.repository.Ledger;
import org.lmc.messaging.Outbox;
import org.lmc.messaging.PendingEvent;
import org.lmc.web.Caller;
import org.lmc.web.ETags;
import org.lmc.web.ProblemException;

/** Funders and their grants: creation opens the grant's accounts with its budget; revision follows the grant's rules. */
@ApplicationScoped
public class Grants {
    private final GrantRepository grants;
    private final Ledger ledger;
    private final AuditTrail audit;
    private final Outbox outbox;

    Grants(GrantRepository grants, Ledger ledger, AuditTrail audit, Outbox outbox) {
        this.grants = grants;
        this.ledger = ledger;
        this.audit = audit;
        this.outbox = outbox;
    }

    @Transactional
    public GrantRepository.Funder createFunder(String id, String name, String actor) {
        if (!grants.insertFunder(id, name.strip())) {
            throw ProblemException.conflict("duplicate-funder", "funder " + id + " already exists");
        }
        audit.append(actor, "FUNDER_CREATED", "funder", id, Map.of("name", name.strip()));
        return new GrantRepository.Funder(id, name.strip());
    }

    @Transactional
    public Grant create(String funderId, UUID conveningId, GrantKind kind, Grant.Terms terms, String actor) {
        if (grants.funder(funderId).isEmpty()) {
            throw ProblemException.rule("unknown-funder", "funderId", "no funder " + funderId + "; create it first");
        }
        Instant now = Now.instant();
        Grant grant = Grant.create(UUID.randomUUID(), funderId, conveningId, kind, terms, actor, now);
        grants.insert(grant);
        ledger.post(JournalEntry.on(grant.id(), "GRANT_OPENED", grant.currency())
                .move(Account.COMMITMENT, Account.AVAILABLE, grant.budgetCents())
                .build(JournalEntry.Trace.NONE, "budget committed by " + funderId), actor, now);
        outbox.publish(new PendingEvent(FundingEventTypes.GRANT_CREATED_V1, grant.id().toString(), new GrantCreated(grant.id(),
                funderId, conveningId, kind.name(), grant.title(), grant.budgetCents(), grant.currency(), grant.estimateCents(),
                grant.drawOrder(), now)));
        audit.append(actor, "GRANT_CREATED", "grant", grant.id().toString(), terms(grant));
        return grant;
    }

    /**
     * New terms for a grant (If-Match its version). Before money moved a new budget is booked as a revision of the
     * commitment; after, only the title and the draw order may change (409 otherwise).
     */
    @Transactional
    public Grant revise(UUID grantId, Grant.Terms terms, String ifMatch, String actor) {
        Grant grant = grants.lock(grantId).orElseThrow(() -> ProblemException.notFound("grant", grantId));
        ETags.requireMatch(ifMatch, grant.version());
        Grant revised = grant.revise(terms, grants.moneyMoved(grantId));
        long delta = revised.budgetCents() - grant.budgetCents();
        if (delta != 0) {
            JournalEntry.Builder entry = JournalEntry.on(grantId, "BUDGET_REVISED", revised.currency());
            if (delta > 0) {
                entry.move(Account.COMMITMENT, Account.AVAILABLE, delta);
            } else {
                entry.move(Account.AVAILABLE, Account.COMMITMENT, -delta);
            }
            ledger.post(entry.build(JournalEntry.Trace.NONE, "budget revised from " + grant.budgetCents() + " to "
                    + revised.budgetCents()), actor, Now.instant());
        }
        grants.update(revised);
        audit.append(actor, "GRANT_REVISED", "grant", grantId.toString(), terms(revised));
        return revised;
    }

    /** A grant the caller may see: any for admin and auditor, its own for a funder; otherwise 404. */
    public Grant visible(UUID grantId, Caller caller) {
        Grant grant = grants.find(grantId).orElseThrow(() -> ProblemException.notFound("grant", grantId));
        Access.requireSees(grant, caller, "grant", grantId);
        return grant;
    }

    public List<Grant> list(UUID conveningId, Caller caller) {
        String onlyFunder = caller.is(Caller.ADMIN) || caller.is(Caller.AUDITOR) ? null : caller.funderId().orElse("");
        return grants.list(conveningId, onlyFunder);
    }

    public Map<Account, Long> balances(UUID grantId) {
        return grants.balances(grantId);
    }

    public List<GrantRepository.Funder> funders() {
        return grants.funders();
    }

    private static Map<String, Object> terms(Grant g) {
        Map<String, Object> t = new java.util.TreeMap<>();
        t.put("funderId", g.funderId());
        t.put("conveningId", g.conveningId().toString());
        t.put("kind", g.kind().name());
        t.put("title", g.title());
        t.put("currency", g.currency());
        t.put("budgetCents", g.budgetCents());
        t.put("estimateCents", g.estimateCents());
        t.put("travellerCapCents", g.travellerCapCents());
        t.put("categoryCaps", new java.util.TreeMap<>(g.categoryCaps()));
        t.put("drawOrder", g.drawOrder());
        t.put("version", g.version());
        return t;
    }
}
