package org.lmc.plan.rest;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lmc.plan.domain.Plan;
import org.lmc.plan.domain.PlanVersion;
import org.lmc.plan.repository.PlanRepository;
import org.lmc.plan.service.PlanAuthoring;
import org.lmc.plan.service.PlanEndorsement;
import org.lmc.plan.service.PlanProgress;
import org.lmc.plan.service.PlanQueries;
import org.lmc.web.Caller;
import org.lmc.web.ChangeFeed;
import org.lmc.web.Cursor;
import org.lmc.web.ETags;
import org.lmc.web.Idempotent;
import org.lmc.web.Page;
import org.lmc.web.Problem;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Plans")
@SecurityRequirement(name = "SecurityScheme")
public class PlanResource {
    private final PlanAuthoring authoring;
    private final PlanEndorsement endorsement;
    private final PlanProgress progress;
    private final PlanQueries queries;
    private final Caller caller;

    PlanResource(PlanAuthoring authoring, PlanEndorsement endorsement, PlanProgress progress, PlanQueries queries, Caller caller) {
        this.authoring = authoring;
        this.endorsement = endorsement;
        this.progress = progress;
        this.queries = queries;
        this.caller = caller;
    }

    @GET
    @Path("/plans")
    @RolesAllowed({Caller.ADMIN, Caller.AGENCY, Caller.DISTRICT})
    @Operation(summary = "Plans in opening order, by convening and team; a district user sees its own organisation's only."
            + " Cursor-paginated: pass `next` back as ?after=.")
    @APIResponse(responseCode = "200", description = "A page of plans (without drafts)",
            content = @Content(schema = @Schema(implementation = PlanViews.PlanPageSchema.class)))
    public Page<PlanViews.PlanView> plans(@QueryParam("convening") UUID convening, @QueryParam("team") UUID team,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit, @QueryParam("after") String after) {
        Cursor cursor = after == null ? null : Cursor.decode(after, "after");
        var found = queries.list(new PlanRepository.PlanFilter(convening, team, caller.readsOnlyOrganisation().orElse(null)), cursor, limit + 1);
        return Page.of(found, limit, p -> PlanViews.PlanView.of(p, false), p -> new Cursor(p.openedAt(), p.id()));
    }

    @GET
    @Path("/plans/changes")
    @RolesAllowed({Caller.ADMIN, Caller.AGENCY, Caller.DISTRICT})
    @Operation(summary = "Plans changed since a token, oldest change first, each in its current state, for agencies that sync."
            + " Start without `since`, then send the `next` of the last answer. A change is listed once every older transaction"
            + " has ended, so a token never skips a late commit. A district user sees its own organisation's plan only.")
    @APIResponse(responseCode = "200", description = "The changes and the token to send next",
            content = @Content(schema = @Schema(implementation = PlanViews.PlanChangesSchema.class)))
    public ChangeFeed.Changes<PlanViews.PlanView> changes(@QueryParam("since") String since,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit) {
        ChangeFeed.Token token = ChangeFeed.Token.decode(since, "since");
        return ChangeFeed.of(queries.changes(caller.readsOnlyOrganisation().orElse(null), token, limit + 1), limit, token,
                change -> PlanViews.PlanView.of(change.plan(), false), PlanRepository.Change::token);
    }

    @GET
    @Path("/plans/{plan}")
    @RolesAllowed({Caller.ADMIN, Caller.AGENCY, Caller.DISTRICT})
    @Operation(summary = "A plan with its draft; the ETag is the draft's revision, to send as If-Match when saving the draft")
    @APIResponse(responseCode = "200", description = "The plan", content = @Content(schema = @Schema(implementation = PlanViews.PlanView.class)))
    @APIResponse(responseCode = "404", description = "No such plan, or another organisation's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response plan(@PathParam("plan") UUID planId) {
        return withDraft(authoring.find(planId, caller));
    }

