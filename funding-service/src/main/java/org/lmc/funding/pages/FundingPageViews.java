package org.lmc.funding.pages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.lmc.funding.service.Reports;
import org.lmc.web.pages.BarChart;
import org.lmc.web.pages.UsFormats;

/** What the public funding pages show, built from {@link Reports} (the same sums the public API answers with). */
public final class FundingPageViews {
    private FundingPageViews() {
    }

    public record ConveningRow(String href, String label, long funders, String paid) {
    }

    public record Index(List<ConveningRow> convenings) {
    }

    public record Row(String funder, String kind, String category, String paid) {
    }

    public record TeamRow(String href, String organisation, String state, String paid) {
    }

    public record Convening(String heading, String conveningId, BarChart byFunder, BarChart byCategory, List<Row> rows, List<String> totals,
            List<TeamRow> teams) {
    }

    public record Team(String organisation, String state, String conveningHref, BarChart byFunder, List<Row> rows, List<String> totals,
            long fundedTravellers, long officialDuty, long personalLeave) {
    }

    static Index index(List<Reports.ConveningSummary> convenings) {
        return new Index(convenings.stream().map(c -> new ConveningRow("/funding/convenings/" + c.conveningId(), label(c.conveningId()),
                c.funders(), UsFormats.money(c.paidCents(), c.currency()))).toList());
    }

    static String label(UUID conveningId) {
        return "Convening " + conveningId.toString().substring(0, 8);
    }

    static Convening convening(Reports.ConveningFunding funding, List<Reports.TeamPaid> teams) {
        List<BarChart.Bar> funders = funding.byFunder().stream().map(t -> new BarChart.Bar(t.funderName() + ", " + UsFormats.words(t.kind()),
                t.paidCents(), UsFormats.money(t.paidCents(), t.currency()))).toList();
        Map<String, long[]> categories = new LinkedHashMap<>();
        Map<String, String> currencies = new LinkedHashMap<>();
        for (Reports.Total t : funding.totals()) {
            String key = UsFormats.words(t.category()) + (t.currency().equals("USD") ? "" : " (" + t.currency() + ")");
            categories.computeIfAbsent(key, k -> new long[1])[0] += t.paidCents();
            currencies.put(key, t.currency());
        }
        List<BarChart.Bar> byCategory = new ArrayList<>();
        categories.forEach((k, v) -> byCategory.add(new BarChart.Bar(k, v[0], UsFormats.money(v[0], currencies.get(k)))));
        String label = label(funding.conveningId());
        return new Convening("Who paid for " + label, funding.conveningId().toString(),
                BarChart.of("by-funder", "Paid by funder and grant kind", funders), BarChart.of("by-category", "Paid by category", byCategory),
                rows(funding.totals()), totals(funding.totals()), teams.stream().map(t -> new TeamRow("/funding/teams/" + t.teamId(),
                        t.organisation(), t.state(), UsFormats.money(t.paidCents(), t.currency()))).toList());
    }

    static Team team(Reports.TeamFundingView team) {
        Map<String, long[]> byFunder = new LinkedHashMap<>();
        Map<String, String> currencies = new LinkedHashMap<>();
        for (Reports.Total t : team.paid()) {
            byFunder.computeIfAbsent(t.funderName(), k -> new long[1])[0] += t.paidCents();
            currencies.put(t.funderName(), t.currency());
        }
        List<BarChart.Bar> bars = new ArrayList<>();
        byFunder.forEach((k, v) -> bars.add(new BarChart.Bar(k, v[0], UsFormats.money(v[0], currencies.get(k)))));
        return new Team(team.organisation(), team.state(), "/funding/convenings/" + team.conveningId(),
                BarChart.of("team-by-funder", "Paid for the trip by funder", bars), rows(team.paid()), totals(team.paid()),
                team.fundedTravellers(), team.travellersOnOfficialDuty(), team.travellersOnPersonalLeave());
    }

    private static List<Row> rows(List<Reports.Total> totals) {
        return totals.stream().map(t -> new Row(t.funderName(), UsFormats.words(t.kind()), UsFormats.words(t.category()),
                UsFormats.money(t.paidCents(), t.currency()))).toList();
    }

    /** The sum per currency, as written for the table's last row. */
    private static List<String> totals(List<Reports.Total> totals) {
        Map<String, Long> sums = new LinkedHashMap<>();
        totals.forEach(t -> sums.merge(t.currency(), t.paidCents(), Long::sum));
        if (sums.isEmpty()) {
            return List.of(UsFormats.money(0, "USD"));
        }
        return sums.entrySet().stream().map(e -> UsFormats.money(e.getValue(), e.getKey())).toList();
    }
}
