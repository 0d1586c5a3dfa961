package org.lmc.messaging;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Capped exponential backoff with jitter, so that instances waiting for the same dependency do not retry in step. */
final class Backoff {
    private Backoff() {
    }

    /** The wait before attempt {@code failuresInARow + 1}: initial * 2^(n-1), at most {@code max}, minus up to a third at random. */
    static Duration after(int failuresInARow, Duration initial, Duration max) {
        long base = initial.toMillis() << Math.min(Math.max(failuresInARow - 1, 0), 20);
        long capped = Math.min(base <= 0 ? max.toMillis() : base, max.toMillis());
        long jitter = capped / 3 == 0 ? 0 : ThreadLocalRandom.current().nextLong(capped / 3 + 1);
        return Duration.ofMillis(Math.max(1, capped - jitter));
    }
}
