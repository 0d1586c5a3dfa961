package org.lmc.funding.rest;

import jakarta.annotation.security.RolesAllowed;
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
    @Idempotent
    @RolesAllowed({Caller.ADMIN, Caller.FUNDER})
    @Operation(summary = "Pay an approved claim or invoice, once: by admin or by the grant's funder. Send an Idempotency-Key.")
    @APIResponse(responseCode = "201", description = "Paid", content = @Content(schema = @Schema(implementation = Payments.Payment.class)))
    @APIResponse(responseCode = "409", description = "Already paid, or not approved",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "No such claim or invoice (or not on the caller's grants)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
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
}
