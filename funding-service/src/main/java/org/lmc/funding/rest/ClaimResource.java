package org.lmc.funding.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lmc.funding.domain.Expense;
import org.lmc.funding.service.Expenses;
import org.lmc.web.Caller;
import org.lmc.web.Cursor;
import org.lmc.web.Idempotent;
import org.lmc.web.Page;
import org.lmc.web.Problem;
import org.lmc.web.ProblemException;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Entitlements and claims")
@SecurityRequirement(name = "SecurityScheme")
public class ClaimResource {
    private final Expenses expenses;
    private final Caller caller;

    ClaimResource(Expenses expenses, Caller caller) {
        this.expenses = expenses;
        this.caller = caller;
    }

    @GET
    @Path("/entitlements")
    @RolesAllowed({Caller.ADMIN, Caller.AGENCY, Caller.DISTRICT, Caller.FUNDER, Caller.AUDITOR})
    @Operation(summary = "A team's travel entitlements; a district user reads its own team's, a funder those on its grants")
    @APIResponse(responseCode = "200", description = "The entitlements",
            content = @Content(schema = @Schema(implementation = FundingViews.EntitlementView.class, type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY)))
    @APIResponse(responseCode = "404", description = "No such team, or another organisation's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<FundingViews.EntitlementView> entitlements(@QueryParam("team") UUID team) {
        if (team == null) {
            throw ProblemException.invalid("team", "is required");
        }
        return expenses.entitlementsOf(team, caller).stream().map(FundingViews.EntitlementView::of).toList();
    }

    @POST
    @Path("/claims")
    @Idempotent
    @RolesAllowed({Caller.ADMIN, Caller.AGENCY, Caller.DISTRICT})
    @Operation(summary = "A traveller's claim in one category with its receipt: by the traveller (district user whose verified"
            + " token email is the member's) or by staff on their behalf")
    @APIResponse(responseCode = "201", description = "Submitted", content = @Content(schema = @Schema(implementation = FundingViews.ClaimView.class)))
    @APIResponse(responseCode = "404", description = "No such team or member, or another organisation's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "No funded entitlement, a category the grant does not pay, another currency",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response submit(@NotNull @Valid FundingRequests.NewClaim r, UriInfo uri) {
        Expense claim = expenses.submitClaim(new Expenses.NewClaim(r.teamId(), r.memberId(), r.category(), r.amountCents(), r.currency(),
                r.dutyStatus(), r.receipt().toDomain()), caller);
        return Response.created(uri.getBaseUriBuilder().path("api/v1/claims/{id}").build(claim.id())).entity(FundingViews.ClaimView.of(claim))
                .build();
    }

    @GET
    @Path("/claims")
    @RolesAllowed({Caller.ADMIN, Caller.AGENCY, Caller.DISTRICT, Caller.FUNDER, Caller.AUDITOR})
    @Operation(summary = "A team's claims, oldest first (cursor pages); a district user reads its own team's, a funder those on its grants")
    @APIResponse(responseCode = "200", description = "A page of claims", content = @Content(schema = @Schema(implementation = FundingViews.ClaimPage.class)))
    @APIResponse(responseCode = "404", description = "No such team, or another organisation's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Page<FundingViews.ClaimView> claims(@QueryParam("team") UUID team, @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit,
            @QueryParam("after") String after) {
        if (team == null) {
            throw ProblemException.invalid("team", "is required");
        }
        Cursor cursor = after == null ? null : Cursor.decode(after, "after");
        return Page.of(expenses.claimsOfTeam(team, caller, cursor, limit + 1), limit, FundingViews.ClaimView::of,
                c -> new Cursor(c.submittedAt(), c.id()));
    }

