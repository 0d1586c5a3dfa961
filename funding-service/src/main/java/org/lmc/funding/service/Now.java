package org.lmc.funding.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The current time as PostgreSQL keeps it (microseconds), so what is stored and what is sent in events agree. */
public final class Now {
    private Now() {
    }

    public static Instant instant() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
