package org.lmc.registration.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
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
import org.lmc.registration.domain.TeamStatus;
import org.lmc.registration.repository.TeamRepository;
import org.lmc.registration.service.TeamMembers;
import org.lmc.registration.service.TeamPlaces;
import org.lmc.registration.service.TeamRegistrations;
import org.lmc.web.Caller;
import org.lmc.web.ChangeFeed;
import org.lmc.web.Cursor;
import org.lmc.web.ETags;
import org.lmc.web.Idempotent;
import org.lmc.web.Queued;
import org.lmc.web.Page;
import org.lmc.web.Problem;
import org.lmc.web.ProblemException;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Teams")
@SecurityRequirement(name = "SecurityScheme")
public class TeamResource {
    private final TeamRegistrations registrations;
    private final TeamPlaces places;
    private final TeamMembers members;
    private final Caller caller;

    TeamResource(TeamRegistrations registrations, TeamPlaces places, TeamMembers members, Caller caller) {
        this.registrations = registrations;
        this.places = places;
        this.members = members;
        this.caller = caller;
    }

    @POST
    @Path("/convenings/{convening}/teams")
    @Queued(concurrency = 4)
    @Idempotent
    @RolesAllowed({Caller.ADMIN, Caller.AGENCY, Caller.DISTRICT})
    @Operation(summary = "Register a whole team (organisation and members) for a convening")
    @APIResponse(responseCode = "201", description = "Registered, awaiting commitments",
            content = @Content(schema = @Schema(implementation = TeamView.class)))
    @APIResponse(responseCode = "404", description = "No such convening",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The organisation already has a team for this convening",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "A registration rule is broken: window, team kind, role slots, size",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Too many registrations waiting in this instance; nothing was registered,"
            + " retry after Retry-After", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response register(@PathParam("convening") UUID convening, @NotNull @Valid TeamRequests.RegisterTeam request, UriInfo uri) {
        Organisation organisation = organisationOf(request.organisation());
        if (!caller.mayActFor(organisation.orgId())) {
            throw ProblemException.forbidden("a district user registers only its own organisation ("
                    + caller.orgId().orElse("none") + ")");
        }
        Team team = registrations.register(convening, organisation, request.members().stream()
                .map(m -> new Team.NewMember(m.name(), m.email(), m.role())).toList(), caller.subject());
        return Response.created(uri.getBaseUriBuilder().path("api/v1/teams/{id}").build(team.id())).entity(TeamView.of(team, null, caller))
                .header(HttpHeaders.ETAG, ETags.of(team.version())).build();
    }

    @GET
    @Path("/convenings/{convening}/teams")
    @RolesAllowed({Caller.ADMIN, Caller.AGENCY, Caller.DISTRICT, Caller.FUNDER, Caller.AUDITOR})
    @Operation(summary = "The teams of a convening, in registration order, filtered by state, status and presenting;"
            + " a district user sees its own organisation's team only. Members' emails are shown to admin, agency and the"
            + " team's own district users, not to funders and auditors. Cursor-paginated: pass `next` back as ?after=.")
    @APIResponse(responseCode = "200", description = "A page of teams",
            content = @Content(schema = @Schema(implementation = TeamView.PageSchema.class)))
    @APIResponse(responseCode = "404", description = "No such convening",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Page<TeamView> teams(@PathParam("convening") UUID convening,
            @QueryParam("state") @Pattern(regexp = "[A-Z]{2}", message = "must be a two-letter USPS code") String state,
            @QueryParam("status") TeamStatus status, @QueryParam("presenting") Boolean presenting,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit, @QueryParam("after") String after) {
        String onlyOrg = caller.readsOnlyOrganisation().orElse(null);
        Cursor cursor = after == null ? null : Cursor.decode(after, "after");
        TeamRegistrations.TeamsOfConvening found = registrations.ofConvening(convening,
                new TeamRepository.TeamFilter(onlyOrg, state, status, presenting), cursor, limit + 1);
        return Page.of(found.teams(), limit, t -> TeamView.of(t, found.waitlistPositions().get(t.id()), caller),
                t -> new Cursor(t.registeredAt(), t.id()));
    }

    @GET
    @Path("/convenings/{convening}/teams/changes")
    @RolesAllowed({Caller.ADMIN, Caller.AGENCY, Caller.DISTRICT, Caller.FUNDER, Caller.AUDITOR})
    @Operation(summary = "Teams of a convening changed since a token, oldest change first, each in its current state, for"
            + " agencies that sync. Start without `since`; then send the `next` of the last answer. A change is listed once"
            + " every older transaction has ended, so a token never skips a change that commits late; a team changed"
            + " again comes back with its newest state. A district user sees its own organisation's team only.")
    @APIResponse(responseCode = "200", description = "The changes, and the token to send next",
            content = @Content(schema = @Schema(implementation = TeamView.ChangesSchema.class)))
    @APIResponse(responseCode = "400", description = "`since` is not a token this API handed out",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such convening",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ChangeFeed.Changes<TeamView> changes(@PathParam("convening") UUID convening, @QueryParam("since") String since,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit) {
        ChangeFeed.Token token = ChangeFeed.Token.decode(since, "since");
        TeamRegistrations.ChangesOfConvening found = registrations.changesOf(convening, caller.readsOnlyOrganisation().orElse(null), token,
                limit + 1);
        return ChangeFeed.of(found.changes(), limit, token,
                change -> TeamView.of(change.team(), found.waitlistPositions().get(change.team().id()), caller), TeamRepository.Change::token);
    }

    @GET
    @Path("/teams/{team}")
    @RolesAllowed({Caller.ADMIN, Caller.AGENCY, Caller.DISTRICT, Caller.FUNDER, Caller.AUDITOR})
    @Operation(summary = "A team with its members; its ETag is the version to send in If-Match when replacing a member."
            + " Members' emails are shown to admin, agency and the team's own district users, not to funders and auditors.")
    @APIResponse(responseCode = "200", description = "The team", content = @Content(schema = @Schema(implementation = TeamView.class)))
    @APIResponse(responseCode = "404", description = "No such team, or another organisation's team (for a district user)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response team(@PathParam("team") UUID teamId) {
        return view(registrations.visible(teamId, caller));
    }

    @POST
    @Path("/teams/{team}/members/{member}/commitment")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Caller.ADMIN, Caller.AGENCY, Caller.DISTRICT})
    @Operation(summary = "A member commits to attend, for themself or recorded by staff; the last required commitment confirms"
            + " the team, or waitlists it when the convening is full. Repeating it changes nothing. A district user acts for a"
            + " member only as that person: the token's email must be the member's and verified by the identity provider"
            + " (`email_verified`); the first such commitment binds the member to the token's subject, and afterwards only"
            + " that account acts for the member, until the member is replaced.")
    @APIResponse(responseCode = "200", description = "The team after the commitment",
            content = @Content(schema = @Schema(implementation = TeamView.class)))
    @APIResponse(responseCode = "403", description = "A district user committing for someone else (`forbidden`), with an"
            + " unverified token email (`email-not-verified`), or from another account than the one the member is bound to"
            + " (`identity-bound`); nothing is recorded",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such team or member, or another organisation's team",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The team is cancelled",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response commit(@PathParam("team") UUID teamId, @PathParam("member") UUID memberId) {
        return view(places.commit(teamId, memberId, caller));
    }

