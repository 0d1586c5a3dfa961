package org.lmc.funding.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import org.lmc.funding.domain.AuditRecord;
import org.lmc.sql.Sql;

/**
 * The append-only, hash-chained audit trail. An append locks the chain's head row, so appends are serial; it is the
 * last lock a transaction takes (after grants and their rows), which keeps the lock order acyclic.
 */
@ApplicationScoped
public class AuditTrail {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The outcome of walking the chain: intact, or the first row that breaks it and why. */
    public record Verification(boolean intact, long rowsChecked, Long firstBrokenSeq, String reason) {
    }

    /** What an auditor asks of the trail; a null field does not filter. Times are inclusive from, exclusive until. */
    public record Query(String actor, String action, String subjectType, String subjectId, Instant from, Instant until,
            Long afterSeq) {
    }

    private final Sql sql;

    AuditTrail(Sql sql) {
        this.sql = sql;
    }

    /**
     * Appends one record in the caller's transaction; {@code details} are written as JSON with sorted keys. One round trip
     * ({@link #appendStatement}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(String actor, String action, String subjectType, String subjectId, Map<String, ?> details) {
        Sql.Statement append = appendStatement(actor, action, subjectType, subjectId, details);
        sql.update(append.sql(), append.args());
    }

    /**
     * One statement that locks the chain's head, appends the record after it and moves the head. Run it as the last of
     * a transaction's writes (the head is the last lock a transaction takes), alone or at the end of {@link Sql#together}.
     *
     * <p>The head's lock is the platform's one global queue of audited writes, so each round trip it is held costs every
     * writer: here it is held for none beyond the commit's. The sequence number is known only under the lock, so Java
     * sends the canonical content after it ({@link AuditRecord#canonicalAfterSeq}) and PostgreSQL puts the number in
     * front and hashes both links with SHA-256 over UTF-8, as {@link AuditRecord#next} does (the verification still
     * recomputes every hash in Java).
     */
    public Sql.Statement appendStatement(String actor, String action, String subjectType, String subjectId, Map<String, ?> details) {
        String detailsJson;
        try {
            detailsJson = JSON.writeValueAsString(new TreeMap<>(details));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Instant recordedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return Sql.Statement.update("WITH head AS (SELECT last_seq + 1 AS seq, last_hash FROM audit_head WHERE id = 1 FOR UPDATE),"
                + " hashed AS (SELECT seq, last_hash, encode(sha256(convert_to('[\"' || seq || '\",' || CAST(? AS text), 'UTF8')), 'hex')"
                + " AS content_hash FROM head),"
                + " appended AS (INSERT INTO audit_record (seq, recorded_at, actor, action, subject_type, subject_id, details,"
                + " previous_hash, content_hash, row_hash) SELECT seq, CAST(? AS timestamptz), CAST(? AS text), CAST(? AS text),"
                + " CAST(? AS text), CAST(? AS text), CAST(? AS text), last_hash, content_hash,"
                + " encode(sha256(convert_to(last_hash || content_hash, 'UTF8')), 'hex') FROM hashed RETURNING seq, row_hash)"
                + " UPDATE audit_head SET last_seq = appended.seq, last_hash = appended.row_hash FROM appended WHERE audit_head.id = 1",
                AuditRecord.canonicalAfterSeq(recordedAt, actor, action, subjectType, subjectId, detailsJson), recordedAt, actor, action,
                subjectType, subjectId, detailsJson);
    }

    /**
     * Records matching {@code query} in chain order (by seq), up to {@code limit}. Only the filters given become
     * conditions, so each shape of question gets its own plan and its index (V2), never a generic plan over all rows.
     */
    public java.util.List<AuditRecord> find(Query query, int limit) {
        StringBuilder where = new StringBuilder(" WHERE seq > ?");
        java.util.List<Object> args = new java.util.ArrayList<>();
        args.add(query.afterSeq() == null ? 0L : query.afterSeq());
        java.util.function.BiConsumer<String, Object> filter = (condition, value) -> {
            if (value != null) {
                where.append(" AND ").append(condition);
                args.add(value);
            }
        };
        filter.accept("actor = ?", query.actor());
        filter.accept("action = ?", query.action());
        filter.accept("subject_type = ?", query.subjectType());
        filter.accept("subject_id = ?", query.subjectId());
        filter.accept("recorded_at >= ?", query.from());
        filter.accept("recorded_at < ?", query.until());
        args.add(limit);
        return sql.list("SELECT seq, recorded_at, actor, action, subject_type, subject_id, details, previous_hash, content_hash,"
                + " row_hash FROM audit_record" + where + " ORDER BY seq LIMIT ?",
                rs -> new AuditRecord(rs.getLong(1), Sql.instant(rs, "recorded_at"), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10)), args.toArray());
    }

    /** Walks the whole chain in order through a cursor and reports the first row that does not hold. */
    public Verification verify() {
        long expectedSeq = 1;
        String expectedPrevious = AuditRecord.GENESIS;
        long checked = 0;
        try (Connection c = sql.dataSource().getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                // One snapshot for the rows and the head, so a concurrent append is not mistaken for a missing row.
                try (PreparedStatement iso = c.prepareStatement("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")) {
                    iso.execute();
                }
                try (PreparedStatement s = c.prepareStatement("SELECT seq, recorded_at, actor, action, subject_type, subject_id, details,"
                        + " previous_hash, content_hash, row_hash FROM audit_record ORDER BY seq")) {
                    s.setFetchSize(1000);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            AuditRecord r = new AuditRecord(rs.getLong(1), Sql.instant(rs, "recorded_at"), rs.getString(3), rs.getString(4),
                                    rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10));
                            String broken = r.brokenLink(expectedSeq, expectedPrevious);
                            if (broken != null) {
                                return new Verification(false, checked, r.seq(), broken);
                            }
                            checked++;
                            expectedSeq = r.seq() + 1;
                            expectedPrevious = r.rowHash();
                        }
                    }
                }
                try (PreparedStatement s = c.prepareStatement("SELECT last_seq, last_hash FROM audit_head WHERE id = 1");
                        ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) != expectedSeq - 1 || !rs.getString(2).equals(expectedPrevious)) {
                        return new Verification(false, checked, expectedSeq, "the chain ends at row " + (expectedSeq - 1)
                                + " but its head says row " + rs.getLong(1) + " (rows at the end are missing)");
                    }
                }
                return new Verification(true, checked, null, null);
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new Sql.DatabaseException(e);
        }
    }
}
