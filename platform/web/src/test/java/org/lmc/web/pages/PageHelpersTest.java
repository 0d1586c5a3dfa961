package org.lmc.web.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** US formats, chart geometry and when a failure is an HTML page: plain rules, no server. */
class PageHelpersTest {

    @Test
    void datesAndMoneyAreWrittenForUsReaders() {
        assertThat(UsFormats.date(LocalDate.of(2031, 1, 5))).isEqualTo("Jan 5, 2031");
        assertThat(UsFormats.date(Instant.parse("2011-02-16T23:30:00Z"))).isEqualTo("Feb 16, 2011");
        assertThat(UsFormats.date(null)).isEmpty();
        assertThat(UsFormats.money(123_456, "USD")).isEqualTo("$1,234.56");
        assertThat(UsFormats.money(5, "USD")).isEqualTo("$0.05");
        assertThat(UsFormats.money(200_000_000, "USD")).isEqualTo("$2,000,000.00");
        assertThat(UsFormats.money(123_456, "EUR")).isEqualTo("EUR 1,234.56");
        assertThat(UsFormats.number(new BigDecimal("1234.50"))).isEqualTo("1,234.5");
        assertThat(UsFormats.number(new BigDecimal("74.5"))).isEqualTo("74.5");
        assertThat(UsFormats.number(48)).isEqualTo("48");
        assertThat(UsFormats.percent(new BigDecimal("0.3333"))).isEqualTo("33%");
        assertThat(UsFormats.words("UNION_LEADER")).isEqualTo("Union leader");
        assertThat(UsFormats.words("FOUNDATION_TRAVEL_GRANT")).isEqualTo("Foundation travel grant");
    }

    @Test
    void aLineChartPlacesValuesBetweenBaselineAndTargetOverTime() {
        LocalDate start = LocalDate.of(2030, 1, 1);
        LineChart chart = LineChart.of("m", "Teachers", "percent", new BigDecimal("40"), new BigDecimal("80"), LocalDate.of(2030, 12, 31),
                start, List.of(new LineChart.Value(start, new BigDecimal("40")), new LineChart.Value(LocalDate.of(2030, 7, 2), new BigDecimal("60"))));
        // 364 days from start to the target date; 182 days in is the middle; 60 is half way from 40 to 80.
        assertThat(chart.polyline()).isEqualTo("64,210 322,115");
        assertThat(chart.baselineY()).isEqualTo(210.0);
        assertThat(chart.targetY()).isEqualTo(20.0);
        assertThat(chart.targetX()).isEqualTo(580.0);
        assertThat(chart.marks()).extracting(LineChart.Mark::label).containsExactly("Jan 1, 2030: 40 percent", "Jul 2, 2030: 60 percent");
        assertThat(chart.description()).isEqualTo("2 values reported, the latest Jul 2, 2030: 60 percent. Baseline 40, target 80 percent"
                + " by Dec 31, 2030.");

        // A target below the baseline (fewer is better): the target line is at the bottom; no values, no line.
        LineChart down = LineChart.of("d", "Grievances", "cases", new BigDecimal("30"), new BigDecimal("10"), LocalDate.of(2031, 1, 1),
                start, List.of());
        assertThat(down.polyline()).isEmpty();
        assertThat(down.baselineY()).isEqualTo(20.0);
        assertThat(down.targetY()).isEqualTo(210.0);
    }

    @Test
    void barsAreProportionalToTheLargestValue() {
        BarChart chart = BarChart.of("b", "Paid", List.of(new BarChart.Bar("Ford", 86_550, "$865.50"), new BarChart.Bar("Education", 125_000,
                "$1,250.00"), new BarChart.Bar("None", 0, "$0.00")));
        assertThat(chart.rows()).extracting(BarChart.Row::barWidth).containsExactly(290.8, 420.0, 0.0);
        assertThat(chart.rows()).extracting(BarChart.Row::barY).containsExactly(22.0, 68.0, 114.0);
        assertThat(chart.height()).isEqualTo(3 * BarChart.ROW + 4);
        assertThat(chart.description()).isEqualTo("Ford: $865.50; Education: $1,250.00; None: $0.00.");
        assertThat(BarChart.of("e", "Paid", List.of()).description()).isEqualTo("Nothing to show yet.");
    }

    @Test
    void onlyABrowserOnAPageGetsTheHtmlErrorPage() {
        String browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        assertThat(ErrorPages.wantsPage("/plans/x", browser)).isTrue();
        assertThat(ErrorPages.wantsPage("/api/v1/public/plans/x", browser)).isFalse();
        assertThat(ErrorPages.wantsPage("/q/health", browser)).isFalse();
        assertThat(ErrorPages.wantsPage("/plans/x", "*/*")).isFalse();
        assertThat(ErrorPages.wantsPage("/plans/x", null)).isFalse();
        assertThat(ErrorPages.view(500, "unexpected error; incident 42", List.of()).heading()).isEqualTo("Something went wrong on our side");
        assertThat(ErrorPages.view(403, "secret detail", List.of()).detail()).isNull();
    }
}