    @PUT
    @Path("/plans/{plan}/draft")
    @RolesAllowed({Caller.ADMIN, Caller.DISTRICT})
    @Operation(summary = "Replace the draft (the whole District Action Plan content), checked strictly: every fault is listed"
            + " with its path. Send the plan's ETag in If-Match.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = PlanRequests.Content.class)))
    @APIResponse(responseCode = "200", description = "The plan with the saved draft and its new ETag",
            content = @Content(schema = @Schema(implementation = PlanViews.PlanView.class)))
    @APIResponse(responseCode = "404", description = "No such plan, or another organisation's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The plan is closed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "412", description = "The draft changed since its ETag was read",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "428", description = "No If-Match header",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response saveDraft(@PathParam("plan") UUID planId, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, JsonNode body) {
        JsonNode content = authoring.checked(body);
        return withDraft(authoring.saveDraft(planId, ifMatch, content, caller));
    }

    @POST
    @Path("/plans/{plan}/versions")
    @Idempotent
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Caller.ADMIN, Caller.DISTRICT})
    @Operation(summary = "Freeze the draft as the next numbered version, immutable, awaiting joint sign-off")
    @APIResponse(responseCode = "201", description = "The new version",
            content = @Content(schema = @Schema(implementation = PlanViews.VersionView.class)))
    @APIResponse(responseCode = "404", description = "No such plan, or another organisation's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The plan is closed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The draft is incomplete: no principle, or a principle without a goal",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response submit(@PathParam("plan") UUID planId, UriInfo uri) {
        PlanVersion version = authoring.submit(planId, caller);
        return Response.created(uri.getBaseUriBuilder().path("api/v1/plans/{p}/versions/{n}").build(planId, version.number()))
                .entity(PlanViews.VersionView.of(version, java.util.List.of(), authoring.find(planId, caller).organisation().kind())).build();
    }

    @GET
    @Path("/plans/{plan}/versions/{number}")
    @RolesAllowed({Caller.ADMIN, Caller.AGENCY, Caller.DISTRICT})
    @Operation(summary = "A frozen version with its signatures and the roles still awaited")
    @APIResponse(responseCode = "200", description = "The version", content = @Content(schema = @Schema(implementation = PlanViews.VersionView.class)))
    @APIResponse(responseCode = "404", description = "No such plan or version, or another organisation's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PlanViews.VersionView version(@PathParam("plan") UUID planId, @PathParam("number") int number) {
        PlanVersion version = authoring.version(planId, number, caller);
        return PlanViews.VersionView.of(version, endorsement.signatures(planId, number), authoring.find(planId, caller).organisation().kind());
    }

    @GET
    @Path("/plans/{plan}/versions/{from}/diff/{to}")
    @RolesAllowed({Caller.ADMIN, Caller.AGENCY, Caller.DISTRICT})
    @Operation(summary = "What changed from one version to another, by path: measures and milestones matched by id, principles by"
            + " number")
    @APIResponse(responseCode = "200", description = "The changes", content = @Content(schema = @Schema(implementation = PlanViews.DiffView.class)))
    @APIResponse(responseCode = "404", description = "No such plan or version, or another organisation's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PlanViews.DiffView diff(@PathParam("plan") UUID planId, @PathParam("from") int from, @PathParam("to") int to) {
        return new PlanViews.DiffView(from, to, authoring.diff(planId, from, to, caller).stream().map(PlanViews.ChangeView::of).toList());
    }

    @POST
    @Path("/plans/{plan}/versions/{number}/signatures")
    @Idempotent
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Caller.DISTRICT)
    @Operation(summary = "Sign the latest version as the team member whose verified email the token carries (superintendent or"
            + " chief state school officer, union leader, or board president as co-signer). Management and labor both signing"
            + " endorses it; the board president never stands in for either.")
    @APIResponse(responseCode = "201", description = "The version with its signatures; awaitedRoles empty once endorsed",
            content = @Content(schema = @Schema(implementation = PlanViews.VersionView.class)))
    @APIResponse(responseCode = "403", description = "No verified email, not a member of the team, a role that does not sign, or"
            + " a seat bound to another account", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such plan or version, or another organisation's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Already signed in this role, a superseded version, or a closed plan",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response sign(@PathParam("plan") UUID planId, @PathParam("number") int number) {
        PlanEndorsement.Signed signed = endorsement.sign(planId, number, caller);
        return Response.status(Response.Status.CREATED).entity(PlanViews.VersionView.of(signed.version(), signed.signatures(),
                authoring.find(planId, caller).organisation().kind())).build();
    }

    @POST
    @Path("/plans/{plan}/publication")
    @RolesAllowed({Caller.ADMIN, Caller.DISTRICT})
    @Operation(summary = "Publish an endorsed version: it becomes the team's plan in the public database")
    @APIResponse(responseCode = "200", description = "The published version",
            content = @Content(schema = @Schema(implementation = PlanViews.VersionView.class)))
    @APIResponse(responseCode = "404", description = "No such plan, or another organisation's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "This or a later version is already published, or the plan is closed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "No such version, or it is not endorsed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PlanViews.VersionView publish(@PathParam("plan") UUID planId, @NotNull @Valid PlanRequests.Publication request) {
        PlanVersion version = endorsement.publish(planId, request.version(), caller);
        return PlanViews.VersionView.of(version, endorsement.signatures(planId, version.number()),
                authoring.find(planId, caller).organisation().kind());
    }

    @POST
    @Path("/plans/{plan}/measures/{measure}/values")
    @Idempotent
    @RolesAllowed({Caller.ADMIN, Caller.DISTRICT})
    @Operation(summary = "Report a value of a measure of the published plan; the history is kept and public")
    @APIResponse(responseCode = "201", description = "The value as recorded",
            content = @Content(schema = @Schema(implementation = PlanViews.ValueView.class)))
    @APIResponse(responseCode = "404", description = "No such plan or measure in the published version, or another organisation's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The plan is not published, or closed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "observedOn is after today",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response reportValue(@PathParam("plan") UUID planId, @PathParam("measure") UUID measureId,
            @NotNull @Valid PlanRequests.MeasureValue request) {
        PlanProgress.Reported reported = progress.reportValue(planId, measureId, request.value(), request.observedOn(), caller);
        return Response.status(Response.Status.CREATED).entity(PlanViews.ValueView.of(reported)).build();
    }

    @POST
    @Path("/plans/{plan}/milestones/{milestone}/completion")
    @RolesAllowed({Caller.ADMIN, Caller.DISTRICT})
    @Operation(summary = "Record that a milestone of the published plan is done")
    @APIResponse(responseCode = "200", description = "The completed milestone",
            content = @Content(schema = @Schema(implementation = PlanViews.CompletionView.class)))
    @APIResponse(responseCode = "404", description = "No such plan or milestone in the published version, or another organisation's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Already completed, the plan is not published, or closed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "completedOn is after today",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PlanViews.CompletionView complete(@PathParam("plan") UUID planId, @PathParam("milestone") UUID milestoneId,
            @NotNull @Valid PlanRequests.Completion request) {
        return PlanViews.CompletionView.of(progress.completeMilestone(planId, milestoneId, request.completedOn(), caller));
    }

    private static Response withDraft(Plan plan) {
        return Response.ok(PlanViews.PlanView.of(plan, true)).header(HttpHeaders.ETAG, ETags.of(plan.draftRevision())).build();
    }
}
