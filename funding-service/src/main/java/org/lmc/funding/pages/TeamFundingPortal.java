package org.lmc.funding.pages;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;
import org.lmc.funding.domain.Entitlement;
import org.lmc.funding.domain.Expense;
import org.lmc.funding.domain.Team;
import org.lmc.funding.service.Expenses;
import org.lmc.web.Caller;
import org.lmc.web.pages.PortalSession;
import org.lmc.web.pages.UsFormats;

/**
 * The district portal's funding page, signed in (the OIDC web-app tenant, as the desk): a team's travellers with the
 * travel reserved for each and what is left of it, and every claim with its status (submitted, approved, rejected with
 * the reason, paid). Read through the API's use cases and checks ({@link Expenses#visibleTeam},
 * {@link Expenses#entitlementsOf}, {@link Expenses#claimsOfTeam}): another organisation's team is a 404. Pages, not API.
 */
@Path("/portal")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
@RolesAllowed(Caller.DISTRICT)
public class TeamFundingPortal {
    static final int CLAIMS_SHOWN = 500;

    @CheckedTemplate(basePath = "portal")
    static class Templates {
        static native TemplateInstance team(PortalTeam team);
    }

    public record Traveller(String name, String role, String status, String reserved, String used, String left) {
    }

    public record Claim(String id, String traveller, String category, String amount, String duty, String submitted, String status,
            String decided, String reason) {
    }

    public record PortalTeam(PortalSession session, String organisation, String state, String teamStatus, List<Traveller> travellers,
            List<Claim> claims) {
    }

    private final Expenses expenses;
    private final Caller caller;

    TeamFundingPortal(Expenses expenses, Caller caller) {
        this.expenses = expenses;
        this.caller = caller;
    }

    @GET
    @Path("/teams/{team}")
    @Operation(hidden = true, summary = "A team's travel money in the district portal (HTML): reservations per traveller, claims and their status")
    public String team(@RestPath String team) {
        Team t = expenses.visibleTeam(FundingPages.id(team, "team"), caller);
        Map<UUID, Team.Member> members = t.members().stream().collect(Collectors.toMap(Team.Member::memberId, Function.identity()));
        List<Traveller> travellers = expenses.entitlementsOf(t.id(), caller).stream().map(e -> traveller(e, members.get(e.memberId())))
                .toList();
        List<Claim> claims = expenses.claimsOfTeam(t.id(), caller, null, CLAIMS_SHOWN).stream().map(TeamFundingPortal::claim).toList();
        // Funding's web tenant signs out where the desk does.
        PortalSession session = PortalSession.of(caller, "/desk/logout");
        return Templates.team(new PortalTeam(session, t.orgName(), t.orgState(), UsFormats.words(t.status()), travellers, claims)).render();
    }

    private static Traveller traveller(Entitlement e, Team.Member member) {
        return new Traveller(member == null ? "(no longer on the team)" : member.name(), member == null ? "" : UsFormats.words(member.role()),
                UsFormats.words(e.status()), UsFormats.money(e.reservedCents(), e.currency()), UsFormats.money(e.consumedCents(), e.currency()),
                UsFormats.money(e.leftCents(), e.currency()));
    }

    private static Claim claim(Expense c) {
        return new Claim(c.id().toString(), c.travellerName(), UsFormats.words(c.category().name()), UsFormats.money(c.amountCents(), c.currency()),
                c.dutyStatus() == null ? "" : UsFormats.words(c.dutyStatus().name()), UsFormats.date(c.submittedAt()),
                UsFormats.words(c.status().name()), c.decidedAt() == null ? "" : UsFormats.date(c.decidedAt()),
                c.decisionReason() == null ? "" : c.decisionReason());
    }
}
