package org.lmc.funding.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;

/**
 * One row of the hash-chained audit trail. {@code contentHash} is the SHA-256 of the canonical content (a JSON array
 * of the fields, in a fixed order, the time in microseconds as PostgreSQL keeps it); {@code rowHash} is the SHA-256 of
 * the previous row's hash followed by this content hash, so changing, removing or reordering any row breaks every
 * link after it.
 */
public record AuditRecord(long seq, Instant recordedAt, String actor, String action, String subjectType, String subjectId,
        String details, String previousHash, String contentHash, String rowHash) {

    public static final String GENESIS = "0".repeat(64);
    private static final ObjectMapper CANONICAL = new ObjectMapper();

    /** The next row of a chain whose last row has {@code previousHash}. */
    public static AuditRecord next(long seq, String previousHash, Instant at, String actor, String action, String subjectType,
            String subjectId, String details) {
        Instant recordedAt = at.truncatedTo(ChronoUnit.MICROS);
        String content = sha256(canonical(seq, recordedAt, actor, action, subjectType, subjectId, details));
        return new AuditRecord(seq, recordedAt, actor, action, subjectType, subjectId, details, previousHash, content,
                sha256(previousHash + content));
    }

    /** What is wrong with this row given the previous row's hash and sequence number, or null when nothing is. */
    public String brokenLink(long expectedSeq, String expectedPreviousHash) {
        if (seq != expectedSeq) {
            return "sequence " + seq + " where " + expectedSeq + " was expected (a row is missing)";
        }
        if (!previousHash.equals(expectedPreviousHash)) {
            return "previous_hash does not match the hash of row " + (seq - 1);
        }
        if (!contentHash.equals(sha256(canonical(seq, recordedAt, actor, action, subjectType, subjectId, details)))) {
            return "content_hash does not match the row's content (the row was altered)";
        }
        if (!rowHash.equals(sha256(previousHash + contentHash))) {
            return "row_hash does not match previous_hash and content_hash";
        }
        return null;
    }

    static String canonical(long seq, Instant recordedAt, String actor, String action, String subjectType, String subjectId,
            String details) {
        return "[\"" + seq + "\"," + canonicalAfterSeq(recordedAt, actor, action, subjectType, subjectId, details);
    }

    /**
     * The canonical content after its sequence number: what a writer that learns the number only in the database (from
     * the chain's head, in the appending statement) sends for PostgreSQL to finish and hash. The number is digits, so
     * {@code ["<seq>",} followed by this is exactly the JSON array of all the fields.
     */
    public static String canonicalAfterSeq(Instant recordedAt, String actor, String action, String subjectType, String subjectId,
            String details) {
        try {
            return CANONICAL.writeValueAsString(List.of(recordedAt.toString(), actor, action, subjectType,
                    subjectId, details)).substring(1);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
