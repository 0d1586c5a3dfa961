package org.lmc.registration.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;
import org.hibernate.jpa.HibernateHints;
import org.lmc.messaging.Outbox;
import org.lmc.registration.domain.Member;
import org.lmc.registration.domain.Organisation;
import org.lmc.registration.domain.OrganisationKind;
import org.lmc.registration.domain.Team;
import org.lmc.registration.domain.TeamStatus;
import org.lmc.sql.Sql;
import org.lmc.web.ChangeFeed;
import org.lmc.web.Cursor;

@ApplicationScoped
public class TeamRepository implements PanacheRepositoryBase<Team, UUID> {
    private static final String TEAM_ONE_PER_ORG = "team_one_per_org";
    private static final String INSERT_TEAM = "INSERT INTO team (id, convening_id, org_kind, org_id, org_name, org_state, status,"
            + " presenting, presenting_session, registered_by, registered_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_MEMBERS = "INSERT INTO team_member (id, team_id, position, name, email, role) VALUES ";
    private static final String MEMBER_ROW = "(?, ?, ?, ?, ?, ?)";
    private static final String READ_WITH_MEMBERS = """
            SELECT t.id, t.convening_id, t.org_kind, t.org_id, t.org_name, t.org_state, t.status, t.presenting, t.presenting_session,
                   t.registered_by, t.registered_at, t.waitlist_order, t.confirmed_at, t.cancelled_at, t.booth_number, t.version,
                   m.id AS member_id, m.position, m.name, m.email, m.role, m.committed_at, m.committed_by, m.checked_in_at,
                   m.checked_in_by, m.bound_subject
              FROM team t LEFT JOIN team_member m ON m.team_id = t.id
             WHERE t.id = ?
             ORDER BY m.position""";

    private final Sql sql;

    TeamRepository(Sql sql) {
        this.sql = sql;
    }

    /**
     * Inserts a newly registered team, its members and the outbox rows of its events: three statements sent in one
     * round trip ({@link Sql#together}) on the transaction's connection. Hibernate would send one batch per table and the
     * outbox one more, and a new team needs nothing it tracks (the caller answers from the object it built; teams are in
     * no second-level or query cache that this write could leave stale). False, with nothing written, when the
     * organisation already has a team in the convening (the unique key refuses it; the transaction is then to be rolled
     * back).
     */
    public boolean insertRegistered(Team team, Outbox.Rows events) {
        Organisation organisation = team.organisation();
        StringJoiner memberRows = new StringJoiner(", ", INSERT_MEMBERS, "");
        List<Object> memberArgs = new ArrayList<>();
        for (Member member : team.members()) {
            memberRows.add(MEMBER_ROW);
            memberArgs.addAll(List.of(member.id(), team.id(), member.position(), member.name(), member.email(), member.role()));
        }
        try {
            sql.together(Sql.Statement.update(INSERT_TEAM, team.id(), team.conveningId(), organisation.kind(), organisation.orgId(),
                    organisation.name(), organisation.state(), team.status(), team.presenting(), team.presentingSession(),
                    team.registeredBy(), team.registeredAt(), team.version()),
                    Sql.Statement.update(memberRows.toString(), memberArgs.toArray()), events.statement());
            return true;
        } catch (Sql.DatabaseException e) {
            if (e.isUniqueViolation(TEAM_ONE_PER_ORG)) {
                return false;
            }
            throw e;
        }
    }

    /** Where a team belongs: its convening and organisation, which never change once it is registered. */
    public record Belonging(UUID conveningId, String orgId) {
    }

    /**
     * A team's convening and organisation, read without loading the team, so that the caller is checked and the
     * convening's lock taken before the team is read.
     */
    public Optional<Belonging> belongingOf(UUID teamId) {
        return getEntityManager().createQuery("select t.conveningId, t.organisation.orgId from Team t where t.id = ?1", Object[].class)
                .setParameter(1, teamId).getResultStream().findFirst().map(row -> new Belonging((UUID) row[0], (String) row[1]));
    }

    /** Who a member's seat belongs to: its email and the subject it is bound to (null while unbound). */
    public record Seat(String email, String boundSubject) {
    }

    /** A member's seat, read without loading the team, to check a person acting for it before any lock. */
    public Optional<Seat> seatOf(UUID teamId, UUID memberId) {
        return getEntityManager().createQuery("select m.email, m.boundSubject from Member m where m.id = ?1 and m.team.id = ?2",
                Object[].class).setParameter(1, memberId).setParameter(2, teamId).getResultStream().findFirst()
                .map(row -> new Seat((String) row[0], (String) row[1]));
    }

