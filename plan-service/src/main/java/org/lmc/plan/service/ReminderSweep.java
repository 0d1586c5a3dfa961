package org.lmc.plan.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;
import org.lmc.contracts.plan.MilestoneDueSoon;
import org.lmc.contracts.plan.MilestoneOverdue;
import org.lmc.contracts.plan.PlanEventTypes;
import org.lmc.messaging.Outbox;
import org.lmc.plan.config.PlanConfig;
import org.lmc.plan.domain.Plan;
import org.lmc.plan.domain.ProjectedTeam;
import org.lmc.plan.domain.Reminders;

/**
 * Finds the milestones of published open plans that come due within a threshold or are overdue, and emits one
 * reminder per milestone, due date and threshold. The guarantee lives in the database, not in memory: each reminder
 * is claimed by inserting its key into {@code plan_reminder} in the same transaction as its outbox row, under the
 * plan's row lock, so two instances sweeping at once, or a sweep repeated after a restart, send it once.
 */
@ApplicationScoped
public class ReminderSweep {
    private static final Logger LOG = Logger.getLogger(ReminderSweep.class);

    private final EntityManager em;
    private final Outbox outbox;
    private final PlanConfig.Reminders config;
    private final Clock clock;
    private final MeterRegistry registry;
    private final AtomicReference<LastSweep> last = new AtomicReference<>();

    ReminderSweep(EntityManager em, Outbox outbox, PlanConfig config, Clock clock, MeterRegistry registry) {
        this.em = em;
        this.outbox = outbox;
        this.config = config.reminders();
        this.clock = clock;
        this.registry = registry;
    }

    /** What a sweep did. */
    public record Result(LocalDate asOf, int candidates, int sent) {
    }

    /** The last scheduled sweep, for health: when, and the error if it failed. */
    public record LastSweep(Instant at, Result result, String error) {
    }

    @Scheduled(identity = "plan-reminder-sweep", every = "${lmc.plan.reminders.every:1h}", delayed = "${lmc.plan.reminders.delay:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        Instant at = clock.instant();
        try {
            Result result = sweep(LocalDate.ofInstant(at, ZoneOffset.UTC));
            last.set(new LastSweep(at, result, null));
            count("ok");
        } catch (RuntimeException e) {
            // The database may be away; the next run tries again, and health shows the failure meanwhile.
            LOG.warnf("reminder sweep failed, will retry at the next run: %s", e.toString());
            last.set(new LastSweep(at, null, e.toString()));
            count("failed");
        }
    }

    public Optional<LastSweep> lastSweep() {
        return Optional.ofNullable(last.get());
    }

    /** Sweeps as of {@code asOf}: every reminder due that day and not yet sent is sent now. */
    public Result sweep(LocalDate asOf) {
        int furthest = config.daysBefore().stream().max(Integer::compare).orElse(0);
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> {
            purge(asOf);
            @SuppressWarnings("unchecked")
            List<Object[]> found = em.createNativeQuery("""
                    SELECT m.plan_id, m.id, m.due_date,
                           (SELECT string_agg(r.threshold, ',') FROM plan_reminder r
                             WHERE r.plan_id = m.plan_id AND r.milestone_id = m.id AND r.due_date = m.due_date)
                      FROM plan_milestone m JOIN plan p ON p.id = m.plan_id
                     WHERE p.status = 'OPEN' AND m.completed_on IS NULL AND m.due_date BETWEEN ?1 AND ?2
                     ORDER BY m.due_date, m.plan_id, m.id""")
                    .setParameter(1, Date.valueOf(asOf.minusDays(config.overdueWindowDays())))
                    .setParameter(2, Date.valueOf(asOf.plusDays(furthest))).getResultList();
            return found;
        });
        int sent = 0;
        for (Object[] row : rows) {
            UUID planId = (UUID) row[0];
            UUID milestoneId = (UUID) row[1];
            LocalDate due = PlanProgress.localDate(row[2]);
            List<String> claimed = row[3] == null ? List.of() : Arrays.asList(((String) row[3]).split(","));
            Optional<Reminders.Threshold> threshold = Reminders.thresholdFor(due, asOf, config.daysBefore());
            if (threshold.isPresent() && !claimed.contains(threshold.get().label())
                    && QuarkusTransaction.requiringNew().call(() -> remind(planId, milestoneId, due, threshold.get()))) {
                sent++;
            }
        }
        Counter.builder("lmc.plan.reminders.sent").description("Milestone reminders emitted").register(registry).increment(sent);
        return new Result(asOf, rows.size(), sent);
    }

    /** Claims and emits one reminder under the plan's lock; false when it was claimed already or no longer applies. */
    private boolean remind(UUID planId, UUID milestoneId, LocalDate due, Reminders.Threshold threshold) {
        @SuppressWarnings("unchecked")
        List<Object[]> current = em.createNativeQuery("""
                SELECT m.title, m.owner_role FROM plan p JOIN plan_milestone m ON m.plan_id = p.id
                 WHERE p.id = ?1 AND m.id = ?2 AND m.due_date = ?3 AND m.completed_on IS NULL AND p.status = 'OPEN'
                 FOR UPDATE OF p""").setParameter(1, planId).setParameter(2, milestoneId).setParameter(3, Date.valueOf(due))
                .getResultList();
        if (current.isEmpty()) {
            return false;
        }
        Instant now = Now.of(clock);
        int claimed = em.createNativeQuery("INSERT INTO plan_reminder (plan_id, milestone_id, due_date, threshold, sent_at)"
                + " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING").setParameter(1, planId).setParameter(2, milestoneId)
                .setParameter(3, Date.valueOf(due)).setParameter(4, threshold.label()).setParameter(5, Timestamp.from(now))
                .executeUpdate();
        if (claimed == 0) {
            return false;
        }
        Plan plan = em.find(Plan.class, planId);
        String title = (String) current.get(0)[0];
        String owner = (String) current.get(0)[1];
        ProjectedTeam team = em.find(ProjectedTeam.class, plan.teamId());
        UUID ownerMember = team == null ? null : team.inRole(owner).map(m -> m.id()).orElse(null);
        Object data = threshold.overdue()
                ? new MilestoneOverdue(planId, plan.conveningId(), plan.teamId(), plan.organisation(), List.of(owner), ownerMember, now,
                        milestoneId, title, due, owner, threshold.label())
                : new MilestoneDueSoon(planId, plan.conveningId(), plan.teamId(), plan.organisation(), List.of(owner), ownerMember, now,
                        milestoneId, title, due, owner, threshold.label(), threshold.daysBefore());
        outbox.publish(plan.event(threshold.overdue() ? PlanEventTypes.MILESTONE_OVERDUE_V1 : PlanEventTypes.MILESTONE_DUE_SOON_V1, data));
        return true;
    }

    /** Claims outlive the window in which their milestone can be swept again, then go. */
    private void purge(LocalDate asOf) {
        int keep = Math.max(config.retentionDays(), config.overdueWindowDays() + 1);
        em.createNativeQuery("DELETE FROM plan_reminder WHERE due_date < ?1").setParameter(1, Date.valueOf(asOf.minusDays(keep)))
                .executeUpdate();
    }

    private void count(String outcome) {
        Counter.builder("lmc.plan.reminder.sweeps").description("Scheduled reminder sweeps, by outcome").tag("outcome", outcome)
                .register(registry).increment();
    }
}
