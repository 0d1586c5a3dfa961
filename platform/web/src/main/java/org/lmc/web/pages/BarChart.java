package org.lmc.web.pages;

import io.quarkus.qute.TemplateData;
import java.util.ArrayList;
import java.util.List;

/**
 * Horizontal bars as server-rendered SVG geometry (the {@code lmc/bar-chart} template draws it): one row per bar, its
 * label above it, its length proportional to the largest value, the value written after it.
 */
@TemplateData
public record BarChart(String id, String title, String description, int width, int height, List<Row> rows) {
    public static final int WIDTH = 600;
    public static final double MAX_BAR = 420;
    public static final int ROW = 46;

    /** One bar's input: label, value, and the value as the reader reads it (e.g. "$1,234.56"). */
    public record Bar(String label, long value, String valueText) {
    }

    /** One drawn bar. */
    @TemplateData
    public record Row(String label, String valueText, long value, double labelY, double barY, double barWidth, double valueX) {
    }

    public static BarChart of(String id, String title, List<Bar> bars) {
        long max = bars.stream().mapToLong(Bar::value).max().orElse(0);
        List<Row> rows = new ArrayList<>();
        StringBuilder description = new StringBuilder();
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            double width = max <= 0 ? 0 : LineChart.round(MAX_BAR * Math.max(0, bar.value()) / max);
            double top = i * ROW;
            rows.add(new Row(bar.label(), bar.valueText(), bar.value(), top + 16, top + 22, width, width + 8));
            description.append(i == 0 ? "" : "; ").append(bar.label()).append(": ").append(bar.valueText());
        }
        return new BarChart(id, title, description.isEmpty() ? "Nothing to show yet." : description + ".", WIDTH,
                Math.max(ROW, bars.size() * ROW + 4), rows);
    }
}
