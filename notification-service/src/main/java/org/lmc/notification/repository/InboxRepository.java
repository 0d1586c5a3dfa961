package org.lmc.notification.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.lmc.notification.domain.InboxItem;
import org.lmc.sql.Sql;
import org.lmc.web.Cursor;

/** The organisations' inboxes: one row per event that concerns an organisation. */
@ApplicationScoped
public class InboxRepository {
    private static final String COLUMNS = "id, org_id, kind, event_type, event_id, team_id, member_id, subject, body, created_at, read_at";

    private final Sql sql;

    InboxRepository(Sql sql) {
        this.sql = sql;
    }

    /** Inserts the notification of an event; false when that event already has one (a redelivery). */
    public boolean insert(InboxItem item, String dataJson) {
        return sql.update("INSERT INTO notification (id, org_id, kind, event_type, event_id, team_id, member_id, subject, body,"
                + " created_at, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT (event_id) DO NOTHING",
                item.id(), item.orgId(), item.kind(), item.eventType(), item.eventId(), item.teamId(), item.memberId(),
                item.subject(), item.body(), item.createdAt(), dataJson) == 1;
    }

    /** Newest first, after the cursor; {@code limit} rows at most. */
    public List<InboxItem> page(String orgId, Boolean unread, Cursor after, int limit) {
        StringBuilder query = new StringBuilder("SELECT " + COLUMNS + " FROM notification WHERE org_id = ?");
        if (unread != null) {
            query.append(unread ? " AND read_at IS NULL" : " AND read_at IS NOT NULL");
        }
        Object[] params;
        if (after != null) {
            query.append(" AND (created_at, id) < (?, ?)");
            params = new Object[] {orgId, after.time(), after.id(), limit};
        } else {
            params = new Object[] {orgId, limit};
        }
        query.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        return sql.list(query.toString(), InboxRepository::item, params);
    }

    public long unreadCount(String orgId) {
        return sql.number("SELECT count(*) FROM notification WHERE org_id = ? AND read_at IS NULL", orgId);
    }

    public Optional<InboxItem> find(UUID id) {
        return sql.one("SELECT " + COLUMNS + " FROM notification WHERE id = ?", InboxRepository::item, id);
    }

    /** Marks read (the first read time stays); returns the item as it now is. */
    public Optional<InboxItem> markRead(UUID id, Instant at) {
        sql.update("UPDATE notification SET read_at = ? WHERE id = ? AND read_at IS NULL", at, id);
        return find(id);
    }

    /** The event data the notification was made from (JSON text), sent along in webhooks. */
    public String data(UUID id) {
        return sql.one("SELECT data::text FROM notification WHERE id = ?", rs -> rs.getString(1), id).orElse("{}");
    }

    static InboxItem item(ResultSet rs) throws SQLException {
        return new InboxItem(Sql.uuid(rs, "id"), rs.getString("org_id"), rs.getString("kind"), rs.getString("event_type"),
                rs.getString("event_id"), Sql.uuid(rs, "team_id"), Sql.uuid(rs, "member_id"), rs.getString("subject"),
                rs.getString("body"), Sql.instant(rs, "created_at"), Sql.instant(rs, "read_at"));
    }
}
