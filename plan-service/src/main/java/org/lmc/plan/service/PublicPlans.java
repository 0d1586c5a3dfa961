package org.lmc.plan.service;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.lmc.contracts.registration.TeamOrganisation;
import org.lmc.plan.domain.PlanVersion;
import org.lmc.plan.domain.Progress;
import org.lmc.plan.domain.Signature;
import org.lmc.plan.repository.PlanRepository;
import org.lmc.web.Cursor;
import org.lmc.web.ProblemException;
import org.lmc.web.ScoreCursor;

/**
 * The public plan database: published plans only, read from the rows {@link PublicRecord} keeps. Nothing here reads
 * a draft, an unpublished version or a member's email.
 */
@ApplicationScoped
public class PublicPlans {
    private final EntityManager em;
    private final PlanRepository plans;
    private final Clock clock;

    PublicPlans(EntityManager em, PlanRepository plans, Clock clock) {
        this.em = em;
        this.plans = plans;
        this.clock = clock;
    }

    /** What to search for; a null field matches any. */
    public record Search(String text, UUID conveningId, String state, Integer principle, String progress) {
    }

    /** One published plan in a result list; {@code rank} is the text match's score (0 without text). */
    public record Found(UUID planId, UUID conveningId, TeamOrganisation organisation, String title, int versionNumber,
            Instant publishedAt, List<Integer> principles, int milestonesDone, int milestonesTotal, float rank) {
    }

    /** Up to {@code max} published plans: ranked by the text match when there is text, newest publication first otherwise. */
    @Transactional
    public List<Found> search(Search search, String after, int max) {
        boolean ranked = search.text() != null;
        StringBuilder sql = new StringBuilder("SELECT p.id, p.convening_id, p.org_kind, p.org_id, p.org_name, p.org_state,"
                + " v.content ->> 'title', p.published_version, p.published_at, array_to_string(p.principles, ','),"
                + " p.milestones_done, p.milestones_total, ");
        Map<String, Object> parameters = new HashMap<>();
        sql.append(ranked ? "ts_rank(p.search_document, websearch_to_tsquery('english', :text)) AS rank" : "CAST(0 AS real) AS rank");
        sql.append(" FROM plan p JOIN plan_version v ON v.plan_id = p.id AND v.number = p.published_version"
                + " WHERE p.published_version IS NOT NULL");
        if (ranked) {
            sql.append(" AND p.search_document @@ websearch_to_tsquery('english', :text)");
            parameters.put("text", search.text());
        }
        if (search.conveningId() != null) {
            sql.append(" AND p.convening_id = :convening");
            parameters.put("convening", search.conveningId());
        }
        if (search.state() != null) {
            sql.append(" AND p.org_state = :state");
            parameters.put("state", search.state());
        }
        if (search.principle() != null) {
            sql.append(" AND p.principles @> ARRAY[CAST(:principle AS smallint)]");
            parameters.put("principle", search.principle());
        }
        if (search.progress() != null) {
            sql.append(switch (search.progress()) {
                case "COMPLETE" -> " AND p.milestones_total > 0 AND p.milestones_done >= p.milestones_total";
                case "UNDER_WAY" -> " AND p.milestones_done > 0 AND p.milestones_done < p.milestones_total";
                default -> " AND p.milestones_done = 0";
            });
        }
        if (ranked) {
            if (after != null) {
                ScoreCursor cursor = ScoreCursor.decode(after, "after");
                sql.append(" AND (ts_rank(p.search_document, websearch_to_tsquery('english', :text)) < CAST(:afterRank AS real)"
                        + " OR (ts_rank(p.search_document, websearch_to_tsquery('english', :text)) = CAST(:afterRank AS real)"
                        + " AND p.id < :afterId))");
                parameters.put("afterRank", cursor.score());
                parameters.put("afterId", cursor.id());
            }
            sql.append(" ORDER BY rank DESC, p.id DESC");
        } else {
            if (after != null) {
                Cursor cursor = Cursor.decode(after, "after");
                sql.append(" AND (p.published_at, p.id) < (:afterTime, :afterId)");
                parameters.put("afterTime", Timestamp.from(cursor.time()));
                parameters.put("afterId", cursor.id());
            }
            sql.append(" ORDER BY p.published_at DESC, p.id DESC");
        }
        var query = em.createNativeQuery(sql.toString());
        parameters.forEach(query::setParameter);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.setMaxResults(max).getResultList();
        List<Found> found = new ArrayList<>();
        for (Object[] r : rows) {
            String principles = (String) r[9];
            found.add(new Found((UUID) r[0], (UUID) r[1], new TeamOrganisation((String) r[2], (String) r[3], (String) r[4], (String) r[5]),
                    (String) r[6], ((Number) r[7]).intValue(), instant(r[8]),
                    principles == null || principles.isEmpty() ? List.of() : List.of(principles.split(",")).stream().map(Integer::valueOf).toList(),
                    ((Number) r[10]).intValue(), ((Number) r[11]).intValue(), ((Number) r[12]).floatValue()));
        }
        return found;
    }

    /** The cursor of the item after which the next page starts. */
    public static String cursorAfter(Found last, boolean ranked) {
        return ranked ? new ScoreCursor(last.rank(), last.planId()).encode() : new Cursor(last.publishedAt(), last.planId()).encode();
    }

    /** A reported value in a measure's public history. */
    public record Value(BigDecimal value, LocalDate observedOn) {
    }

    public record Measure(UUID id, String name, String unit, BigDecimal baseline, BigDecimal target, LocalDate targetDate,
            List<Value> history, boolean onTrack) {
    }