    /** The team with its members in one query; they are part of every change's answer and events. */
    public Team findWithMembers(UUID teamId) {
        return getEntityManager().createQuery("select t from Team t left join fetch t.members where t.id = ?1", Team.class)
                .setParameter(1, teamId).getSingleResult();
    }

    /**
     * The team with its members in one statement, for answers that change nothing: plain SQL mapped here, not a Hibernate
     * query. Hibernate's own work (query set-up, the fetch join's row reading, the session) was over a fifth of a team
     * read's CPU (async-profiler, ./lmc bench, GET at 32 clients).
     */
    public Optional<Team> readWithMembers(UUID teamId) {
        List<Team> read = new ArrayList<>(1);
        sql.list(READ_WITH_MEMBERS, rs -> {
            if (read.isEmpty()) {
                read.add(Team.stored(Sql.uuid(rs, "id"), Sql.uuid(rs, "convening_id"),
                        Organisation.stored(OrganisationKind.valueOf(rs.getString("org_kind")), rs.getString("org_id"),
                                rs.getString("org_name"), rs.getString("org_state")),
                        TeamStatus.valueOf(rs.getString("status")), rs.getBoolean("presenting"), rs.getString("presenting_session"),
                        rs.getString("registered_by"), Sql.instant(rs, "registered_at"), Sql.nullableLong(rs, "waitlist_order"),
                        Sql.instant(rs, "confirmed_at"), Sql.instant(rs, "cancelled_at"), (Integer) rs.getObject("booth_number"),
                        rs.getLong("version")));
            }
            UUID memberId = Sql.uuid(rs, "member_id");
            if (memberId != null) {
                Member.stored(read.get(0), memberId, rs.getInt("position"), rs.getString("name"), rs.getString("email"),
                        rs.getString("role"), Sql.instant(rs, "committed_at"), rs.getString("committed_by"),
                        Sql.instant(rs, "checked_in_at"), rs.getString("checked_in_by"), rs.getString("bound_subject"));
            }
            return memberId;
        }, teamId);
        return read.stream().findFirst();
    }

    /** Which teams of a convening to list; a null field matches any. */
    public record TeamFilter(String orgId, String state, TeamStatus status, Boolean presenting) {
    }

    /**
     * Up to {@code max} teams of a convening matching {@code filter}, with their members, in registration order
     * (registeredAt, id), starting after {@code cursor} when given.
     */
    public List<Team> ofConvening(UUID conveningId, TeamFilter filter, Cursor cursor, int max) {
        StringBuilder where = new StringBuilder("t.conveningId = :convening");
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("convening", conveningId);
        if (filter.orgId() != null) {
            where.append(" and t.organisation.orgId = :orgId");
            parameters.put("orgId", filter.orgId());
        }
        if (filter.state() != null) {
            where.append(" and t.organisation.state = :state");
            parameters.put("state", filter.state());
        }
        if (filter.status() != null) {
            where.append(" and t.status = :status");
            parameters.put("status", filter.status());
        }
        if (filter.presenting() != null) {
            where.append(" and t.presenting = :presenting");
            parameters.put("presenting", filter.presenting());
        }
        if (cursor != null) {
            where.append(" and (t.registeredAt > :afterTime or (t.registeredAt = :afterTime and t.id > :afterId))");
            parameters.put("afterTime", cursor.time());
            parameters.put("afterId", cursor.id());
        }
        // The page's ids first, then their members: a fetch join with a row limit would page in memory.
        var ids = getEntityManager().createQuery("select t.id from Team t where " + where + " order by t.registeredAt, t.id", UUID.class);
        parameters.forEach(ids::setParameter);
        List<UUID> page = ids.setMaxResults(max).getResultList();
        if (page.isEmpty()) {
            return List.of();
        }
        List<Team> found = getEntityManager().createQuery(
                "select distinct t from Team t left join fetch t.members where t.id in :ids order by t.registeredAt, t.id", Team.class)
                .setParameter("ids", page).getResultList();
        return found;
    }

    /** Up to {@code max} teams of an organisation in every convening, with their members, newest registration first. */
    public List<Team> ofOrganisation(String orgId, int max) {
        List<UUID> ids = getEntityManager().createQuery("select t.id from Team t where t.organisation.orgId = :orgId"
                + " order by t.registeredAt desc, t.id desc", UUID.class).setParameter("orgId", orgId).setMaxResults(max).getResultList();
        if (ids.isEmpty()) {
            return List.of();
        }
        return getEntityManager().createQuery("select distinct t from Team t left join fetch t.members where t.id in :ids"
                + " order by t.registeredAt desc, t.id desc", Team.class).setParameter("ids", ids)
                .setHint(HibernateHints.HINT_READ_ONLY, true).getResultList();
    }

