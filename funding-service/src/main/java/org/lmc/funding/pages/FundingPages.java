package org.lmc.funding.pages;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.lmc.funding.service.Reports;
import org.lmc.web.pages.PagePaths;

/**
 * The public funding record as web pages, no login: per convening, what was paid by funder, grant kind and category
 * (charts and a table) and for which teams; per team, who paid for its trip. Sums only, read through {@link Reports}
 * as the public API does: no name, email, receipt or one person's amount. Pages, not API: left out of the OpenAPI document.
 */
@Path("/funding")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
@PermitAll
public class FundingPages {
    @CheckedTemplate(basePath = "pages")
    static class Templates {
        static native TemplateInstance funding(FundingPageViews.Index index);

        static native TemplateInstance convening(FundingPageViews.Convening convening);

        static native TemplateInstance team(FundingPageViews.Team team);
    }

    private final Reports reports;

    FundingPages(Reports reports) {
        this.reports = reports;
    }

    @GET
    @Operation(hidden = true, summary = "The public funding record (HTML): convenings with grants and what was paid")
    public String index() {
        return Templates.funding(FundingPageViews.index(reports.convenings())).render();
    }

    @GET
    @Path("/convenings/{convening}")
    @Operation(hidden = true, summary = "What was paid for a convening (HTML): by funder, grant kind and category, and per team")
    public String convening(@PathParam("convening") String convening) {
        UUID id = id(convening, "convening funding");
        return Templates.convening(FundingPageViews.convening(reports.convening(id), reports.teamsPaid(id))).render();
    }

    @GET
    @Path("/teams/{team}")
    @Operation(hidden = true, summary = "Who paid for a team's trip (HTML): funders, amounts per category, travellers and their duty status")
    public String team(@PathParam("team") String team) {
        return Templates.team(FundingPageViews.team(reports.team(id(team, "team")))).render();
    }

    /** A path id that is not a UUID names nothing: 404, as the API's own path would. */
    static UUID id(String value, String what) {
        return PagePaths.id(value, what);
    }
}
