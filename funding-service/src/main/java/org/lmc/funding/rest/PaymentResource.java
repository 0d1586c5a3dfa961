package org.lmc.funding.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.lmc.funding.domain.AuditRecord;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lmc.funding.repository.AuditTrail;
import org.lmc.funding.service.Payments;
import org.lmc.web.Caller;
import org.lmc.web.Idempotent;
import org.lmc.web.Problem;
import org.lmc.web.ProblemException;
import org.lmc.web.Queued;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Payments and audit")
@SecurityRequirement(name = "SecurityScheme")
public class PaymentResource {
    private final Payments payments;
    private final AuditTrail audit;
    private final Caller caller;

    PaymentResource(Payments payments, AuditTrail audit, Caller caller) {
        this.payments = payments;
        this.audit = audit;
        this.caller = caller;
    }

    @POST
    @Path("/payments")
    @Queued
    @Idempotent
    @RolesAllowed({Caller.ADMIN, Caller.FUNDER})
    @Operation(summary = "Pay an approved claim or invoice, once: by admin or by the grant's funder. Send an Idempotency-Key.")
    @APIResponse(responseCode = "201", description = "Paid", content = @Content(schema = @Schema(implementation = Payments.Payment.class)))
    @APIResponse(responseCode = "409", description = "Already paid, or not approved",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "No such claim or invoice (or not on the caller's grants)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Too many payments waiting in this instance; nothing was paid, retry after"
            + " Retry-After", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response pay(@NotNull @Valid FundingRequests.NewPayment r, UriInfo uri) {
        if ((r.claimId() == null) == (r.invoiceId() == null)) {
            throw ProblemException.invalid(r.claimId() == null ? "claimId" : "invoiceId", "name exactly one of claimId and invoiceId");
        }
        Payments.Payment p = r.claimId() != null ? payments.pay(true, r.claimId(), caller) : payments.pay(false, r.invoiceId(), caller);
        return Response.created(uri.getBaseUriBuilder().path("api/v1/payments/{id}").build(p.id())).entity(p).build();
    }

    @GET
    @Path("/audit/verification")
    @RolesAllowed({Caller.ADMIN, Caller.AUDITOR})
    @Operation(summary = "Walks the hash-chained audit trail and reports the first row that breaks it, if any")
    @APIResponse(responseCode = "200", description = "Intact, or the first broken row and why",
            content = @Content(schema = @Schema(implementation = AuditTrail.Verification.class)))
    public AuditTrail.Verification verify() {
        return audit.verify();
    }

    @GET
    @Path("/audit/records")
    @RolesAllowed({Caller.ADMIN, Caller.AUDITOR})
    @Operation(summary = "Who did what and when: the privileged actions of the audit trail (grants, claims, invoices, approvals,"
            + " rejections, payments, entitlements), filtered by actor, action, subject and time, in chain order (pages by seq)")
    @APIResponse(responseCode = "200", description = "A page of audit records",
            content = @Content(schema = @Schema(implementation = FundingViews.AuditPage.class)))
    public FundingViews.AuditPage records(@QueryParam("actor") @Size(max = 200) String actor,
            @QueryParam("action") @Pattern(regexp = "[A-Z_]{1,60}", message = "must be an action name such as PAYMENT_MADE") String action,
            @QueryParam("subjectType") @Pattern(regexp = "[a-z_]{1,40}", message = "must be a subject type such as payment") String subjectType,
            @QueryParam("subjectId") @Size(max = 200) String subjectId,
            @QueryParam("from") @Parameter(description = "inclusive, an ISO-8601 instant") String from,
            @QueryParam("until") @Parameter(description = "exclusive, an ISO-8601 instant") String until,
            @QueryParam("after") @Min(0) Long after,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        if (subjectId != null && subjectType == null) {
            throw ProblemException.invalid("subjectType", "is required with subjectId");
        }
        AuditTrail.Query query = new AuditTrail.Query(blankToNull(actor), action, subjectType, blankToNull(subjectId),
                instant(from, "from"), instant(until, "until"), after);
        List<AuditRecord> rows = audit.find(query, limit + 1);
        boolean more = rows.size() > limit;
        List<AuditRecord> page = more ? rows.subList(0, limit) : rows;
        return new FundingViews.AuditPage(page.stream().map(FundingViews.AuditEntry::of).toList(),
                more ? Long.toString(page.get(page.size() - 1).seq()) : null);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static Instant instant(String value, String parameter) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(parameter, "must be an ISO-8601 instant such as 2011-05-01T00:00:00Z");
        }
    }
}
