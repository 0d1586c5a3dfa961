package org.lmc.notification.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.lmc.notification.domain.WebhookSubscription;
import org.lmc.sql.Sql;
import org.lmc.web.Cursor;

/** Webhook subscriptions; a deleted one is kept (its deliveries point to it) but no longer matches. */
@ApplicationScoped
public class WebhookRepository {
    private static final String COLUMNS = "id, owner, url, kinds, org_id, description, secret, previous_secret, previous_secret_until, created_at";

    private final Sql sql;

    WebhookRepository(Sql sql) {
        this.sql = sql;
    }

    public void insert(WebhookSubscription s) {
        sql.update("INSERT INTO webhook_subscription (id, owner, url, kinds, org_id, description, secret, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", s.id(), s.owner(), s.url(), s.kinds().toArray(String[]::new), s.orgId(), s.description(), s.secret(),
                s.createdAt());
    }

    /** A live subscription; with {@code owner} set, only that owner's. */
    public Optional<WebhookSubscription> find(UUID id, String owner) {
        return sql.one("SELECT " + COLUMNS + " FROM webhook_subscription WHERE id = ? AND deleted_at IS NULL"
                + " AND (?::text IS NULL OR owner = ?)", WebhookRepository::subscription, id, owner, owner);
    }

    public List<WebhookSubscription> page(String owner, Cursor after, int limit) {
        return sql.list("SELECT " + COLUMNS + " FROM webhook_subscription WHERE deleted_at IS NULL AND (?::text IS NULL OR owner = ?)"
                + " AND (?::timestamptz IS NULL OR (created_at, id) > (?, ?)) ORDER BY created_at, id LIMIT ?",
                WebhookRepository::subscription, owner, owner, after == null ? null : after.time(), after == null ? null : after.time(),
                after == null ? null : after.id(), limit);
    }

    /** Live subscriptions that want this kind for this organisation. */
    public List<WebhookSubscription> matching(String kind, String orgId) {
        return sql.list("SELECT " + COLUMNS + " FROM webhook_subscription WHERE deleted_at IS NULL"
                + " AND (cardinality(kinds) = 0 OR ? = ANY (kinds)) AND (org_id IS NULL OR org_id = ?)",
                WebhookRepository::subscription, kind, orgId);
    }

    public void rotate(UUID id, String newSecret, Instant previousUntil) {
        sql.update("UPDATE webhook_subscription SET previous_secret = secret, previous_secret_until = ?, secret = ? WHERE id = ?",
                previousUntil, newSecret, id);
    }

    public void delete(UUID id, Instant at) {
        sql.update("UPDATE webhook_subscription SET deleted_at = ? WHERE id = ?", at, id);
    }

    static WebhookSubscription subscription(ResultSet rs) throws SQLException {
        return new WebhookSubscription(Sql.uuid(rs, "id"), rs.getString("owner"), rs.getString("url"),
                Arrays.asList((String[]) rs.getArray("kinds").getArray()), rs.getString("org_id"), rs.getString("description"),
                rs.getString("secret"), rs.getString("previous_secret"), Sql.instant(rs, "previous_secret_until"),
                Sql.instant(rs, "created_at"));
    }
}
