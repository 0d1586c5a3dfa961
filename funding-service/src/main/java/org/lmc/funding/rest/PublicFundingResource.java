package org.lmc.funding.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lmc.funding.service.Reports;
import org.lmc.web.Problem;

/** Who paid for what, for anyone: sums only, never a name, an email, a receipt or one person's amount. */
@Path("/api/v1/public")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Public funding record")
@PermitAll
public class PublicFundingResource {
    private final Reports reports;

    PublicFundingResource(Reports reports) {
        this.reports = reports;
    }

    @GET
    @Path("/convenings/{convening}/funding")
    @Operation(summary = "What was paid for a convening, by funder, grant kind and category")
    @APIResponse(responseCode = "200", description = "Totals paid", content = @Content(schema = @Schema(implementation = Reports.ConveningFunding.class)))
    @APIResponse(responseCode = "404", description = "No grant for this convening",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Reports.ConveningFunding convening(@PathParam("convening") UUID convening) {
        return reports.convening(convening);
    }

    @GET
    @Path("/teams/{team}/funding")
    @Operation(summary = "What was paid for a team: by funder and category, how many travellers, how many on official duty and on personal leave")
    @APIResponse(responseCode = "200", description = "The team's totals", content = @Content(schema = @Schema(implementation = Reports.TeamFundingView.class)))
    @APIResponse(responseCode = "404", description = "No such team",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Reports.TeamFundingView team(@PathParam("team") UUID team) {
        return reports.team(team);
    }
}
