package org.lmc.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** The write limiter's bucket, for any burst, rate and pattern of calls (jqwik, beside the Quarkus tests). */
class WriteRateLimitProperties {

    @Property(tries = 300)
    void neverGrantsMoreThanTheBurstPlusWhatRefilledAndSaysHowLongToWait(
            @ForAll @IntRange(min = 1, max = 50) int burst,
            @ForAll @DoubleRange(min = 0.05, max = 200) double perSecond,
            @ForAll @Size(max = 300) List<@LongRange(min = 0, max = 3_000_000_000L) Long> gapsNanos) {
        WriteRateLimit limit = new WriteRateLimit(true, perSecond, burst, null);
        long now = 0;
        long granted = 0;
        for (long gap : gapsNanos) {
            now += gap;
            long wait = limit.take("sub:agency", now);
            if (wait == 0) {
                granted++;
            } else {
                assertThat(wait).isPositive();
                // Waiting as long as told is enough for the next write.
                assertThat(limit.take("sub:agency", now + wait)).isZero();
                granted++;
                now += wait;
            }
            assertThat((double) granted).isLessThanOrEqualTo(burst + perSecond * now / 1e9 + 1e-6);
        }
    }

    @Property(tries = 100)
    void oneCallersFloodNeverEmptiesAnotherCallersBucket(@ForAll @IntRange(min = 1, max = 20) int burst,
            @ForAll @IntRange(min = 0, max = 500) int flood) {
        WriteRateLimit limit = new WriteRateLimit(true, 0.01, burst, null);
        for (int i = 0; i < flood; i++) {
            limit.take("sub:noisy-agency", 0);
        }
        for (int i = 0; i < burst; i++) {
            assertThat(limit.take("sub:other-agency", 0)).isZero();
        }
    }
}
