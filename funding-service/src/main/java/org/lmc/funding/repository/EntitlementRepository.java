package org.lmc.funding.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.lmc.funding.domain.Entitlement;

@ApplicationScoped
public class EntitlementRepository {
    private static final String COLUMNS = "id, team_id, member_id, grant_id, status, reserved_cents, consumed_cents, released_cents, currency";
    private final Sql sql;

    EntitlementRepository(Sql sql) {
        this.sql = sql;
    }

    public void insert(Entitlement e) {
        sql.update("INSERT INTO entitlement (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", e.id(), e.teamId(), e.memberId(),
                e.grantId(), e.status(), e.reservedCents(), e.consumedCents(), e.releasedCents(), e.currency());
    }

    public void update(Entitlement e) {
        sql.update("UPDATE entitlement SET status = ?, consumed_cents = ?, released_cents = ? WHERE id = ?", e.status(),
                e.consumedCents(), e.releasedCents(), e.id());
    }

    /** The live (reserved or unfunded) entitlements of a team, in member order. */
    public List<Entitlement> liveOf(UUID teamId) {
        return sql.list("SELECT " + COLUMNS + " FROM entitlement WHERE team_id = ? AND status IN ('RESERVED', 'UNFUNDED')"
                + " ORDER BY created_at, id", this::map, teamId);
    }

    public List<Entitlement> allOf(UUID teamId) {
        return sql.list("SELECT " + COLUMNS + " FROM entitlement WHERE team_id = ? ORDER BY created_at, id", this::map, teamId);
    }

    public Optional<Entitlement> liveOf(UUID teamId, UUID memberId) {
        return sql.one("SELECT " + COLUMNS + " FROM entitlement WHERE team_id = ? AND member_id = ? AND status IN ('RESERVED',"
                + " 'UNFUNDED')", this::map, teamId, memberId);
    }

    /** Locks one entitlement row; taken after its grant's lock. */
    public Optional<Entitlement> lock(UUID id) {
        return sql.one("SELECT " + COLUMNS + " FROM entitlement WHERE id = ? FOR UPDATE", this::map, id);
    }

    private Entitlement map(ResultSet rs) throws SQLException {
        return new Entitlement(rs.getObject("id", UUID.class), rs.getObject("team_id", UUID.class), rs.getObject("member_id", UUID.class),
                rs.getObject("grant_id", UUID.class), rs.getString("status"), rs.getLong("reserved_cents"), rs.getLong("consumed_cents"),
                rs.getLong("released_cents"), rs.getString("currency"));
    }
}
