package org.lmc.registration.pages;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.lmc.registration.domain.Team;
import org.lmc.registration.service.TeamPlaces;
import org.lmc.registration.service.TeamRegistrations;
import org.lmc.web.Caller;
import org.lmc.web.ProblemException;
import org.lmc.web.pages.ErrorPages;
import org.lmc.web.pages.FormTokenChecked;
import org.lmc.web.pages.PagePaths;
import org.lmc.web.pages.PortalSession;
import org.lmc.web.pages.Site;

/**
 * The district portal's registration pages, signed in through the identity provider (the OIDC web-app tenant of
 * {@code /portal}): the organisation's teams in every convening with their status, and a team with its members'
 * commitments and a Commit button for the signed-in member. Every page reads and acts through the API's use cases and
 * checks ({@link TeamRegistrations#visible}, {@link TeamPlaces#commit}): another organisation's team is a 404, a
 * commitment needs the token's verified email of the member and a seat not bound to another account. Forms carry the
 * form token. Pages, not API: left out of the OpenAPI document.
 */
@Path("/portal/teams")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
@RolesAllowed(Caller.DISTRICT)
@FormTokenChecked
public class TeamPortal {
    static final int TEAMS_SHOWN = 100;
    private static final Map<String, String> NOTICES = Map.of("committed", "Your commitment to attend was recorded.",
            "confirmed", "Your commitment was recorded: every required member has committed, and the team has its place.",
            "waitlisted", "Your commitment was recorded: every required member has committed, but the convening is full, so the"
                    + " team is on the waiting list.");

    @CheckedTemplate(basePath = "portal")
    static class Templates {
        static native TemplateInstance teams(TeamPortalViews.Index index);

        static native TemplateInstance team(TeamPortalViews.TeamPage team);
    }

    private final TeamRegistrations registrations;
    private final TeamPlaces places;
    private final Caller caller;
    private final Site site;

    TeamPortal(TeamRegistrations registrations, TeamPlaces places, Caller caller, Site site) {
        this.registrations = registrations;
        this.places = places;
        this.caller = caller;
        this.site = site;
    }

    @GET
    @Operation(hidden = true, summary = "The district portal (HTML): the signed-in district's teams and their registration status")
    public String teams() {
        List<TeamPortalViews.TeamCard> teams = registrations.ofOwnOrganisation(caller, TEAMS_SHOWN).stream().map(TeamPortalViews::card).toList();
        return Templates.teams(new TeamPortalViews.Index(PortalSession.of(caller), teams)).render();
    }

    @GET
    @Path("/{team}")
    @Operation(hidden = true, summary = "A team in the district portal (HTML): status, members' commitments, and Commit for the member")
    public String team(@RestPath String team, @RestQuery String done) {
        TeamRegistrations.TeamInConvening found = registrations.visibleInConvening(PagePaths.id(team, "team"), caller);
        return Templates.team(TeamPortalViews.page(PortalSession.of(caller), found, caller, notice(done),
                site.fundingPortal("/teams/" + found.team().id()))).render();
    }

    @POST
    @Path("/{team}/members/{member}/commitment")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true, summary = "Commit to attend from the portal (HTML form): the API's commitment, every check included")
    public Response commit(@RestPath String team, @RestPath String member) {
        UUID teamId = PagePaths.id(team, "team");
        UUID memberId = PagePaths.id(member, "member");
        try {
            Team committed = places.commit(teamId, memberId, caller);
            String done = switch (committed.status()) {
                case CONFIRMED -> "confirmed";
                case WAITLISTED -> "waitlisted";
                default -> "committed";
            };
            return Response.seeOther(URI.create("/portal/teams/" + teamId + "?done=" + done + "#members")).build();
        } catch (ProblemException refused) {
            if (refused.status() == 404) {
                throw refused;
            }
            return ErrorPages.portalRefusal(PortalSession.of(caller), refused, "Your commitment was not recorded",
                    "/portal/teams/" + teamId + "#members", "Back to the team");
        }
    }

    private static String notice(String done) {
        return done == null ? null : NOTICES.get(done);
    }
}
