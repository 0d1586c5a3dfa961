package org.lmc.plan.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lmc.plan.domain.AssistanceRequest;
import org.lmc.plan.service.Assistance;
import org.lmc.web.Caller;
import org.lmc.web.Idempotent;
import org.lmc.web.Problem;

/** Mediation support requests: a team asks; Department staff (admin) assign and close. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Assistance")
@SecurityRequirement(name = "SecurityScheme")
public class AssistanceResource {
    private final Assistance assistance;
    private final Caller caller;

    AssistanceResource(Assistance assistance, Caller caller) {
        this.assistance = assistance;
        this.caller = caller;
    }

    @POST
    @Path("/plans/{plan}/assistance-requests")
    @Idempotent
    @RolesAllowed({Caller.ADMIN, Caller.DISTRICT})
    @Operation(summary = "Ask for mediation support (the Federal Mediation and Conciliation Service's offer)")
    @APIResponse(responseCode = "201", description = "The request", content = @Content(schema = @Schema(implementation = PlanViews.AssistanceView.class)))
    @APIResponse(responseCode = "404", description = "No such plan, or another organisation's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The plan is closed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response ask(@PathParam("plan") UUID planId, @NotNull @Valid PlanRequests.AssistanceAsk request, UriInfo uri) {
        AssistanceRequest asked = assistance.ask(planId, request.topic().strip(), request.details().strip(), caller);
        return Response.created(uri.getBaseUriBuilder().path("api/v1/plans/{p}/assistance-requests").build(planId))
                .entity(PlanViews.AssistanceView.of(asked)).build();
    }

    @GET
    @Path("/plans/{plan}/assistance-requests")
    @RolesAllowed({Caller.ADMIN, Caller.AGENCY, Caller.DISTRICT})
    @Operation(summary = "A plan's assistance requests, oldest first")
    @APIResponse(responseCode = "200", description = "The requests",
            content = @Content(schema = @Schema(implementation = PlanViews.AssistanceView.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "404", description = "No such plan, or another organisation's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<PlanViews.AssistanceView> ofPlan(@PathParam("plan") UUID planId) {
        return assistance.ofPlan(planId, caller).stream().map(PlanViews.AssistanceView::of).toList();
    }

    @POST
    @Path("/assistance-requests/{assistanceRequest}/assignment")
    @RolesAllowed(Caller.ADMIN)
    @Operation(summary = "Assign (or reassign) someone to an open request")
    @APIResponse(responseCode = "200", description = "The request", content = @Content(schema = @Schema(implementation = PlanViews.AssistanceView.class)))
    @APIResponse(responseCode = "404", description = "No such request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The request is closed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PlanViews.AssistanceView assign(@PathParam("assistanceRequest") UUID requestId, @NotNull @Valid PlanRequests.Assignment request) {
        return PlanViews.AssistanceView.of(assistance.assign(requestId, request.assignee().strip(), caller));
    }

    @POST
    @Path("/assistance-requests/{assistanceRequest}/closure")
    @RolesAllowed(Caller.ADMIN)
    @Operation(summary = "Close a request with its resolution")
    @APIResponse(responseCode = "200", description = "The closed request",
            content = @Content(schema = @Schema(implementation = PlanViews.AssistanceView.class)))
    @APIResponse(responseCode = "404", description = "No such request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The request is already closed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PlanViews.AssistanceView close(@PathParam("assistanceRequest") UUID requestId, @NotNull @Valid PlanRequests.Closure request) {
        return PlanViews.AssistanceView.of(assistance.close(requestId, request.resolution().strip(), caller));
    }
}
