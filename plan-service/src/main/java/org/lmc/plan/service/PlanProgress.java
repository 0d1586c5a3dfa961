package org.lmc.plan.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.lmc.contracts.plan.MilestoneCompleted;
import org.lmc.contracts.plan.PlanEventTypes;
import org.lmc.contracts.plan.ProgressReported;
import org.lmc.plan.domain.Plan;
import org.lmc.plan.repository.TeamRepository;
import org.lmc.web.Caller;
import org.lmc.web.ProblemException;

/**
 * Progress against the published plan: measure values over time (the history is kept, append-only) and milestone
 * completions. Both are part of the public record.
 */
@ApplicationScoped
public class PlanProgress {
    private final PlanLocks locks;
    private final PublicRecord publicRecord;
    private final TeamRepository teams;
    private final EntityManager em;
    private final Clock clock;

    PlanProgress(PlanLocks locks, PublicRecord publicRecord, TeamRepository teams, EntityManager em, Clock clock) {
        this.locks = locks;
        this.publicRecord = publicRecord;
        this.teams = teams;
        this.em = em;
        this.clock = clock;
    }

    /** A reported value, as stored. */
    public record Reported(UUID id, UUID measureId, BigDecimal value, LocalDate observedOn, Instant reportedAt) {
    }

    @Transactional
    public Reported reportValue(UUID planId, UUID measureId, BigDecimal value, LocalDate observedOn, Caller caller) {
        Plan plan = locks.lockForChange(planId, caller);
        int version = plan.versionInForce();
        Object[] measure = single(em.createNativeQuery("SELECT name, unit FROM plan_measure WHERE plan_id = ?1 AND id = ?2")
                .setParameter(1, planId).setParameter(2, measureId).getResultList(), "measure", measureId);
        Instant now = Now.of(clock);
        if (observedOn.isAfter(LocalDate.ofInstant(now, ZoneOffset.UTC))) {
            throw ProblemException.rule("observed-in-future", "observedOn", "a value cannot be observed after today");
        }
        UUID id = UUID.randomUUID();
        em.createNativeQuery("INSERT INTO plan_measure_value (id, plan_id, measure_id, value, observed_on, reported_at, reported_by)"
                + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)").setParameter(1, id).setParameter(2, planId).setParameter(3, measureId)
                .setParameter(4, value).setParameter(5, Date.valueOf(observedOn)).setParameter(6, Timestamp.from(now))
                .setParameter(7, caller.subject()).executeUpdate();
        plan.touch(now);
        publicRecord.changed(planId);
        locks.changed(List.of(plan.event(PlanEventTypes.PROGRESS_REPORTED_V1, new ProgressReported(planId, plan.conveningId(),
                plan.teamId(), plan.organisation(), List.of(), null, now, version, measureId, (String) measure[0], value,
                (String) measure[1], observedOn))));
        return new Reported(id, measureId, value, observedOn, now);
    }

    /** A completed milestone, as stored. */
    public record Completed(UUID milestoneId, String title, LocalDate dueDate, String ownerRole, LocalDate completedOn) {
    }

    @Transactional
    public Completed completeMilestone(UUID planId, UUID milestoneId, LocalDate completedOn, Caller caller) {
        Plan plan = locks.lockForChange(planId, caller);
        int version = plan.versionInForce();
        Object[] milestone = single(em.createNativeQuery("SELECT title, due_date, owner_role, completed_on FROM plan_milestone"
                + " WHERE plan_id = ?1 AND id = ?2").setParameter(1, planId).setParameter(2, milestoneId).getResultList(),
                "milestone", milestoneId);
        if (milestone[3] != null) {
            throw ProblemException.conflict("milestone-completed", "the milestone was completed on " + milestone[3]);
        }
        Instant now = Now.of(clock);
        if (completedOn.isAfter(LocalDate.ofInstant(now, ZoneOffset.UTC))) {
            throw ProblemException.rule("completed-in-future", "completedOn", "a milestone cannot be completed after today");
        }
        em.createNativeQuery("UPDATE plan_milestone SET completed_on = ?3, completed_by = ?4 WHERE plan_id = ?1 AND id = ?2")
                .setParameter(1, planId).setParameter(2, milestoneId).setParameter(3, Date.valueOf(completedOn))
                .setParameter(4, caller.subject()).executeUpdate();
        plan.touch(now);
        publicRecord.changed(planId);
        String title = (String) milestone[0];
        LocalDate due = localDate(milestone[1]);
        String owner = (String) milestone[2];
        UUID ownerMember = teams.findByIdOptional(plan.teamId()).flatMap(t -> t.inRole(owner)).map(m -> m.id()).orElse(null);
        locks.changed(List.of(plan.event(PlanEventTypes.MILESTONE_COMPLETED_V1, new MilestoneCompleted(planId, plan.conveningId(),
                plan.teamId(), plan.organisation(), List.of(owner), ownerMember, now, version, milestoneId, title, due, owner,
                completedOn))));
        return new Completed(milestoneId, title, due, owner, completedOn);
    }

    static LocalDate localDate(Object value) {
        return value instanceof Date d ? d.toLocalDate() : (LocalDate) value;
    }

    private static Object[] single(List<?> rows, String what, UUID id) {
        if (rows.isEmpty()) {
            throw ProblemException.notFound(what + " of the published plan", id);
        }
        return (Object[]) rows.get(0);
    }
}
