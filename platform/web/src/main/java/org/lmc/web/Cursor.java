package org.lmc.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * An opaque position in a list sorted by (time, id): where the next page starts. Clients pass back the
 * {@code next} value they were given as {@code ?after=}; a tampered cursor is a 400 on that parameter.
 */
public record Cursor(Instant time, UUID id) {

    public String encode() {
        return OpaqueToken.encode(time, id);
    }

    public static Cursor decode(String value, String parameter) {
        try {
            String[] parts = OpaqueToken.decode(value, 2);
            return new Cursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw ProblemException.invalid(parameter, "is not a cursor this API handed out");
        }
    }
}
