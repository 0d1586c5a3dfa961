package org.lmc.web;

import java.util.UUID;

/**
 * An opaque position in a list ranked by a score, highest first, ties by id (e.g. full-text search results). Clients
 * pass back the {@code next} value as {@code ?after=}; a tampered cursor is a 400 on that parameter. The score is a
 * PostgreSQL {@code real}, carried exactly as a Java float.
 */
public record ScoreCursor(float score, UUID id) {

    public String encode() {
        return OpaqueToken.encode("s1", Float.toString(score), id);
    }

    public static ScoreCursor decode(String value, String parameter) {
        try {
            String[] parts = OpaqueToken.decode(value, 3);
            if (!parts[0].equals("s1")) {
                throw new IllegalArgumentException("not a score cursor");
            }
            float score = Float.parseFloat(parts[1]);
            if (Float.isNaN(score) || Float.isInfinite(score)) {
                throw new IllegalArgumentException("not a finite score");
            }
            return new ScoreCursor(score, UUID.fromString(parts[2]));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(parameter, "is not a cursor this API handed out");
        }
    }
}
