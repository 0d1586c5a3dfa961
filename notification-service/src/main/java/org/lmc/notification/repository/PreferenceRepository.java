package org.lmc.notification.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.lmc.notification.domain.Preference;
import org.lmc.sql.Sql;

/** Preferences per organisation and person; '' as member key stands for the whole organisation. */
@ApplicationScoped
public class PreferenceRepository {
    private final Sql sql;

    PreferenceRepository(Sql sql) {
        this.sql = sql;
    }

    public List<Preference> of(String orgId) {
        return sql.list("SELECT member_key, kind, channel, mode FROM notification_preference WHERE org_id = ?"
                + " ORDER BY member_key, kind, channel", rs -> new Preference(
                        rs.getString(1).isEmpty() ? null : UUID.fromString(rs.getString(1)), rs.getString(2),
                        Preference.Channel.valueOf(rs.getString(3)), Preference.Mode.valueOf(rs.getString(4))), orgId);
    }

    /** Replaces an organisation's whole set. */
    public void replace(String orgId, List<Preference> preferences, Instant at) {
        sql.update("DELETE FROM notification_preference WHERE org_id = ?", orgId);
        for (Preference p : preferences) {
            sql.update("INSERT INTO notification_preference (org_id, member_key, kind, channel, mode, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                    orgId, key(p.memberId()), p.kind(), p.channel(), p.mode(), at);
        }
    }

    /** The mode for one person: their own preference, else the organisation's, else IMMEDIATE. */
    public Preference.Mode modeFor(String orgId, UUID memberId, String kind, Preference.Channel channel) {
        return sql.one("SELECT mode FROM notification_preference WHERE org_id = ? AND kind = ? AND channel = ?"
                + " AND member_key IN ('', ?) ORDER BY member_key DESC LIMIT 1", rs -> Preference.Mode.valueOf(rs.getString(1)),
                orgId, kind, channel, key(memberId)).orElse(Preference.Mode.IMMEDIATE);
    }

    private static String key(UUID memberId) {
        return memberId == null ? "" : memberId.toString();
    }
}