    /** A team changed since a feed token, with the token of that change. */
    public record Change(Team team, ChangeFeed.Token token) {
    }

    /**
     * Up to {@code max} teams of a convening (only {@code orgId}'s when given) whose latest change is settled and
     * after {@code since}, with their members, in feed order.
     */
    public List<Change> changedSince(UUID conveningId, String orgId, ChangeFeed.Token since, int max) {
        var query = getEntityManager().createNativeQuery("SELECT id, change_xid FROM team WHERE convening_id = :convening"
                + (orgId == null ? "" : " AND org_id = :orgId") + " AND " + ChangeFeed.SETTLED + " ORDER BY " + ChangeFeed.ORDER)
                .setParameter("convening", conveningId).setParameter("sinceXid", since.xid()).setParameter("sinceId", since.id());
        if (orgId != null) {
            query.setParameter("orgId", orgId);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.setMaxResults(max).getResultList();
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<UUID, Team> found = new HashMap<>();
        getEntityManager().createQuery("select distinct t from Team t left join fetch t.members where t.id in :ids", Team.class)
                .setParameter("ids", rows.stream().map(row -> (UUID) row[0]).toList()).getResultList()
                .forEach(team -> found.put(team.id(), team));
        return rows.stream().map(row -> new Change(found.get((UUID) row[0]),
                new ChangeFeed.Token(((Number) row[1]).longValue(), (UUID) row[0]))).toList();
    }

    /** Each waitlisted team of a convening with its position (1 = next to be promoted). */
    public Map<UUID, Integer> waitlistPositions(UUID conveningId) {
        List<UUID> waiting = getEntityManager().createQuery(
                "select t.id from Team t where t.conveningId = ?1 and t.status = ?2 order by t.waitlistOrder", UUID.class)
                .setParameter(1, conveningId).setParameter(2, TeamStatus.WAITLISTED).getResultList();
        Map<UUID, Integer> positions = new HashMap<>();
        for (int i = 0; i < waiting.size(); i++) {
            positions.put(waiting.get(i), i + 1);
        }
        return positions;
    }

    /** How many teams of each convening are confirmed and waitlisted: convening id to {confirmed, waitlisted}. */
    public Map<UUID, long[]> occupancy() {
        Map<UUID, long[]> occupancy = new HashMap<>();
        for (Object[] row : getEntityManager().createQuery("select t.conveningId, t.status, count(t) from Team t"
                + " where t.status in (?1, ?2) group by t.conveningId, t.status", Object[].class)
                .setParameter(1, TeamStatus.CONFIRMED).setParameter(2, TeamStatus.WAITLISTED).getResultList()) {
            long[] counts = occupancy.computeIfAbsent((UUID) row[0], id -> new long[2]);
            counts[row[1] == TeamStatus.CONFIRMED ? 0 : 1] = (Long) row[2];
        }
        return occupancy;
    }

    public long countWithStatus(UUID conveningId, TeamStatus status) {
        return count("conveningId = ?1 and status = ?2", conveningId, status);
    }

    /** The next order of completion on a convening's waitlist; call it holding the convening's lock. */
    public long nextWaitlistOrder(UUID conveningId) {
        Long last = getEntityManager().createQuery("select max(t.waitlistOrder) from Team t where t.conveningId = ?1", Long.class)
                .setParameter(1, conveningId).getSingleResult();
        return last == null ? 1 : last + 1;
    }

    /** 1 for the next team to be promoted: the rank of a waitlisted team among those still waiting. */
    public int waitlistPosition(Team team) {
        return (int) count("conveningId = ?1 and status = ?2 and waitlistOrder <= ?3", team.conveningId(), TeamStatus.WAITLISTED,
                team.waitlistOrder());
    }

    /** The lowest booth number no team of the convening holds; call it holding the convening's lock, after a flush. */
    public int lowestFreeBooth(UUID conveningId) {
        Number free = (Number) getEntityManager().createNativeQuery("""
                SELECT min(n) FROM generate_series(1, (SELECT count(*) + 1 FROM team WHERE convening_id = ?1 AND booth_number IS NOT NULL)) n
                 WHERE n NOT IN (SELECT booth_number FROM team WHERE convening_id = ?1 AND booth_number IS NOT NULL)""")
                .setParameter(1, conveningId).getSingleResult();
        return free.intValue();
    }

    public Optional<Team> firstWaitlisted(UUID conveningId) {
        return find("conveningId = ?1 and status = ?2 order by waitlistOrder", conveningId, TeamStatus.WAITLISTED).firstResultOptional();
    }
}
