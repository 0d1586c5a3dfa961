package org.lmc.plan.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import org.lmc.plan.domain.Plan;
import org.lmc.plan.repository.PlanRepository;
import org.lmc.web.ChangeFeed;
import org.lmc.web.Cursor;

/** Lists of plans for signed-in readers; the caller's organisation filter is applied by the resource. */
@ApplicationScoped
public class PlanQueries {
    private final PlanRepository plans;

    PlanQueries(PlanRepository plans) {
        this.plans = plans;
    }

    @Transactional
    public List<Plan> list(PlanRepository.PlanFilter filter, Cursor cursor, int max) {
        return plans.list(filter, cursor, max);
    }

    @Transactional
    public List<PlanRepository.Change> changes(String orgId, ChangeFeed.Token since, int max) {
        return plans.changedSince(orgId, since, max);
    }
}
