package org.lmc.funding.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lmc.funding.config.FundingConfig;
import org.lmc.funding.domain.Category;
import org.lmc.funding.domain.Grant;
import org.lmc.funding.repository.GrantRepository;
import org.lmc.funding.repository.Ledger;
import org.lmc.funding.service.Grants;
import org.lmc.funding.service.Reports;
import org.lmc.web.Caller;
import org.lmc.web.Cursor;
import org.lmc.web.ETags;
import org.lmc.web.Idempotent;
import org.lmc.web.Page;
import org.lmc.web.Problem;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Funders and grants")
@SecurityRequirement(name = "SecurityScheme")
public class GrantResource {
    private final Grants grants;
    private final Ledger ledger;
    private final Reports reports;
    private final Caller caller;
    private final FundingConfig config;

    GrantResource(Grants grants, Ledger ledger, Reports reports, Caller caller, FundingConfig config) {
        this.grants = grants;
        this.ledger = ledger;
        this.reports = reports;
        this.caller = caller;
        this.config = config;
    }

    @POST
    @Path("/funders")
    @Idempotent
    @RolesAllowed(Caller.ADMIN)
    @Operation(summary = "Register a funder (a foundation or the Department), by its slug")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = FundingViews.FunderView.class)))
    @APIResponse(responseCode = "409", description = "A funder with this id exists",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response createFunder(@NotNull @Valid FundingRequests.NewFunder request, UriInfo uri) {
        GrantRepository.Funder f = grants.createFunder(request.id(), request.name(), caller.subject());
        return Response.created(uri.getBaseUriBuilder().path("api/v1/funders").build()).entity(new FundingViews.FunderView(f.id(), f.name()))
                .build();
    }

    @GET
    @Path("/funders")
    @RolesAllowed({Caller.ADMIN, Caller.AGENCY, Caller.FUNDER, Caller.AUDITOR})
    @Operation(summary = "Every funder (their names are public record)")
    public List<FundingViews.FunderView> funders() {
        return grants.funders().stream().map(f -> new FundingViews.FunderView(f.id(), f.name())).toList();
    }

    @POST
    @Path("/grants")
    @Idempotent
    @RolesAllowed(Caller.ADMIN)
    @Operation(summary = "Create a grant of one kind for a convening; its budget is booked as available")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = FundingViews.GrantView.class)))
    @APIResponse(responseCode = "422", description = "Unknown funder, a category of the other kind, traveller fields on an event-cost grant",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response createGrant(@NotNull @Valid FundingRequests.NewGrant request, UriInfo uri) {
        Grant g = grants.create(request.funderId(), request.conveningId(), request.kind(), request.terms().terms(), caller.subject());
        return Response.created(uri.getBaseUriBuilder().path("api/v1/grants/{id}").build(g.id()))
                .entity(FundingViews.GrantView.of(g, grants.balances(g.id()))).header(HttpHeaders.ETAG, ETags.of(g.version())).build();
    }

    @GET
    @Path("/grants")
    @RolesAllowed({Caller.ADMIN, Caller.FUNDER, Caller.AUDITOR})
    @Operation(summary = "Grants in draw order, optionally of one convening; a funder sees its own only")
    public List<FundingViews.GrantView> list(@QueryParam("convening") UUID convening) {
        return grants.list(convening, caller).stream().map(g -> FundingViews.GrantView.of(g, null)).toList();
    }

    @GET
    @Path("/grants/{grant}")
    @RolesAllowed({Caller.ADMIN, Caller.FUNDER, Caller.AUDITOR})
    @Operation(summary = "A grant with its balances; its ETag is the version to send in If-Match when revising it")
    @APIResponse(responseCode = "200", description = "The grant", content = @Content(schema = @Schema(implementation = FundingViews.GrantView.class)))
    @APIResponse(responseCode = "404", description = "No such grant, or another funder's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response grant(@PathParam("grant") UUID grantId) {
        Grant g = grants.visible(grantId, caller);
        return Response.ok(FundingViews.GrantView.of(g, grants.balances(g.id()))).header(HttpHeaders.ETAG, ETags.of(g.version())).build();
    }

    @PUT
    @Path("/grants/{grant}")
    @RolesAllowed(Caller.ADMIN)
    @Operation(summary = "Revise a grant's terms (If-Match). Once money moved only the title and draw order may change.")
    @APIResponse(responseCode = "200", description = "Revised", content = @Content(schema = @Schema(implementation = FundingViews.GrantView.class)))
    @APIResponse(responseCode = "404", description = "No such grant",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Money already moved: the money terms are fixed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "412", description = "Stale If-Match",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "A rule of the grant's kind is broken",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "428", description = "If-Match missing",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response revise(@PathParam("grant") UUID grantId, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull @Valid FundingRequests.GrantTerms request) {
        Grant g = grants.revise(grantId, request.terms(), ifMatch, caller.subject());
        return Response.ok(FundingViews.GrantView.of(g, grants.balances(g.id()))).header(HttpHeaders.ETAG, ETags.of(g.version())).build();
    }

    @GET
    @Path("/grants/{grant}/ledger")
    @RolesAllowed({Caller.ADMIN, Caller.FUNDER, Caller.AUDITOR})
    @Operation(summary = "The grant's journal, oldest first: each entry's lines and what it traces to (team, person, category,"
            + " receipt, submitter, approver); optionally only one category's, one team's, or between two days (UTC, both"
            + " included). Cursor-paginated: pass `next` back as ?after= with the same filters.")
    @APIResponse(responseCode = "200", description = "A page of entries", content = @Content(schema = @Schema(implementation = FundingViews.LedgerPage.class)))
    @APIResponse(responseCode = "404", description = "No such grant, or another funder's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Page<Ledger.TracedEntry> ledger(@PathParam("grant") UUID grantId, @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit,
            @QueryParam("after") String after, @QueryParam("category") Category category, @QueryParam("team") UUID team,
            @QueryParam("from") @Parameter(description = "first day, ISO-8601 (UTC)", example = "2011-02-15") String from,
            @QueryParam("until") @Parameter(description = "last day, ISO-8601 (UTC), included", example = "2011-02-18") String until) {
        grants.visible(grantId, caller);
        Cursor cursor = after == null ? null : Cursor.decode(after, "after");
        return Page.of(ledger.page(grantId, Ledger.Filter.of(category, team, Ledger.Filter.day(from, "from"),
                Ledger.Filter.day(until, "until")), cursor, limit + 1), limit, e -> e,
                e -> new Cursor(e.recordedAt(), e.id()));
    }

    @GET
    @Path("/grants/{grant}/ledger.csv")
    @Produces("text/csv")
    @RolesAllowed({Caller.ADMIN, Caller.FUNDER, Caller.AUDITOR})
    @Operation(summary = "Every journal line of the grant as CSV, streamed from a database cursor (any size)")
    @APIResponse(responseCode = "200", description = "CSV, one line per journal line", content = @Content(mediaType = "text/csv"))
    @APIResponse(responseCode = "404", description = "No such grant, or another funder's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response ledgerCsv(@PathParam("grant") UUID grantId) {
        grants.visible(grantId, caller);
        return LedgerExport.csv(ledger, grantId, config.exportFetchSize());
    }

    @GET
    @Path("/grants/{grant}/reconciliation")
    @RolesAllowed({Caller.ADMIN, Caller.FUNDER, Caller.AUDITOR})
    @Operation(summary = "The grant's books checked: budget = available + reserved + payable + paid, every entry balanced, balances"
            + " equal to their lines, paid equal to payments and to the public totals, payable equal to approved and unpaid")
    @APIResponse(responseCode = "200", description = "Each check with what was found",
            content = @Content(schema = @Schema(implementation = Reports.Reconciliation.class)))
    @APIResponse(responseCode = "404", description = "No such grant, or another funder's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Reports.Reconciliation reconciliation(@PathParam("grant") UUID grantId) {
        return reports.reconcile(grants.visible(grantId, caller));
    }

}
