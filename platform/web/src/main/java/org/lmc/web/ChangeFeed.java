package org.lmc.web;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A {@code ?since=} change feed for clients that sync: every row changed after the client's token, oldest change
 * first, with the token to send next time.
 *
 * <p>Rows carry {@code change_xid}, stamped by the {@code lmc_stamp_change()} trigger with the writing transaction's
 * id. Transaction ids are handed out in start order but commits land in any order, so a feed ordered by a sequence or
 * a timestamp would let a slow transaction commit behind a client's token and be lost to it. This feed returns only
 * rows stamped below the oldest transaction still running ({@link #SETTLED}): everything below that line has
 * committed or rolled back, so nothing can appear behind a token later. A long transaction delays the feed; it never
 * makes it skip. A row changed again moves to the end of the feed with its newest state.
 */
public final class ChangeFeed {
    /**
     * The SQL condition for rows changed after {@code :sinceXid}/{@code :sinceId} and settled; order by
     * {@link #ORDER}. The snapshot function is stable, so one statement sees one line.
     */
    public static final String SETTLED = "change_xid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
            + " AND (change_xid, id) > (:sinceXid, :sinceId)";
    public static final String ORDER = "change_xid, id";

    private ChangeFeed() {
    }

    /** A position in a feed: the last change a client has seen. The zero token is the feed's start. */
    public record Token(long xid, UUID id) {
        public static final Token START = new Token(0, new UUID(0, 0));

        public String encode() {
            return OpaqueToken.encode("c1", xid, id);
        }

        /** The token a client sent as {@code parameter}, the start when it sent none; a tampered one is a 400. */
        public static Token decode(String value, String parameter) {
            if (value == null || value.isEmpty()) {
                return START;
            }
            try {
                String[] parts = OpaqueToken.decode(value, 3);
                if (!parts[0].equals("c1")) {
                    throw new IllegalArgumentException("not a change token");
                }
                long xid = Long.parseLong(parts[1]);
                if (xid < 0) {
                    throw new IllegalArgumentException("negative");
                }
                return new Token(xid, UUID.fromString(parts[2]));
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid(parameter, "is not a change token this API handed out");
            }
        }
    }

    /** One answer of a change feed. */
    @Schema(name = "Changes")
    public record Changes<T>(
            @Schema(description = "the changed items, oldest change first, each in its current state") List<T> items,
            @Schema(description = "send as ?since= next time; the same token when nothing changed") String next,
            @Schema(description = "true when more changes are ready now: ask again at once with `next`") boolean more) {
    }

    /**
     * Builds an answer from up to {@code limit + 1} rows read in feed order after {@code since}: the extra row,
     * when present, only proves there is more.
     */
    public static <R, T> Changes<T> of(List<R> rowsPlusOne, int limit, Token since, Function<R, T> view, Function<R, Token> tokenOf) {
        boolean more = rowsPlusOne.size() > limit;
        List<R> rows = more ? rowsPlusOne.subList(0, limit) : rowsPlusOne;
        Token next = rows.isEmpty() ? since : tokenOf.apply(rows.get(rows.size() - 1));
        return new Changes<>(rows.stream().map(view).toList(), next.encode(), more);
    }
}