    @POST
    @Path("/teams/{team}/cancellation")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Caller.ADMIN, Caller.AGENCY, Caller.DISTRICT})
    @Operation(summary = "Cancel a team; a confirmed team's place goes to the first waitlisted team at once")
    @APIResponse(responseCode = "200", description = "The cancelled team",
            content = @Content(schema = @Schema(implementation = TeamView.class)))
    @APIResponse(responseCode = "404", description = "No such team, or another organisation's team",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The team is already cancelled",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response cancel(@PathParam("team") UUID teamId) {
        return view(places.cancel(teamId, caller));
    }

    @PUT
    @Path("/teams/{team}/members/{member}")
    @RolesAllowed({Caller.ADMIN, Caller.AGENCY, Caller.DISTRICT})
    @Operation(summary = "Replace the person in a member slot before the convening; a new person or role must commit again"
            + " (a confirmed or waitlisted team keeps its place meanwhile). Send the team's ETag in If-Match. Every replacement,"
            + " an identical one included, releases the member's binding to an account: whoever next commits for the member with"
            + " its verified email is bound.")
    @APIResponse(responseCode = "200", description = "The team after the replacement",
            content = @Content(schema = @Schema(implementation = TeamView.class)))
    @APIResponse(responseCode = "404", description = "No such team or member, or another organisation's team",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The team is cancelled",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "412", description = "The team changed since its ETag was read",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "428", description = "No If-Match header",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The convening has started, the email is already on the team, or the roles"
            + " no longer fit the convening's slots", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response replaceMember(@PathParam("team") UUID teamId, @PathParam("member") UUID memberId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @NotNull @Valid TeamRequests.MemberBody request) {
        return view(members.replace(teamId, memberId, new Team.NewMember(request.name(), request.email(), request.role()), ifMatch, caller));
    }

    @POST
    @Path("/teams/{team}/members")
    @Idempotent
    @RolesAllowed({Caller.ADMIN, Caller.AGENCY, Caller.DISTRICT})
    @Operation(summary = "Add a member in an optional role before the convening, within the team's size limit"
            + " (maxTeamSize, or maxPresentingTeamSize for a presenting team)")
    @APIResponse(responseCode = "201", description = "The team with its new member",
            content = @Content(schema = @Schema(implementation = TeamView.class)))
    @APIResponse(responseCode = "404", description = "No such team, or another organisation's team",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The team is cancelled",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The convening has started, the email is already on the team, the role is"
            + " not an optional one, or the team is at its size limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response addMember(@PathParam("team") UUID teamId, @NotNull @Valid TeamRequests.MemberBody request, UriInfo uri) {
        Team team = members.add(teamId, new Team.NewMember(request.name(), request.email(), request.role()), caller);
        return Response.fromResponse(view(team)).status(Response.Status.CREATED)
                .location(uri.getBaseUriBuilder().path("api/v1/teams/{id}").build(team.id())).build();
    }

    @POST
    @Path("/teams/{team}/presenter")
    @RolesAllowed(Caller.ADMIN)
    @Operation(summary = "Designate the team to lead a breakout session; its size limit becomes maxPresentingTeamSize")
    @APIResponse(responseCode = "200", description = "The presenting team",
            content = @Content(schema = @Schema(implementation = TeamView.class)))
    @APIResponse(responseCode = "409", description = "The team is cancelled",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response designatePresenter(@PathParam("team") UUID teamId, @NotNull @Valid TeamRequests.DesignatePresenter request) {
        return view(members.designatePresenter(teamId, request.session(), caller));
    }

    @POST
    @Path("/teams/{team}/members/{member}/check-in")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Caller.ADMIN, Caller.AGENCY})
    @Operation(summary = "Event staff record a confirmed team's member as arrived; repeating it changes nothing")
    @APIResponse(responseCode = "200", description = "The team with the member's checkedInAt",
            content = @Content(schema = @Schema(implementation = TeamView.class)))
    @APIResponse(responseCode = "409", description = "The team is not confirmed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The convening is not in progress",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response checkIn(@PathParam("team") UUID teamId, @PathParam("member") UUID memberId) {
        return view(members.checkIn(teamId, memberId, caller));
    }

    /** The team with its version as ETag: send it back in If-Match to replace a member. */
    private Response view(Team team) {
        return Response.ok(TeamView.of(team, registrations.waitlistPosition(team), caller)).header(HttpHeaders.ETAG, ETags.of(team.version())).build();
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