    public record Milestone(UUID id, String title, LocalDate dueDate, String ownerRole, LocalDate completedOn) {
        /** DONE once completed, OVERDUE when its due date has passed on {@code asOf}, OPEN otherwise. */
        public String status(LocalDate asOf) {
            return completedOn != null ? "DONE" : dueDate.isBefore(asOf) ? "OVERDUE" : "OPEN";
        }
    }

    public record Signer(String name, String role, Instant signedAt) {
    }

    /** A published plan's public page. */
    public record PlanPage(UUID planId, UUID conveningId, TeamOrganisation organisation, long revision, PlanVersion version,
            JsonNode content, List<Signer> signers, List<Measure> measures, List<Milestone> milestones, LocalDate asOf,
            int milestonesDone, int measuresOnTrack, UUID teamId, LocalDate firstPublished) {
    }

    /** The plan's public revision (its page's ETag), or 404 when it is not published. */
    @Transactional
    public long revision(UUID planId) {
        List<?> rows = em.createNativeQuery("SELECT public_revision FROM plan WHERE id = ?1 AND published_version IS NOT NULL")
                .setParameter(1, planId).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.notFound("published plan", planId);
        }
        return ((Number) rows.get(0)).longValue();
    }

    @Transactional
    public PlanPage page(UUID planId) {
        List<?> rows = em.createNativeQuery("SELECT convening_id, org_kind, org_id, org_name, org_state, published_version, public_revision,"
                + " (SELECT min(published_at) FROM plan_version WHERE plan_id = plan.id), team_id FROM plan WHERE id = ?1"
                + " AND published_version IS NOT NULL").setParameter(1, planId).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.notFound("published plan", planId);
        }
        Object[] plan = (Object[]) rows.get(0);
        PlanVersion version = plans.version(planId, ((Number) plan[5]).intValue()).orElseThrow();
        LocalDate firstPublished = LocalDate.ofInstant(instant(plan[7]), ZoneOffset.UTC);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<Signer> signers = plans.signatures(planId, version.number()).stream()
                .map((Signature s) -> new Signer(s.signerName(), s.role(), s.signedAt())).toList();

        Map<UUID, List<Value>> history = new LinkedHashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> values = em.createNativeQuery("SELECT measure_id, value, observed_on FROM plan_measure_value WHERE plan_id = ?1"
                + " ORDER BY observed_on, reported_at").setParameter(1, planId).getResultList();
        for (Object[] v : values) {
            history.computeIfAbsent((UUID) v[0], id -> new ArrayList<>()).add(new Value((BigDecimal) v[1], PlanProgress.localDate(v[2])));
        }
        List<Measure> measures = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Object[]> measureRows = em.createNativeQuery("SELECT id, name, unit, baseline, target, target_date FROM plan_measure"
                + " WHERE plan_id = ?1 ORDER BY name, id").setParameter(1, planId).getResultList();
        int onTrack = 0;
        for (Object[] m : measureRows) {
            List<Value> own = history.getOrDefault((UUID) m[0], List.of());
            Value latest = own.isEmpty() ? null : own.get(own.size() - 1);
            boolean track = latest != null && Progress.onTrack((BigDecimal) m[3], (BigDecimal) m[4], firstPublished,
                    PlanProgress.localDate(m[5]), latest.value(), latest.observedOn());
            onTrack += track ? 1 : 0;
            measures.add(new Measure((UUID) m[0], (String) m[1], (String) m[2], (BigDecimal) m[3], (BigDecimal) m[4],
                    PlanProgress.localDate(m[5]), own, track));
        }
        List<Milestone> milestones = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Object[]> milestoneRows = em.createNativeQuery("SELECT id, title, due_date, owner_role, completed_on FROM plan_milestone"
                + " WHERE plan_id = ?1 ORDER BY due_date, id").setParameter(1, planId).getResultList();
        int done = 0;
        for (Object[] m : milestoneRows) {
            LocalDate completed = m[4] == null ? null : PlanProgress.localDate(m[4]);
            done += completed != null ? 1 : 0;
            milestones.add(new Milestone((UUID) m[0], (String) m[1], PlanProgress.localDate(m[2]), (String) m[3], completed));
        }
        JsonNode content = version.content();
        return new PlanPage(planId, (UUID) plan[0], new TeamOrganisation((String) plan[1], (String) plan[2], (String) plan[3],
                (String) plan[4]), ((Number) plan[6]).longValue(), version, content, signers, measures, milestones, today, done, onTrack,
                (UUID) plan[8], firstPublished);
    }

    /** A value to filter the search by, with how many published plans have it. */
    public record Facet(String value, long plans) {
    }

    /** The convenings and the states that published plans belong to, for the search's filters; most plans first. */
    @Transactional
    public Map<String, List<Facet>> facets() {
        Map<String, List<Facet>> facets = new LinkedHashMap<>();
        for (String column : List.of("convening_id", "org_state")) {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("SELECT CAST(" + column + " AS text), count(*) FROM plan WHERE published_version"
                    + " IS NOT NULL GROUP BY 1 ORDER BY 1").getResultList();
            facets.put(column.equals("org_state") ? "state" : "convening",
                    rows.stream().map(r -> new Facet((String) r[0], ((Number) r[1]).longValue())).toList());
        }
        return facets;
    }

    /** The Principles in Action: number to title. */
    @Transactional
    public Map<Integer, String> principles() {
        Map<Integer, String> principles = new LinkedHashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT number, title FROM principle ORDER BY number").getResultList();
        rows.forEach(r -> principles.put(((Number) r[0]).intValue(), (String) r[1]));
        return principles;
    }

    static Instant instant(Object value) {
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        return (Instant) value;
    }
}
