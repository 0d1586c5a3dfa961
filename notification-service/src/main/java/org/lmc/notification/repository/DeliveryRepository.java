package org.lmc.notification.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.lmc.notification.domain.Delivery;
import org.lmc.sql.Sql;
import org.lmc.web.Cursor;

/** The delivery log: intents, claims by the worker (SKIP LOCKED), outcomes and every attempt. */
@ApplicationScoped
public class DeliveryRepository {
    private static final String COLUMNS = "id, notification_id, event_id, kind, channel, recipient, member_id, subscription_id, org_id,"
            + " team_id, status, attempts, next_attempt_at, last_error, created_at, finished_at, digest_id";
    private static final String D_COLUMNS = "d." + COLUMNS.replace(", ", ", d.");

    private final Sql sql;

    DeliveryRepository(Sql sql) {
        this.sql = sql;
    }

    /** Records an intent; false when the same (event, channel, recipient) is already recorded. */
    public boolean insert(Delivery d) {
        return sql.update("INSERT INTO delivery (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT ON CONSTRAINT delivery_once DO NOTHING", d.id(), d.notificationId(), d.eventId(), d.kind(), d.channel(),
                d.recipient(), d.memberId(), d.subscriptionId(), d.orgId(), d.teamId(), d.status(), d.attempts(), d.nextAttemptAt(),
                d.lastError(), d.createdAt(), d.finishedAt(), d.digestId()) == 1;
    }

    /**
     * Claims up to {@code limit} due deliveries until {@code leaseUntil}, skipping rows another worker holds and the
     * endpoints listed as busy; commits at once (autocommit), so no transaction stays open while sending.
     */
    public List<Delivery> claim(int limit, Instant now, Instant leaseUntil, List<String> busyEndpoints) {
        return sql.list("UPDATE delivery d SET claimed_until = ? FROM (SELECT id FROM delivery WHERE status = 'PENDING'"
                + " AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)"
                + " AND NOT (channel || ':' || recipient = ANY (?)) ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) due"
                + " WHERE d.id = due.id RETURNING " + D_COLUMNS, DeliveryRepository::delivery, leaseUntil, now, now,
                busyEndpoints.toArray(String[]::new), limit);
    }

    /** Gives a claimed delivery back untouched (its endpoint was busy). */
    public void release(UUID id) {
        sql.update("UPDATE delivery SET claimed_until = NULL WHERE id = ?", id);
    }

    public void markDelivered(UUID id, int attempts, Instant at) {
        sql.update("UPDATE delivery SET status = 'DELIVERED', attempts = ?, finished_at = ?, claimed_until = NULL, last_error = NULL"
                + " WHERE id = ?", attempts, at, id);
        sql.update("UPDATE delivery SET status = 'DELIVERED', finished_at = ? WHERE digest_id = ? AND status = 'IN_DIGEST'", at, id);
    }

    public void markRetry(UUID id, int attempts, Instant next, String error) {
        sql.update("UPDATE delivery SET attempts = ?, next_attempt_at = ?, last_error = ?, claimed_until = NULL WHERE id = ?",
                attempts, next, error, id);
    }

    public void markDead(UUID id, int attempts, String error, Instant at) {
        sql.update("UPDATE delivery SET status = 'DEAD', attempts = ?, last_error = ?, finished_at = ?, claimed_until = NULL"
                + " WHERE id = ?", attempts, error, at, id);
    }

    public void recordAttempt(UUID id, int attempt, Instant startedAt, long durationMillis, boolean succeeded, Integer httpStatus,
            String error) {
        sql.update("INSERT INTO delivery_attempt (delivery_id, attempt, started_at, duration_ms, succeeded, http_status, error)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", id, attempt, startedAt, durationMillis, succeeded, httpStatus, error);
    }

    /** One attempt of the delivery log. */
    public record Attempt(int attempt, Instant startedAt, long durationMillis, boolean succeeded, Integer httpStatus, String error) {
    }

    public List<Attempt> attempts(UUID id) {
        return sql.list("SELECT attempt, started_at, duration_ms, succeeded, http_status, error FROM delivery_attempt"
                + " WHERE delivery_id = ? ORDER BY id", rs -> new Attempt(rs.getInt(1), Sql.instant(rs, "started_at"), rs.getLong(3),
                        rs.getBoolean(4), (Integer) rs.getObject(5), rs.getString(6)), id);
    }

    public Optional<Delivery> find(UUID id) {
        return sql.one("SELECT " + COLUMNS + " FROM delivery WHERE id = ?", DeliveryRepository::delivery, id);
    }

