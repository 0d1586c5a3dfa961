package org.lmc.plan.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The time of a change, at PostgreSQL's precision (microseconds), so answers, events and rows agree. */
final class Now {
    private Now() {
    }

    static Instant of(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
