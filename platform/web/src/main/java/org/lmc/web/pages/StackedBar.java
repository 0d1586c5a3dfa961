package org.lmc.web.pages;

import io.quarkus.qute.TemplateData;
import java.util.ArrayList;
import java.util.List;

/**
 * One whole split into parts as a server-rendered SVG bar (the {@code lmc/stacked-bar} tag draws it): each part's
 * length is its share of the whole, side by side in the given order, with a legend that writes each part's value, so
 * the colours are never the only way to read it.
 */
@TemplateData
public record StackedBar(String id, String title, String description, int width, int height, List<Segment> segments) {
    public static final int WIDTH = 600;
    public static final int HEIGHT = 28;

    /** One part's input: label, value, the value as the reader reads it, and its style class (its colour). */
    public record Part(String label, long value, String valueText, String styleClass) {
    }

    /** One drawn part, with its value for tests (a data attribute). */
    @TemplateData
    public record Segment(String label, String valueText, String styleClass, long value, double x, double width) {
    }

    public static StackedBar of(String id, String title, List<Part> parts) {
        long whole = parts.stream().mapToLong(p -> Math.max(0, p.value())).sum();
        List<Segment> segments = new ArrayList<>();
        StringBuilder description = new StringBuilder();
        double x = 0;
        for (Part part : parts) {
            double width = whole <= 0 ? 0 : LineChart.round((double) WIDTH * Math.max(0, part.value()) / whole);
            segments.add(new Segment(part.label(), part.valueText(), part.styleClass(), part.value(), LineChart.round(x), width));
            x += width;
            description.append(description.isEmpty() ? "" : "; ").append(part.label()).append(": ").append(part.valueText());
        }
        return new StackedBar(id, title, description.isEmpty() ? "Nothing to show." : description + ".", WIDTH, HEIGHT, segments);
    }
}
