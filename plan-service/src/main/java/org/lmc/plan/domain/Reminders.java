package org.lmc.plan.domain;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Which reminder a milestone is due, as of a day: {@code OVERDUE} once its due date has passed; before that, the
 * tightest threshold it falls within ({@code DUE_IN_3_DAYS} rather than {@code DUE_IN_14_DAYS} for a milestone two
 * days away), so a sweep that first sees a milestone late sends one reminder, not every one it missed.
 */
public final class Reminders {
    public static final String OVERDUE = "OVERDUE";

    private Reminders() {
    }

    /** A threshold label and how many days before the due date it stands (0 for OVERDUE). */
    public record Threshold(String label, int daysBefore) {
        public boolean overdue() {
            return OVERDUE.equals(label);
        }
    }

    public static Optional<Threshold> thresholdFor(LocalDate dueDate, LocalDate asOf, List<Integer> daysBefore) {
        long daysLeft = ChronoUnit.DAYS.between(asOf, dueDate);
        if (daysLeft < 0) {
            return Optional.of(new Threshold(OVERDUE, 0));
        }
        return daysBefore.stream().filter(days -> days >= daysLeft).min(Integer::compare)
                .map(days -> new Threshold("DUE_IN_" + days + "_DAYS", days));
    }
}
