package org.lmc.plan.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;
import org.lmc.messaging.Outbox;
import org.lmc.messaging.PendingEvent;
import org.lmc.plan.domain.Plan;
import org.lmc.plan.repository.PlanRepository;
import org.lmc.web.Caller;
import org.lmc.web.ProblemException;

/**
 * Every change to a plan holds the plan's row lock, taken before the plan is read, and ends in {@link #changed}: one
 * writer at a time per plan, so a plan's events reach the outbox (and Kafka) in the order of its changes.
 *
 * <p>Access: a district user reads and writes only its own organisation's plan (another one is not found); admins
 * write any plan; admins and agencies read all.
 */
@ApplicationScoped
public class PlanLocks {
    private final PlanRepository plans;
    private final Outbox outbox;

    PlanLocks(PlanRepository plans, Outbox outbox) {
        this.plans = plans;
        this.outbox = outbox;
    }

    /** The plan, locked, for a change by {@code caller}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Plan lockForChange(UUID planId, Caller caller) {
        Plan plan = plans.lock(planId).orElseThrow(() -> ProblemException.notFound("plan", planId));
        requireReadable(plan, caller);
        if (!caller.is(Caller.ADMIN) && !caller.is(Caller.DISTRICT)) {
            throw ProblemException.forbidden("only the team's district users (and admins) change a plan");
        }
        return plan;
    }

    /** The plan, locked, for a signature: the signer's own checks follow. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Plan lockForSignature(UUID planId, Caller caller) {
        Plan plan = plans.lock(planId).orElseThrow(() -> ProblemException.notFound("plan", planId));
        requireReadable(plan, caller);
        return plan;
    }

    /** Another organisation's plan is reported as not found to a district user. */
    public static void requireReadable(Plan plan, Caller caller) {
        if (caller.readsOnlyOrganisation().filter(own -> !own.equals(plan.organisation().orgId())).isPresent()) {
            throw ProblemException.notFound("plan", plan.id());
        }
    }

    /** Records a change: the events go to the outbox in the plan's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void changed(List<PendingEvent> events) {
        if (!events.isEmpty()) {
            outbox.publishAll(events);
        }
    }
}
