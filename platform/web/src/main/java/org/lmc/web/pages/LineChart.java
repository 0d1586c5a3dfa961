package org.lmc.web.pages;

import io.quarkus.qute.TemplateData;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A measure's values over time as server-rendered SVG geometry (the {@code lmc/line-chart} template draws it): a line
 * through the reported values, a dashed baseline and a dotted target line across the plot, a marker at the target
 * date. Time runs left to right from {@code start} (or the first value, if earlier) to the target date (or the last
 * value, if later); the value axis spans baseline, target and every value. Coordinates are rounded to 0.1.
 */
@TemplateData
public record LineChart(String id, String title, String description, int width, int height, String polyline, List<Mark> marks,
        double baselineY, double targetY, double targetX, double left, double right, double top, double bottom,
        String baselineLabel, String targetLabel, String startLabel, String endLabel) {
    public static final int WIDTH = 600;
    public static final int HEIGHT = 260;
    public static final double LEFT = 64;
    public static final double RIGHT = 580;
    public static final double TOP = 20;
    public static final double BOTTOM = 210;

    /** A reported value: day and number. */
    public record Value(LocalDate day, BigDecimal value) {
    }

    /** A drawn point, with its value and day for the reader (the SVG title) and for tests (data attributes). */
    @TemplateData
    public record Mark(double x, double y, String day, String value, String label) {
    }

    public static LineChart of(String id, String title, String unit, BigDecimal baseline, BigDecimal target, LocalDate targetDate,
            LocalDate start, List<Value> values) {
        LocalDate from = start;
        LocalDate to = targetDate;
        BigDecimal lo = baseline.min(target);
        BigDecimal hi = baseline.max(target);
        for (Value v : values) {
            from = v.day().isBefore(from) ? v.day() : from;
            to = v.day().isAfter(to) ? v.day() : to;
            lo = lo.min(v.value());
            hi = hi.max(v.value());
        }
        long span = Math.max(1, ChronoUnit.DAYS.between(from, to));
        List<Mark> marks = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (Value v : values) {
            double x = x(from, span, v.day());
            double y = y(lo, hi, v.value());
            String day = UsFormats.date(v.day());
            String value = UsFormats.number(v.value());
            marks.add(new Mark(x, y, v.day().toString(), v.value().stripTrailingZeros().toPlainString(), day + ": " + value + " " + unit));
            line.append(line.isEmpty() ? "" : " ").append(coordinate(x)).append(',').append(coordinate(y));
        }
        String description = values.isEmpty()
                ? "No value reported yet. Baseline " + UsFormats.number(baseline) + ", target " + UsFormats.number(target) + " " + unit
                        + " by " + UsFormats.date(targetDate) + "."
                : values.size() + " values reported, the latest " + marks.get(marks.size() - 1).label() + ". Baseline "
                        + UsFormats.number(baseline) + ", target " + UsFormats.number(target) + " " + unit + " by "
                        + UsFormats.date(targetDate) + ".";
        return new LineChart(id, title, description, WIDTH, HEIGHT, line.toString(), marks, y(lo, hi, baseline), y(lo, hi, target),
                x(from, span, targetDate), LEFT, RIGHT, TOP, BOTTOM, "Baseline " + UsFormats.number(baseline),
                "Target " + UsFormats.number(target), UsFormats.date(from), UsFormats.date(to));
    }

    static double x(LocalDate from, long span, LocalDate day) {
        return round(LEFT + (RIGHT - LEFT) * ChronoUnit.DAYS.between(from, day) / span);
    }

    static double y(BigDecimal lo, BigDecimal hi, BigDecimal value) {
        if (hi.compareTo(lo) == 0) {
            return round((TOP + BOTTOM) / 2);
        }
        BigDecimal share = value.subtract(lo).divide(hi.subtract(lo), MathContext.DECIMAL64);
        return round(BOTTOM - (BOTTOM - TOP) * share.doubleValue());
    }

    static double round(double value) {
        return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).doubleValue();
    }

    static String coordinate(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
