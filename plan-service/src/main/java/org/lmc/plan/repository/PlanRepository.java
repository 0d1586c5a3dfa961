package org.lmc.plan.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.lmc.plan.domain.Plan;
import org.lmc.plan.domain.PlanVersion;
import org.lmc.plan.domain.Signature;
import org.lmc.web.ChangeFeed;
import org.lmc.web.Cursor;

@ApplicationScoped
public class PlanRepository implements PanacheRepositoryBase<Plan, UUID> {

    /** The plan, its row locked for the rest of the transaction: every change to a plan takes this lock first. */
    public Optional<Plan> lock(UUID planId) {
        return findByIdOptional(planId, LockModeType.PESSIMISTIC_WRITE);
    }

    public Optional<Plan> ofTeam(UUID teamId) {
        return find("teamId", teamId).firstResultOptional();
    }

    public List<PlanVersion> versions(UUID planId) {
        return getEntityManager().createQuery("from PlanVersion v where v.planId = ?1 order by v.number", PlanVersion.class)
                .setParameter(1, planId).getResultList();
    }

    public Optional<PlanVersion> version(UUID planId, int number) {
        return Optional.ofNullable(getEntityManager().find(PlanVersion.class, new PlanVersion.Key(planId, number)));
    }

    public List<Signature> signatures(UUID planId, int versionNumber) {
        return getEntityManager().createQuery("from Signature s where s.planId = ?1 and s.versionNumber = ?2 order by s.signedAt",
                Signature.class).setParameter(1, planId).setParameter(2, versionNumber).getResultList();
    }

    /** The numbers of the Principles in Action (reference data). */
    @SuppressWarnings("unchecked")
    public Set<Integer> principleNumbers() {
        return ((List<Number>) getEntityManager().createNativeQuery("SELECT number FROM principle").getResultList()).stream()
                .map(Number::intValue).collect(Collectors.toSet());
    }

    /** Which plans to list; a null field matches any. */
    public record PlanFilter(UUID conveningId, UUID teamId, String orgId) {
    }

    /** Up to {@code max} plans in opening order (openedAt, id), after {@code cursor} when given. */
    public List<Plan> list(PlanFilter filter, Cursor cursor, int max) {
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> parameters = new HashMap<>();
        if (filter.conveningId() != null) {
            where.append(" and p.conveningId = :convening");
            parameters.put("convening", filter.conveningId());
        }
        if (filter.teamId() != null) {
            where.append(" and p.teamId = :team");
            parameters.put("team", filter.teamId());
        }
        if (filter.orgId() != null) {
            where.append(" and p.orgId = :orgId");
            parameters.put("orgId", filter.orgId());
        }
        if (cursor != null) {
            where.append(" and (p.openedAt > :afterTime or (p.openedAt = :afterTime and p.id > :afterId))");
            parameters.put("afterTime", cursor.time());
            parameters.put("afterId", cursor.id());
        }
        var query = getEntityManager().createQuery("from Plan p where " + where + " order by p.openedAt, p.id", Plan.class);
        parameters.forEach(query::setParameter);
        return query.setMaxResults(max).getResultList();
    }

    /** A plan changed since a feed token, with the token of that change. */
    public record Change(Plan plan, ChangeFeed.Token token) {
    }

    /** Up to {@code max} plans (only {@code orgId}'s when given) whose latest change is settled and after {@code since}. */
    public List<Change> changedSince(String orgId, ChangeFeed.Token since, int max) {
        var query = getEntityManager().createNativeQuery("SELECT id, change_xid FROM plan WHERE "
                + (orgId == null ? "" : "org_id = :orgId AND ") + ChangeFeed.SETTLED + " ORDER BY " + ChangeFeed.ORDER)
                .setParameter("sinceXid", since.xid()).setParameter("sinceId", since.id());
        if (orgId != null) {
            query.setParameter("orgId", orgId);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.setMaxResults(max).getResultList();
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<UUID, Plan> found = new HashMap<>();
        list("id in ?1", rows.stream().map(row -> (UUID) row[0]).toList()).forEach(plan -> found.put(plan.id(), plan));
        return rows.stream().map(row -> new Change(found.get((UUID) row[0]),
                new ChangeFeed.Token(((Number) row[1]).longValue(), (UUID) row[0]))).toList();
    }
}
