package org.lmc.web;

/**
 * Optimistic concurrency over HTTP: a resource's version is its ETag; an update must send it back in
 * {@code If-Match}. A missing header is 428, a stale one 412, so no update silently overwrites another.
 */
public final class ETags {
    private ETags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /** Checks {@code If-Match} against the current version. */
    public static void requireMatch(String ifMatch, long currentVersion) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ProblemException(428, "precondition-required", "Precondition required",
                    "send the resource's ETag in If-Match to update it", java.util.List.of());
        }
        if (ifMatch.trim().equals("*")) {
            return;
        }
        for (String tag : ifMatch.split(",")) {
            if (tag.trim().replaceFirst("^W/", "").equals(of(currentVersion))) {
                return;
            }
        }
        throw new ProblemException(412, "stale-etag", "Precondition failed",
                "the resource changed since you read it (current ETag " + of(currentVersion) + "); read it again and retry",
                java.util.List.of());
    }
}
