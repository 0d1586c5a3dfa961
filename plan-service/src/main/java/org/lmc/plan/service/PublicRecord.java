package org.lmc.plan.service;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.lmc.plan.domain.Plan;
import org.lmc.plan.domain.PlanContent;
import org.lmc.plan.domain.PlanVersion;

/**
 * The rows behind the public plan database, kept in step with each plan's published version: its milestones and
 * measures (so progress, reminders and filters need no JSON), the full-text document, the principles, the
 * milestone counts, and a revision that moves with everything the public page shows (its ETag). Only published
 * content ever reaches these rows.
 */
@ApplicationScoped
public class PublicRecord {
    private final EntityManager em;

    PublicRecord(EntityManager em) {
        this.em = em;
    }

    /** The plan's public record now follows {@code version}; milestones keep their completion across versions. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void published(Plan plan, PlanVersion version, Instant now) {
        JsonNode content = version.content();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<PlanContent.Milestone> milestones = PlanContent.milestones(content);
        em.createNativeQuery("DELETE FROM plan_milestone WHERE plan_id = ?1 AND NOT (id = ANY (CAST(?2 AS uuid[])))")
                .setParameter(1, plan.id()).setParameter(2, array(milestones.stream().map(PlanContent.Milestone::id).toList()))
                .executeUpdate();
        for (PlanContent.Milestone m : milestones) {
            em.createNativeQuery("""
                    INSERT INTO plan_milestone (plan_id, id, title, due_date, owner_role, completed_on, completed_by)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                    ON CONFLICT (plan_id, id) DO UPDATE SET title = EXCLUDED.title, due_date = EXCLUDED.due_date,
                        owner_role = EXCLUDED.owner_role,
                        completed_on = COALESCE(plan_milestone.completed_on, EXCLUDED.completed_on),
                        completed_by = COALESCE(plan_milestone.completed_by, EXCLUDED.completed_by)""")
                    .setParameter(1, plan.id()).setParameter(2, m.id()).setParameter(3, m.title())
                    .setParameter(4, Date.valueOf(m.dueDate())).setParameter(5, m.ownerRole())
                    .setParameter(6, "DONE".equals(m.status()) ? Date.valueOf(today) : null)
                    .setParameter(7, "DONE".equals(m.status()) ? "published as done in version " + version.number() : null)
                    .executeUpdate();
        }
        List<PlanContent.Measure> measures = PlanContent.measures(content);
        em.createNativeQuery("DELETE FROM plan_measure WHERE plan_id = ?1 AND NOT (id = ANY (CAST(?2 AS uuid[])))")
                .setParameter(1, plan.id()).setParameter(2, array(measures.stream().map(PlanContent.Measure::id).toList()))
                .executeUpdate();
        for (PlanContent.Measure m : measures) {
            em.createNativeQuery("""
                    INSERT INTO plan_measure (plan_id, id, name, unit, baseline, target, target_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                    ON CONFLICT (plan_id, id) DO UPDATE SET name = EXCLUDED.name, unit = EXCLUDED.unit, baseline = EXCLUDED.baseline,
                        target = EXCLUDED.target, target_date = EXCLUDED.target_date""")
                    .setParameter(1, plan.id()).setParameter(2, m.id()).setParameter(3, m.name()).setParameter(4, m.unit())
                    .setParameter(5, m.baseline()).setParameter(6, m.target()).setParameter(7, Date.valueOf(m.targetDate()))
                    .executeUpdate();
        }
        List<Integer> principles = PlanContent.principles(content);
        em.createNativeQuery("""
                UPDATE plan SET principles = CAST(?2 AS smallint[]), published_title = ?3,
                    search_document = setweight(to_tsvector('english', org_name || ' ' || org_state || ' ' || ?3), 'A')
                        || setweight(to_tsvector('english', ?4), 'B')
                        || setweight(to_tsvector('english', coalesce((SELECT string_agg(title, ' ') FROM principle
                               WHERE number = ANY (CAST(?2 AS smallint[]))), '')), 'C')
                WHERE id = ?1""")
                .setParameter(1, plan.id())
                .setParameter(2, "{" + principles.stream().map(String::valueOf).collect(Collectors.joining(",")) + "}")
                .setParameter(3, content.path("title").asText())
                .setParameter(4, PlanContent.searchText(content))
                .executeUpdate();
        changed(plan.id());
    }

    /** Something the public page shows changed (a value, a completion): recount and move the revision. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void changed(UUID planId) {
        em.createNativeQuery("""
                UPDATE plan SET public_revision = public_revision + 1,
                    milestones_total = (SELECT count(*) FROM plan_milestone WHERE plan_id = ?1),
                    milestones_done = (SELECT count(*) FROM plan_milestone WHERE plan_id = ?1 AND completed_on IS NOT NULL)
                WHERE id = ?1""").setParameter(1, planId).executeUpdate();
    }

    private static String array(List<UUID> ids) {
        return "{" + ids.stream().map(UUID::toString).collect(Collectors.joining(",")) + "}";
    }
}
