package org.lmc.registration.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The time of a change, at PostgreSQL's precision (microseconds). */
final class Now {
    private Now() {
    }

    /**
     * Truncated so that what the API answers right after a write, what the events carry and what is read back
     * later are the same instant.
     */
    static Instant instant() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
