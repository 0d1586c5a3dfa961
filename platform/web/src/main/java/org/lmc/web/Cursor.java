package org.lmc.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/**
 * An opaque position in a list sorted by (time, id): where the next page starts. Clients pass back the
 * {@code next} value they were given as {@code ?after=}; a tampered cursor is a 400 on that parameter.
 */
public record Cursor(Instant time, UUID id) {

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((time + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    public static Cursor decode(String value, String parameter) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8).split("\\|");
            if (parts.length != 2) {
                throw new IllegalArgumentException("two parts expected");
            }
            return new Cursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw ProblemException.invalid(parameter, "is not a cursor this API handed out");
        }
    }
}
