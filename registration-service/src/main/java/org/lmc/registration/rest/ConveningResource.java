package org.lmc.registration.rest;

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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lmc.registration.domain.Convening;
import org.lmc.registration.service.Convenings;
import org.lmc.web.Caller;
import org.lmc.web.Cursor;
import org.lmc.web.Idempotent;
import org.lmc.web.Page;
import org.lmc.web.Problem;

// The same root as TeamResource: a deeper root path would capture /convenings/{c}/teams and not hand it on.
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Convenings")
@SecurityRequirement(name = "SecurityScheme")
public class ConveningResource {
    private final Convenings convenings;
    private final Caller caller;

    ConveningResource(Convenings convenings, Caller caller) {
        this.convenings = convenings;
        this.caller = caller;
    }

    @POST
    @Path("/convenings")
    @Idempotent
    @RolesAllowed(Caller.ADMIN)
    @Operation(summary = "Create a convening: dates, capacity in teams, registration window, team kinds and role slots")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = ConveningView.class)))
    @APIResponse(responseCode = "422", description = "The definition contradicts itself (dates, window, role slots, sizes)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response create(@NotNull @Valid ConveningRequests.CreateConvening request, UriInfo uri) {
        Convening convening = convenings.create(request.definition(), caller.subject());
        return Response.created(uri.getBaseUriBuilder().path("api/v1/convenings/{id}").build(convening.id()))
                .entity(ConveningView.of(new Convenings.WithOccupancy(convening, 0, 0))).build();
    }

    @GET
    @Path("/convenings")
    @RolesAllowed({Caller.ADMIN, Caller.AGENCY, Caller.DISTRICT, Caller.FUNDER, Caller.AUDITOR})
    @Operation(summary = "The convenings, earliest first. Cursor-paginated: pass `next` back as ?after=.")
    @APIResponse(responseCode = "200", description = "A page of convenings",
            content = @Content(schema = @Schema(implementation = ConveningView.PageSchema.class)))
    public Page<ConveningView> list(@QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit,
            @QueryParam("after") String after) {
        Cursor cursor = after == null ? null : Cursor.decode(after, "after");
        return Page.of(convenings.page(cursor, limit + 1), limit, ConveningView::of, found -> Convenings.cursorOf(found.convening()));
    }

    @GET
    @Path("/convenings/{convening}")
    @RolesAllowed({Caller.ADMIN, Caller.AGENCY, Caller.DISTRICT, Caller.FUNDER, Caller.AUDITOR})
    @Operation(summary = "One convening")
    @APIResponse(responseCode = "404", description = "No such convening",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ConveningView convening(@PathParam("convening") UUID id) {
        return ConveningView.of(convenings.find(id));
    }
}
