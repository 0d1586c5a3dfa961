package org.lmc.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The encoding of the positions this API hands out (cursors, change tokens): URL-safe Base64 of '|'-joined parts. */
final class OpaqueToken {
    private OpaqueToken() {
    }

    static String encode(Object... parts) {
        StringBuilder joined = new StringBuilder();
        for (Object part : parts) {
            joined.append(joined.length() == 0 ? "" : "|").append(part);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(joined.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code count} parts of {@code value}; an IllegalArgumentException when it is not such a token. */
    static String[] decode(String value, int count) {
        String[] parts = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8).split("\\|");
        if (parts.length != count) {
            throw new IllegalArgumentException(count + " parts expected");
        }
        return parts;
    }
}
