package org.lmc.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SizedTableTest {
    private static LoadTools.Phase phase(int size, int clients, double p99) {
        return new LoadTools.Phase(size, "search", clients, 1_000, 0, 500, 1.0, p99, 10_000, 0.1, 0.05);
    }

    @Test
    void theMedianOfAnOddCountIsTheMiddleAndOfAnEvenCountTheMeanOfTheMiddleTwo() {
        assertThat(LoadTools.medianP99(List.of(phase(1, 32, 30), phase(1, 32, 10), phase(1, 32, 20)))).isEqualTo(20);
        assertThat(LoadTools.medianP99(List.of(phase(1, 32, 10), phase(1, 32, 40)))).isEqualTo(25);
        assertThat(LoadTools.medianP99(List.of(phase(1, 32, 7)))).isEqualTo(7);
    }

    @Test
    void verdictsTakeEachSizesMedianOverRoundsAtTheMostClients() {
        // Round 1's small size was quick and round 2's slow: alone, round 1 would say 2.0 (not met), round 2 0.75.
        List<LoadTools.Phase> phases = List.of(phase(2_000, 2, 1), phase(2_000, 32, 10), phase(20_000, 32, 20),
                phase(2_000, 32, 30), phase(20_000, 32, 22.5));
        String table = LoadTools.sizedTable(phases, "plans", 2_000, 20_000, Map.of("search", 50.0), 1.5);
        assertThat(table.lines().filter(l -> l.startsWith("| ")).count()).isEqualTo(2 + 5);
        assertThat(table).contains("- search, 32 clients (median of 2 rounds): p99 21.25 ms at 20,000 plans: under 50 ms, met;"
                + " p99 at 20,000 ÷ p99 at 2,000 = 1.06: at most 1.5, met; errors none");
    }

    @Test
    void oneRoundSaysNothingAboutRounds() {
        String table = LoadTools.sizedTable(List.of(phase(2_000, 32, 10), phase(20_000, 32, 20)), "plans", 2_000, 20_000,
                Map.of("search", 50.0), 1.5);
        assertThat(table).contains("- search, 32 clients: p99 20.00 ms at 20,000 plans: under 50 ms, met; p99 at 20,000 ÷ p99 at"
                + " 2,000 = 2.00: over 1.5, NOT met; errors none");
    }
}
