package org.lmc.notification.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.lmc.notification.domain.Person;
import org.lmc.sql.Sql;

/** Teams and members as the registration events describe them; each lifecycle event carries the whole team. */
@ApplicationScoped
public class DirectoryRepository {
    private static final String UPSERT_TEAM = "INSERT INTO directory_team (team_id, convening_id, org_kind, org_id, org_name,"
            + " org_state, status, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (team_id) DO UPDATE SET"
            + " org_kind = excluded.org_kind, org_id = excluded.org_id, org_name = excluded.org_name, org_state = excluded.org_state,"
            + " status = excluded.status, updated_at = excluded.updated_at WHERE directory_team.updated_at <= excluded.updated_at";
    private static final String UPSERT_MEMBER = "INSERT INTO directory_member (member_id, team_id, name, email, role, active, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, true, ?) ON CONFLICT (member_id) DO UPDATE SET name = excluded.name, email = excluded.email,"
            + " role = excluded.role, active = true, updated_at = excluded.updated_at WHERE directory_member.updated_at <= excluded.updated_at";
    private static final String MEMBER_COLUMNS = "member_id, name, email, role";

    private final Sql sql;

    DirectoryRepository(Sql sql) {
        this.sql = sql;
    }

    /** The organisation a team represents, as its events carry it. */
    public record Organisation(String kind, String orgId, String name, String state) {
    }

    /**
     * Records a team as one event saw it at {@code asOf}: the organisation, status and the full member list (members
     * no longer listed, a replaced one for instance, become inactive). An older event never overwrites a newer one.
     */
    public void recordTeam(UUID teamId, UUID conveningId, Organisation organisation, String status, List<Person> members, Instant asOf) {
        sql.update(UPSERT_TEAM, teamId, conveningId, organisation.kind(), organisation.orgId(), organisation.name(),
                organisation.state(), status, asOf);
        for (Person member : members) {
            sql.update(UPSERT_MEMBER, member.memberId(), teamId, member.name(), member.email(), member.role(), asOf);
        }
        sql.update("UPDATE directory_member SET active = false, updated_at = ? WHERE team_id = ? AND active"
                + " AND updated_at <= ? AND NOT (member_id = ANY (?::uuid[]))", asOf, teamId, asOf,
                members.stream().map(m -> m.memberId().toString()).toArray(String[]::new));
    }

    public List<Person> activeMembers(UUID teamId) {
        return sql.list("SELECT " + MEMBER_COLUMNS + " FROM directory_member WHERE team_id = ? AND active ORDER BY role, name",
                DirectoryRepository::person, teamId);
    }

    /** A member by id, active or not (an event about a replaced traveller still reaches them). */
    public Optional<Person> member(UUID memberId) {
        return sql.one("SELECT " + MEMBER_COLUMNS + " FROM directory_member WHERE member_id = ?", DirectoryRepository::person, memberId);
    }

    /** Whether the person is (or was) a member of one of the organisation's teams. */
    public boolean isMemberOf(UUID memberId, String orgId) {
        return sql.number("SELECT count(*) FROM directory_member m JOIN directory_team t USING (team_id)"
                + " WHERE m.member_id = ? AND t.org_id = ?", memberId, orgId) > 0;
    }

    private static Person person(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Person(Sql.uuid(rs, "member_id"), rs.getString("name"), rs.getString("email"), rs.getString("role"));
    }
}
