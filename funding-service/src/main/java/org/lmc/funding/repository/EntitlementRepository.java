package org.lmc.funding.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.lmc.funding.domain.Entitlement;
import org.lmc.sql.Sql;

@ApplicationScoped
public class EntitlementRepository {
    private static final String COLUMNS = "id, team_id, member_id, grant_id, status, reserved_cents, consumed_cents, released_cents, currency";
    private static final String E_COLUMNS = COLUMNS.replaceAll("(\\w+)", "e.$1");
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

    /** A waiting (unfunded) entitlement now reserved on a grant. */
    public void fund(UUID id, UUID grantId, long reservedCents, String currency) {
        sql.update("UPDATE entitlement SET status = 'RESERVED', grant_id = ?, reserved_cents = ?, currency = ? WHERE id = ?"
                + " AND status = 'UNFUNDED'", grantId, reservedCents, currency, id);
    }

    /** The unfunded entitlements of a convening's teams still holding a place, oldest first, locked (after the grants). */
    public List<Entitlement> lockWaiting(UUID conveningId) {
        return sql.list("SELECT " + E_COLUMNS + " FROM entitlement e JOIN team t ON t.id = e.team_id"
                + " WHERE t.convening_id = ? AND e.status = 'UNFUNDED' AND t.status = 'CONFIRMED' ORDER BY e.created_at, e.id"
                + " FOR UPDATE OF e", this::map, conveningId);
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
