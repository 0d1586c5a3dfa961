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
import java.util.Map;
import java.util.TreeMap;
import org.lmc.funding.domain.AuditRecord;

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

    /** The chain's last row: its sequence number and hash. */
    public record Head(long seq, String hash) {
    }

    private static final String LOCK_HEAD = "SELECT last_seq, last_hash FROM audit_head WHERE id = 1 FOR UPDATE";

    /** Appends one record in the caller's transaction; {@code details} are written as JSON with sorted keys. */
    @Transactional(Transactional.TxType.MANDATORY)
    public AuditRecord append(String actor, String action, String subjectType, String subjectId, Map<String, ?> details) {
        return appendAfter((Head) sql.together(lockHeadStatement())[0], actor, action, subjectType, subjectId, details);
    }

    /**
     * Locks the chain's head, to run {@link Sql#together} as the last statement of a transaction's writes (the head is
     * the last lock a transaction takes), then {@link #appendAfter} the head it answers.
     */
    public Sql.Statement lockHeadStatement() {
        return Sql.Statement.query(LOCK_HEAD, rs -> new Head(rs.getLong(1), rs.getString(2)));
    }

    /** Appends one record after {@code head}, which this transaction locked ({@link #lockHeadStatement}). */
    @Transactional(Transactional.TxType.MANDATORY)
    public AuditRecord appendAfter(Head head, String actor, String action, String subjectType, String subjectId, Map<String, ?> details) {
        String detailsJson;
        try {
            detailsJson = JSON.writeValueAsString(new TreeMap<>(details));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        AuditRecord r = AuditRecord.next(head.seq() + 1, head.hash(), Instant.now(), actor, action, subjectType, subjectId, detailsJson);
        // The row and the head in one statement: the head's lock is the platform's one global queue of audited writes,
        // so each round trip it is held costs every writer.
        sql.update("WITH appended AS (INSERT INTO audit_record (seq, recorded_at, actor, action, subject_type, subject_id, details,"
                + " previous_hash, content_hash, row_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq, row_hash)"
                + " UPDATE audit_head SET last_seq = appended.seq, last_hash = appended.row_hash FROM appended WHERE audit_head.id = 1",
                r.seq(), r.recordedAt(), r.actor(), r.action(), r.subjectType(), r.subjectId(), r.details(), r.previousHash(),
                r.contentHash(), r.rowHash());
        return r;
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