    /** Oldest first after the cursor; {@code owner} set: only webhook deliveries of that owner's subscriptions. */
    public List<Delivery> page(Delivery.Status status, String kind, String owner, Cursor after, int limit) {
        return sql.list("SELECT " + D_COLUMNS + " FROM delivery d LEFT JOIN webhook_subscription s ON s.id = d.subscription_id"
                + " WHERE (?::text IS NULL OR d.status = ?) AND (?::text IS NULL OR d.kind = ?) AND (?::text IS NULL OR s.owner = ?)"
                + " AND (?::timestamptz IS NULL OR (d.created_at, d.id) > (?::timestamptz, ?::uuid)) ORDER BY d.created_at, d.id LIMIT ?",
                DeliveryRepository::delivery, name(status), name(status), kind, kind, owner, owner, after == null ? null : after.time(),
                after == null ? null : after.time(), after == null ? null : after.id(), limit);
    }

    /** Back to PENDING, due now, with a fresh attempt budget; false when it is not finished (still pending or queued). */
    public boolean redeliver(UUID id, Instant now) {
        return sql.update("UPDATE delivery SET status = 'PENDING', attempts = 0, next_attempt_at = ?, finished_at = NULL,"
                + " last_error = NULL, claimed_until = NULL WHERE id = ? AND status IN ('DEAD', 'DELIVERED')", now, id) == 1;
    }

    /** A mailbox with routine notifications waiting for its digest. */
    public record DigestRecipient(String recipient, UUID memberId, String orgId) {
    }

    public List<DigestRecipient> digestRecipients() {
        return sql.list("SELECT DISTINCT ON (recipient) recipient, member_id, org_id FROM delivery WHERE status = 'DIGEST'"
                + " ORDER BY recipient, created_at DESC", rs -> new DigestRecipient(rs.getString(1), Sql.uuid(rs, "member_id"),
                        rs.getString(3)));
    }

    /** Moves a mailbox's waiting items into the digest delivery {@code digestId}; returns how many. */
    public int gatherDigest(UUID digestId, String recipient) {
        return sql.update("UPDATE delivery SET status = 'IN_DIGEST', digest_id = ? WHERE id IN (SELECT id FROM delivery"
                + " WHERE recipient = ? AND status = 'DIGEST' FOR UPDATE SKIP LOCKED)", digestId, recipient);
    }

    /** The notifications a digest gathers, oldest first: subject and body. */
    public List<String[]> digestItems(UUID digestId) {
        return sql.list("SELECT n.subject, n.body FROM delivery d JOIN notification n ON n.id = d.notification_id"
                + " WHERE d.digest_id = ? ORDER BY n.created_at, n.id", rs -> new String[] {rs.getString(1), rs.getString(2)}, digestId);
    }

    public void delete(UUID id) {
        sql.update("DELETE FROM delivery WHERE id = ?", id);
    }

    /** Backlog figures for health and metrics. */
    public record Backlog(long pending, long dead, double oldestDueSeconds) {
    }

    public Backlog backlog(Instant now) {
        return sql.one("SELECT count(*) FILTER (WHERE status = 'PENDING'), count(*) FILTER (WHERE status = 'DEAD'),"
                + " min(next_attempt_at) FILTER (WHERE status = 'PENDING') FROM delivery", rs -> {
                    Instant oldest = Sql.instant(rs, "min");
                    double age = oldest == null ? 0 : Math.max(0, (now.toEpochMilli() - oldest.toEpochMilli()) / 1000.0);
                    return new Backlog(rs.getLong(1), rs.getLong(2), age);
                }).orElseThrow();
    }

    /** Deletes finished rows older than their retention; returns how many went. */
    public int purge(Instant deliveredBefore, Instant deadBefore) {
        return sql.update("DELETE FROM delivery WHERE (status = 'DELIVERED' AND finished_at < ?) OR (status = 'DEAD' AND finished_at < ?)",
                deliveredBefore, deadBefore);
    }

    private static String name(Enum<?> e) {
        return e == null ? null : e.name();
    }

    static Delivery delivery(ResultSet rs) throws SQLException {
        return new Delivery(Sql.uuid(rs, "id"), Sql.uuid(rs, "notification_id"), rs.getString("event_id"), rs.getString("kind"),
                rs.getString("channel"), rs.getString("recipient"), Sql.uuid(rs, "member_id"), Sql.uuid(rs, "subscription_id"),
                rs.getString("org_id"), Sql.uuid(rs, "team_id"), Delivery.Status.valueOf(rs.getString("status")), rs.getInt("attempts"),
                Sql.instant(rs, "next_attempt_at"), rs.getString("last_error"), Sql.instant(rs, "created_at"),
                Sql.instant(rs, "finished_at"), Sql.uuid(rs, "digest_id"));
    }
}
