package org.lmc.registration.rest;

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
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lmc.registration.domain.Organisation;
import org.lmc.registration.domain.OrganisationKind;
import org.lmc.registration.domain.Team;
import org.lmc.registration.service.TeamRegistrations;
import org.lmc.web.Caller;
import org.lmc.web.Problem;
import org.lmc.web.ProblemException;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Teams")
@SecurityRequirement(name = "SecurityScheme")
public class TeamResource {
    private final TeamRegistrations registrations;
    private final Caller caller;

    TeamResource(TeamRegistrations registrations, Caller caller) {
        this.registrations = registrations;
        this.caller = caller;
    }

    @POST
    @Path("/convenings/{convening}/teams")
    @RolesAllowed({Caller.ADMIN, Caller.AGENCY, Caller.DISTRICT})
    @Operation(summary = "Register a whole team (organisation and members) for a convening")
    @APIResponse(responseCode = "201", description = "Registered, awaiting commitments",
            content = @Content(schema = @Schema(implementation = TeamView.class)))
    @APIResponse(responseCode = "409", description = "The organisation already has a team for this convening",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "A registration rule is broken",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response register(@PathParam("convening") UUID convening, @NotNull @Valid TeamRequests.RegisterTeam request, UriInfo uri) {
        Organisation organisation = organisationOf(request.organisation());
        if (!caller.mayActFor(organisation.orgId())) {
            throw ProblemException.forbidden("a district user registers only its own organisation ("
                    + caller.orgId().orElse("none") + ")");
        }
        Team team = registrations.register(convening, organisation, request.members().stream()
                .map(m -> new Team.NewMember(m.name(), m.email(), m.role())).toList(), caller.subject());
        return Response.created(uri.getBaseUriBuilder().path("api/v1/teams/{id}").build(team.id())).entity(TeamView.of(team)).build();
    }

    @GET
    @Path("/teams/{team}")
    @RolesAllowed({Caller.ADMIN, Caller.AGENCY, Caller.DISTRICT, Caller.FUNDER, Caller.AUDITOR})
    @Operation(summary = "A team with its members")
    public TeamView team(@PathParam("team") UUID teamId) {
        Team team = registrations.find(teamId);
        if (caller.is(Caller.DISTRICT) && !caller.isStaff() && !caller.mayActFor(team.organisation().orgId())) {
            throw ProblemException.notFound("team", teamId);
        }
        return TeamView.of(team);
    }

    private static Organisation organisationOf(TeamRequests.OrganisationBody body) {
        if (body.kind() == OrganisationKind.DISTRICT) {
            if (body.ncesLeaId() == null) {
                throw ProblemException.invalid("organisation.ncesLeaId", "a district team needs its NCES LEA id");
            }
            return Organisation.district(body.ncesLeaId(), body.name().strip(), body.state());
        }
        if (body.ncesLeaId() != null) {
            throw ProblemException.invalid("organisation.ncesLeaId", "a state team has no NCES LEA id");
        }
        return Organisation.state(body.state(), body.name().strip());
    }
}
