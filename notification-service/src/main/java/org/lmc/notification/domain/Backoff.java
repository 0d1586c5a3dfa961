package org.lmc.notification.domain;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter between attempts: after attempt n the wait is drawn uniformly from
 * [base * 2^(n-1) / 2, base * 2^(n-1)], capped at {@code max}. The lower half keeps retries on schedule; the
 * jitter keeps failing deliveries to one endpoint from retrying in lockstep.
 */
public record Backoff(Duration base, Duration max) {

    public Duration after(int attempt, RandomGenerator random) {
        long ceiling = base.toMillis() << Math.min(Math.max(attempt - 1, 0), 30);
        ceiling = Math.min(Math.max(ceiling, 1), max.toMillis());
        long floor = ceiling / 2;
        return Duration.ofMillis(floor + random.nextLong(ceiling - floor + 1));
    }
}
