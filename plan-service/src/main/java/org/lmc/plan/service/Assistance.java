package org.lmc.plan.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.lmc.contracts.plan.AssistanceAssigned;
import org.lmc.contracts.plan.AssistanceClosed;
import org.lmc.contracts.plan.AssistanceRequested;
import org.lmc.contracts.plan.PlanEventTypes;
import org.lmc.plan.domain.AssistanceRequest;
import org.lmc.plan.domain.Plan;
import org.lmc.plan.repository.AssistanceRepository;
import org.lmc.plan.repository.PlanRepository;
import org.lmc.web.Caller;
import org.lmc.web.ProblemException;

/**
 * Mediation support (the Federal Mediation and Conciliation Service's offer): a team asks, Department staff assign
 * someone and close the request. Each change holds the plan's lock, so the plan's events stay in order.
 */
@ApplicationScoped
public class Assistance {
    private final AssistanceRepository requests;
    private final PlanRepository plans;
    private final PlanLocks locks;
    private final Clock clock;

    Assistance(AssistanceRepository requests, PlanRepository plans, PlanLocks locks, Clock clock) {
        this.requests = requests;
        this.plans = plans;
        this.locks = locks;
        this.clock = clock;
    }

    @Transactional
    public AssistanceRequest ask(UUID planId, String topic, String details, Caller caller) {
        Plan plan = locks.lockForChange(planId, caller);
        plan.requireOpen();
        Instant now = Now.of(clock);
        AssistanceRequest request = new AssistanceRequest(UUID.randomUUID(), planId, topic, details, caller.subject(), now);
        requests.persist(request);
        locks.changed(List.of(plan.event(PlanEventTypes.ASSISTANCE_REQUESTED_V1, new AssistanceRequested(planId, plan.conveningId(),
                plan.teamId(), plan.organisation(), List.of(), null, now, request.id(), topic))));
        return request;
    }

    @Transactional
    public AssistanceRequest assign(UUID requestId, String assignee, Caller caller) {
        AssistanceRequest request = requests.findByIdOptional(requestId).orElseThrow(() -> ProblemException.notFound("assistance request", requestId));
        Plan plan = plans.lock(request.planId()).orElseThrow();
        Instant now = Now.of(clock);
        request.assign(assignee, now);
        locks.changed(List.of(plan.event(PlanEventTypes.ASSISTANCE_ASSIGNED_V1, new AssistanceAssigned(plan.id(), plan.conveningId(),
                plan.teamId(), plan.organisation(), List.of(), null, now, request.id(), request.topic(), assignee))));
        return request;
    }

    @Transactional
    public AssistanceRequest close(UUID requestId, String resolution, Caller caller) {
        AssistanceRequest request = requests.findByIdOptional(requestId).orElseThrow(() -> ProblemException.notFound("assistance request", requestId));
        Plan plan = plans.lock(request.planId()).orElseThrow();
        Instant now = Now.of(clock);
        request.close(resolution, now);
        locks.changed(List.of(plan.event(PlanEventTypes.ASSISTANCE_CLOSED_V1, new AssistanceClosed(plan.id(), plan.conveningId(),
                plan.teamId(), plan.organisation(), List.of(), null, now, request.id(), request.topic(), resolution))));
        return request;
    }

    @Transactional
    public List<AssistanceRequest> ofPlan(UUID planId, Caller caller) {
        Plan plan = plans.findByIdOptional(planId).orElseThrow(() -> ProblemException.notFound("plan", planId));
        PlanLocks.requireReadable(plan, caller);
        return requests.ofPlan(planId);
    }
}
