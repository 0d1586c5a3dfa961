package org.lmc.plan.service;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.lmc.plan.domain.ContentError;
import org.lmc.plan.domain.Plan;
import org.lmc.plan.domain.PlanContent;
import org.lmc.plan.domain.PlanVersion;
import org.lmc.plan.domain.VersionDiff;
import org.lmc.plan.repository.PlanRepository;
import org.lmc.web.Caller;
import org.lmc.web.ETags;
import org.lmc.web.Problem;
import org.lmc.web.ProblemException;

/** Writing a plan: the draft (under If-Match), frozen versions, and what changed between two of them. */
@ApplicationScoped
public class PlanAuthoring {
    private final PlanRepository plans;
    private final PlanLocks locks;
    private final Clock clock;

    PlanAuthoring(PlanRepository plans, PlanLocks locks, Clock clock) {
        this.plans = plans;
        this.locks = locks;
        this.clock = clock;
    }

    /** Checks {@code body} against the template before anything is locked or written; every fault is listed. */
    public JsonNode checked(JsonNode body) {
        PlanContent.Checked checked = PlanContent.check(body, plans.principleNumbers(), UUID::randomUUID);
        if (!checked.valid()) {
            List<Problem.FieldError> errors = checked.errors().stream().map(e -> new Problem.FieldError(e.field(), e.message())).toList();
            ContentError first = checked.errors().get(0);
            throw new ProblemException(400, "validation", "The request is invalid", first.field() + ": " + first.message()
                    + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""), errors);
        }
        return checked.content();
    }

    @Transactional
    public Plan saveDraft(UUID planId, String ifMatch, JsonNode content, Caller caller) {
        Plan plan = locks.lockForChange(planId, caller);
        ETags.requireMatch(ifMatch, plan.draftRevision());
        plan.saveDraft(content, Now.of(clock));
        return plan;
    }

    @Transactional
    public PlanVersion submit(UUID planId, Caller caller) {
        Plan plan = locks.lockForChange(planId, caller);
        Plan.Submitted submitted = plan.submit(caller.subject(), Now.of(clock));
        plans.getEntityManager().persist(submitted.version());
        locks.changed(submitted.events());
        return submitted.version();
    }

    @Transactional
    public Plan find(UUID planId, Caller caller) {
        Plan plan = plans.findByIdOptional(planId).orElseThrow(() -> ProblemException.notFound("plan", planId));
        PlanLocks.requireReadable(plan, caller);
        return plan;
    }

    @Transactional
    public PlanVersion version(UUID planId, int number, Caller caller) {
        find(planId, caller);
        return plans.version(planId, number).orElseThrow(() -> ProblemException.notFound("version", planId + "/" + number));
    }

    @Transactional
    public List<VersionDiff.Change> diff(UUID planId, int from, int to, Caller caller) {
        return VersionDiff.between(version(planId, from, caller).content(), version(planId, to, caller).content());
    }
}