    @GET
    @Path("/claims/{claim}")
    @RolesAllowed({Caller.ADMIN, Caller.AGENCY, Caller.DISTRICT, Caller.FUNDER, Caller.AUDITOR})
    @Operation(summary = "One claim")
    @APIResponse(responseCode = "200", description = "The claim", content = @Content(schema = @Schema(implementation = FundingViews.ClaimView.class)))
    @APIResponse(responseCode = "404", description = "No such claim, or not the caller's to see",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public FundingViews.ClaimView claim(@PathParam("claim") UUID id) {
        return FundingViews.ClaimView.of(expenses.visibleClaim(id, caller));
    }

    @POST
    @Path("/claims/{claim}/approval")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Caller.FUNDER)
    @Operation(summary = "The grant's funder approves a claim (never its submitter); the amount becomes payable within the caps and budget")
    @APIResponse(responseCode = "200", description = "Approved", content = @Content(schema = @Schema(implementation = FundingViews.ClaimView.class)))
    @APIResponse(responseCode = "404", description = "No such claim, or on another funder's grant",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Already decided, or the grant cannot cover it",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Over a cap per traveller or per category",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public FundingViews.ClaimView approve(@PathParam("claim") UUID id) {
        return FundingViews.ClaimView.of(expenses.decide(true, id, true, null, caller));
    }

    @POST
    @Path("/claims/{claim}/rejection")
    @RolesAllowed(Caller.FUNDER)
    @Operation(summary = "The grant's funder rejects a claim, with the reason")
    @APIResponse(responseCode = "200", description = "Rejected", content = @Content(schema = @Schema(implementation = FundingViews.ClaimView.class)))
    @APIResponse(responseCode = "404", description = "No such claim, or on another funder's grant",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Already decided",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public FundingViews.ClaimView reject(@PathParam("claim") UUID id, @NotNull @Valid FundingRequests.Rejection r) {
        return FundingViews.ClaimView.of(expenses.decide(true, id, false, r.reason().strip(), caller));
    }

    @POST
    @Path("/invoices")
    @Idempotent
    @RolesAllowed(Caller.ADMIN)
    @Operation(summary = "Record a vendor invoice on a federal event-cost grant")
    @APIResponse(responseCode = "201", description = "Recorded", content = @Content(schema = @Schema(implementation = FundingViews.InvoiceView.class)))
    @APIResponse(responseCode = "422", description = "Unknown grant, a travel category, another currency",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response record(@NotNull @Valid FundingRequests.NewInvoice r, UriInfo uri) {
        Expense invoice = expenses.recordInvoice(new Expenses.NewInvoice(r.grantId(), r.vendor(), r.category(), r.amountCents(), r.currency(),
                r.receipt().toDomain()), caller);
        return Response.created(uri.getBaseUriBuilder().path("api/v1/invoices/{id}").build(invoice.id()))
                .entity(FundingViews.InvoiceView.of(invoice)).build();
    }

    @GET
    @Path("/invoices/{invoice}")
    @RolesAllowed({Caller.ADMIN, Caller.FUNDER, Caller.AUDITOR})
    @Operation(summary = "One invoice")
    @APIResponse(responseCode = "200", description = "The invoice", content = @Content(schema = @Schema(implementation = FundingViews.InvoiceView.class)))
    @APIResponse(responseCode = "404", description = "No such invoice, or on another funder's grant",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public FundingViews.InvoiceView invoice(@PathParam("invoice") UUID id) {
        return FundingViews.InvoiceView.of(expenses.visibleInvoice(id, caller));
    }

    @POST
    @Path("/invoices/{invoice}/approval")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Caller.ADMIN)
    @Operation(summary = "A second Department user (never who recorded it) approves an invoice within the caps and budget")
    @APIResponse(responseCode = "200", description = "Approved", content = @Content(schema = @Schema(implementation = FundingViews.InvoiceView.class)))
    @APIResponse(responseCode = "404", description = "No such invoice",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Already decided, or the grant cannot cover it",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Over the category's cap",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public FundingViews.InvoiceView approveInvoice(@PathParam("invoice") UUID id) {
        return FundingViews.InvoiceView.of(expenses.decide(false, id, true, null, caller));
    }

    @POST
    @Path("/invoices/{invoice}/rejection")
    @RolesAllowed(Caller.ADMIN)
    @Operation(summary = "A second Department user rejects an invoice, with the reason")
    @APIResponse(responseCode = "200", description = "Rejected", content = @Content(schema = @Schema(implementation = FundingViews.InvoiceView.class)))
    @APIResponse(responseCode = "404", description = "No such invoice",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Already decided",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public FundingViews.InvoiceView rejectInvoice(@PathParam("invoice") UUID id, @NotNull @Valid FundingRequests.Rejection r) {
        return FundingViews.InvoiceView.of(expenses.decide(false, id, false, r.reason().strip(), caller));
    }
}
