package org.lmc.plan.pages;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.lmc.plan.domain.Progress;
import org.lmc.plan.service.PublicPlans;
import org.lmc.web.pages.LineChart;
import org.lmc.web.pages.UsFormats;

/** What the plan pages show, built from the public plan database's answers (the same ones the public API gives). */
public final class PlanPageViews {
    private PlanPageViews() {
    }

    /** The search form's values as typed (blank for "any"). */
    public record Query(String q, String convening, String state, String principle, int limit) {
        /** The address of this search, starting after {@code after} when given. */
        String href(String after) {
            StringBuilder href = new StringBuilder("/plans");
            String sep = "?";
            for (String[] p : new String[][] {{"q", q}, {"convening", convening}, {"state", state}, {"principle", principle},
                    {"limit", limit == PlanPages.PAGE_SIZE ? null : Integer.toString(limit)}, {"after", after}}) {
                if (p[1] != null && !p[1].isBlank()) {
                    href.append(sep).append(p[0]).append('=').append(URLEncoder.encode(p[1], StandardCharsets.UTF_8));
                    sep = "&";
                }
            }
            return href.toString();
        }

        boolean filtered() {
            return !q.isBlank() || !convening.isBlank() || !state.isBlank() || !principle.isBlank();
        }
    }

    public record Option(String value, String label, boolean selected) {
    }

    public record Result(String href, String title, String organisation, String state, String publishedOn, int version,
            List<String> principles, int done, int total, int progressMax, String share) {
    }

    public record Directory(Query query, List<Option> convenings, List<Option> states, List<Option> principles, List<Result> results,
            String nextHref, String firstHref, String heading) {
    }

    static Directory directory(Query query, Map<String, List<PublicPlans.Facet>> facets, Map<Integer, String> principles,
            List<PublicPlans.Found> found, String next, boolean afterGiven) {
        List<Option> convenings = facets.get("convening").stream().map(f -> new Option(f.value(), "Convening " + f.value().substring(0, 8)
                + " (" + plans(f.plans()) + ")", f.value().equals(query.convening()))).toList();
        List<Option> states = facets.get("state").stream().map(f -> new Option(f.value(), f.value() + " (" + plans(f.plans()) + ")",
                f.value().equals(query.state()))).toList();
        List<Option> principleOptions = principles.entrySet().stream().map(e -> new Option(e.getKey().toString(),
                e.getKey() + ". " + e.getValue(), e.getKey().toString().equals(query.principle()))).toList();
        List<Result> results = found.stream().map(f -> new Result("/plans/" + f.planId(), f.title(), f.organisation().name(),
                f.organisation().state(), UsFormats.date(f.publishedAt()), f.versionNumber(),
                f.principles().stream().map(n -> n + ". " + principles.getOrDefault(n, "")).toList(), f.milestonesDone(),
                f.milestonesTotal(), Math.max(1, f.milestonesTotal()),
                UsFormats.percent(Progress.milestoneShare(f.milestonesDone(), f.milestonesTotal())))).toList();
        String heading = query.filtered() ? "Action plans matching your search" : "Published action plans";
        return new Directory(query, convenings, states, principleOptions, results, next == null ? null : query.href(next),
                afterGiven ? query.href(null) : null, heading);
    }

    private static String plans(long count) {
        return count == 1 ? "1 plan" : count + " plans";
    }

    public record Strategy(String title, List<String> tactics) {
    }

    public record Goal(String title, List<Strategy> strategies) {
    }

    public record Principle(int number, String title, List<Goal> goals) {
    }

    public record Signer(String name, String role, String signedOn) {
    }

    public record ValueRow(String day, String value) {
    }

    public record Measure(String name, String unit, String baseline, String target, String targetDate, boolean onTrack, LineChart chart,
            List<ValueRow> values) {
    }

    public record Milestone(String title, String dueOn, String owner, String status, String statusLabel, String completedOn) {
    }

    public record Plan(String title, String summary, String organisation, String state, int version, String publishedOn, String asOf,
            List<Principle> principles, List<Signer> signers, List<Measure> measures, List<Milestone> milestones, int done, int total,
            int progressMax, String share, int measuresOnTrack, String fundingHref) {
    }

    static Plan plan(PublicPlans.PlanPage page, Map<Integer, String> principleTitles, String fundingHref) {
        JsonNode content = page.content();
        List<Principle> principles = principles(content, principleTitles);
        List<Signer> signers = page.signers().stream()
                .map(s -> new Signer(s.name(), UsFormats.words(s.role()), UsFormats.date(s.signedAt()))).toList();
        List<Measure> measures = new ArrayList<>();
        int index = 0;
        for (PublicPlans.Measure m : page.measures()) {
            index++;
            LineChart chart = LineChart.of("measure-" + index, m.name() + " (" + m.unit() + ") over time", m.unit(), m.baseline(),
                    m.target(), m.targetDate(), page.firstPublished(),
                    m.history().stream().map(v -> new LineChart.Value(v.observedOn(), v.value())).toList());
            measures.add(new Measure(m.name(), m.unit(), UsFormats.number(m.baseline()), UsFormats.number(m.target()),
                    UsFormats.date(m.targetDate()), m.onTrack(), chart,
                    m.history().stream().map(v -> new ValueRow(UsFormats.date(v.observedOn()), UsFormats.number(v.value()))).toList()));
        }
        List<Milestone> milestones = page.milestones().stream().map(m -> {
            String status = m.status(page.asOf());
            return new Milestone(m.title(), UsFormats.date(m.dueDate()), UsFormats.words(m.ownerRole()),
                    switch (status) {
                        case "DONE" -> "done";
                        case "OVERDUE" -> "overdue";
                        default -> "due";
                    },
                    switch (status) {
                        case "DONE" -> "Done";
                        case "OVERDUE" -> "Overdue";
                        default -> "Due";
                    }, UsFormats.date(m.completedOn()));
        }).toList();
        int total = page.milestones().size();
        return new Plan(content.path("title").asText(), content.hasNonNull("summary") ? content.get("summary").asText() : null,
                page.organisation().name(), page.organisation().state(), page.version().number(), UsFormats.date(page.version().publishedAt()),
                UsFormats.date(page.asOf()), principles, signers, measures, milestones, page.milestonesDone(), total, Math.max(1, total),
                UsFormats.percent(Progress.milestoneShare(page.milestonesDone(), total)), page.measuresOnTrack(), fundingHref);
    }

    /** The principles of a plan's content (a draft or a version), each with its goals, strategies and tactics. */
    static List<Principle> principles(JsonNode content, Map<Integer, String> principleTitles) {
        List<Principle> principles = new ArrayList<>();
        for (JsonNode p : content.path("principles")) {
            List<Goal> goals = new ArrayList<>();
            for (JsonNode g : p.path("goals")) {
                List<Strategy> strategies = new ArrayList<>();
                for (JsonNode s : g.path("strategies")) {
                    List<String> tactics = new ArrayList<>();
                    s.path("tactics").forEach(t -> tactics.add(t.asText()));
                    strategies.add(new Strategy(s.path("title").asText(), tactics));
                }
                goals.add(new Goal(g.path("title").asText(), strategies));
            }
            int number = p.path("principle").asInt();
            principles.add(new Principle(number, principleTitles.getOrDefault(number, ""), goals));
        }
        return principles;
    }
}
