package org.lmc.plan.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sign-off, progress arithmetic and reminder thresholds: the rules as pure functions. */
class RulesTest {

    @Test
    void managementAndLaborEndorseAndTheBoardPresidentNeverStandsIn() {
        assertThat(SignOff.endorsed("DISTRICT", List.of("SUPERINTENDENT"))).isFalse();
        assertThat(SignOff.endorsed("DISTRICT", List.of("SUPERINTENDENT", "BOARD_PRESIDENT"))).isFalse();
        assertThat(SignOff.endorsed("DISTRICT", List.of("BOARD_PRESIDENT", "UNION_LEADER"))).isFalse();
        assertThat(SignOff.endorsed("DISTRICT", List.of("UNION_LEADER", "SUPERINTENDENT"))).isTrue();
        assertThat(SignOff.awaitedRoles("STATE", List.of("SUPERINTENDENT", "UNION_LEADER"))).containsExactly("CHIEF_STATE_SCHOOL_OFFICER");
        assertThat(SignOff.endorsed("STATE", List.of("CHIEF_STATE_SCHOOL_OFFICER", "UNION_LEADER"))).isTrue();
        assertThat(SignOff.maySign("BOARD_PRESIDENT", "DISTRICT")).isTrue();
        assertThat(SignOff.maySign("TEACHER", "DISTRICT")).isFalse();
        assertThat(SignOff.maySign("SUPERINTENDENT", "STATE")).isFalse();
    }

    @Test
    void progressArithmetic() {
        assertThat(Progress.milestoneShare(1, 3)).isEqualByComparingTo("0.3333");
        assertThat(Progress.milestoneShare(0, 0)).isEqualByComparingTo("0");
        assertThat(Progress.band(0, 4)).isEqualTo("NOT_STARTED");
        assertThat(Progress.band(2, 4)).isEqualTo("UNDER_WAY");
        assertThat(Progress.band(4, 4)).isEqualTo("COMPLETE");
        LocalDate start = LocalDate.of(2011, 3, 1);
        LocalDate target = LocalDate.of(2012, 3, 1);
        LocalDate half = LocalDate.of(2011, 8, 31);
        // Half the time gone: half the way from 48 to 75 (61.5) is on track, 61 is not.
        assertThat(Progress.expected(start, target, half)).isEqualByComparingTo("0.5");
        assertThat(Progress.onTrack(new BigDecimal("48"), new BigDecimal("75"), start, target, new BigDecimal("61.5"), half)).isTrue();
        assertThat(Progress.onTrack(new BigDecimal("48"), new BigDecimal("75"), start, target, new BigDecimal("61"), half)).isFalse();
        // A target below the baseline (fewer layoffs by seniority alone): falling is progress.
        assertThat(Progress.onTrack(new BigDecimal("100"), new BigDecimal("20"), start, target, new BigDecimal("55"), half)).isTrue();
        assertThat(Progress.onTrack(new BigDecimal("100"), new BigDecimal("20"), start, target, new BigDecimal("70"), half)).isFalse();
        assertThat(Progress.onTrack(new BigDecimal("1"), new BigDecimal("2"), start, target, null, half)).isFalse();
        // Past the target date, the whole way is expected.
        assertThat(Progress.expected(start, target, target.plusDays(3))).isEqualByComparingTo("1");
    }

    @Test
    void theTightestThresholdApplies() {
        LocalDate today = LocalDate.of(2011, 9, 1);
        List<Integer> days = List.of(14, 3);
        assertThat(Reminders.thresholdFor(today.plusDays(15), today, days)).isEmpty();
        assertThat(Reminders.thresholdFor(today.plusDays(14), today, days)).contains(new Reminders.Threshold("DUE_IN_14_DAYS", 14));
        assertThat(Reminders.thresholdFor(today.plusDays(4), today, days)).contains(new Reminders.Threshold("DUE_IN_14_DAYS", 14));
        assertThat(Reminders.thresholdFor(today.plusDays(2), today, days)).contains(new Reminders.Threshold("DUE_IN_3_DAYS", 3));
        assertThat(Reminders.thresholdFor(today, today, days)).contains(new Reminders.Threshold("DUE_IN_3_DAYS", 3));
        assertThat(Reminders.thresholdFor(today.minusDays(1), today, days)).contains(new Reminders.Threshold("OVERDUE", 0));
    }
}
