package org.lmc.funding.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.lmc.funding.domain.Team;
import org.lmc.sql.Sql;

/** The projection of registration's teams, written only by the registration event handlers. */
@ApplicationScoped
public class TeamRepository {
    private final Sql sql;

    TeamRepository(Sql sql) {
        this.sql = sql;
    }

    /** Writes the team as an event carried it, members included (the event holds the whole list). */
    public void upsert(Team team) {
        sql.update("INSERT INTO team (id, convening_id, org_kind, org_id, org_name, org_state, presenting, status)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET org_kind = excluded.org_kind,"
                + " org_id = excluded.org_id, org_name = excluded.org_name, org_state = excluded.org_state,"
                + " presenting = excluded.presenting, status = excluded.status, updated_at = now()", team.id(), team.conveningId(),
                team.orgKind(), team.orgId(), team.orgName(), team.orgState(), team.presenting(), team.status());
        for (Team.Member m : team.members()) {
            sql.update("INSERT INTO team_member (team_id, member_id, position, name, email, role) VALUES (?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (team_id, member_id) DO UPDATE SET position = excluded.position, name = excluded.name,"
                    + " email = excluded.email, role = excluded.role", team.id(), m.memberId(), m.position(), m.name(),
                    m.email().toLowerCase(java.util.Locale.ROOT), m.role());
        }
    }

    public Optional<Team> find(UUID id) {
        return sql.one("SELECT id, convening_id, org_kind, org_id, org_name, org_state, presenting, status FROM team WHERE id = ?",
                rs -> new Team(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getBoolean(7), rs.getString(8), members(id)), id);
    }

    private List<Team.Member> members(UUID teamId) {
        return sql.list("SELECT member_id, position, name, email, role FROM team_member WHERE team_id = ? ORDER BY position",
                rs -> new Team.Member(rs.getObject(1, UUID.class), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5)),
                teamId);
    }
}
