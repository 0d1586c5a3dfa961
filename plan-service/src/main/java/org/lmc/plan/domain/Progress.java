package org.lmc.plan.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * How far a published plan has come: the share of its milestones done, and whether each measure of success is on
 * track. A measure is on track when its latest value has covered at least the share of the way from baseline to
 * target that the time elapsed since the plan's first publication covers of the time to the target date (a straight
 * line); a measure with no value reported yet is not on track. Works for targets above and below the baseline.
 */
public final class Progress {
    private Progress() {
    }

    /** Done milestones over all, rounded to 4 places; 0 for a plan without milestones. */
    public static BigDecimal milestoneShare(int done, int total) {
        if (total <= 0) {
            return BigDecimal.ZERO;
        }
        return BigDecimal.valueOf(done).divide(BigDecimal.valueOf(total), 4, RoundingMode.HALF_UP);
    }

    /** The band a plan's milestone count falls in, as the public search filters it. */
    public static String band(int done, int total) {
        if (total > 0 && done >= total) {
            return "COMPLETE";
        }
        return done == 0 ? "NOT_STARTED" : "UNDER_WAY";
    }

    /** The share of the way from baseline to target covered by {@code value} (may be below 0 or above 1). */
    public static BigDecimal achieved(BigDecimal baseline, BigDecimal target, BigDecimal value) {
        return value.subtract(baseline).divide(target.subtract(baseline), 4, RoundingMode.HALF_UP);
    }

    /** The share of the way the straight line from {@code start} to {@code targetDate} expects by {@code on}, in [0, 1]. */
    public static BigDecimal expected(LocalDate start, LocalDate targetDate, LocalDate on) {
        long span = ChronoUnit.DAYS.between(start, targetDate);
        if (span <= 0 || !on.isBefore(targetDate)) {
            return BigDecimal.ONE;
        }
        long elapsed = Math.max(0, ChronoUnit.DAYS.between(start, on));
        return BigDecimal.valueOf(elapsed).divide(BigDecimal.valueOf(span), 4, RoundingMode.HALF_UP);
    }

    public static boolean onTrack(BigDecimal baseline, BigDecimal target, LocalDate start, LocalDate targetDate, BigDecimal latest,
            LocalDate observedOn) {
        if (latest == null) {
            return false;
        }
        return achieved(baseline, target, latest).compareTo(expected(start, targetDate, observedOn)) >= 0;
    }
}
