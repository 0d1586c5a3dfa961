package org.lmc.plan.pages;

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
import org.lmc.plan.repository.PlanRepository;
import org.lmc.plan.service.PlanEndorsement;
import org.lmc.plan.service.PlanQueries;
import org.lmc.plan.service.PublicPlans;
import org.lmc.web.Caller;
import org.lmc.web.ProblemException;
import org.lmc.web.pages.ErrorPages;
import org.lmc.web.pages.FormTokenChecked;
import org.lmc.web.pages.PagePaths;
import org.lmc.web.pages.PortalSession;
import org.lmc.web.pages.Site;

/**
 * The district portal's plan pages, signed in through the identity provider (the OIDC web-app tenant of
 * {@code /portal}): the organisation's plans, and a plan with its draft, its versions and their signatures, with a Sign
 * button for the signed-in official on the version they may sign. Every page reads and acts through the API's use
 * cases and checks ({@link PlanQueries}, {@link PlanEndorsement#sign}): another organisation's plan is a 404, a
 * signature needs the token's verified email of a signing member and a seat not bound to another account. Forms carry
 * the form token. Pages, not API: left out of the OpenAPI document.
 */
@Path("/portal")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
@RolesAllowed(Caller.DISTRICT)
@FormTokenChecked
public class PortalPages {
    static final int PLANS_SHOWN = 100;
    private static final Map<String, String> NOTICES = Map.of("signed", "Your signature was recorded.",
            "endorsed", "Your signature was recorded: both management and labor have signed, so this version is endorsed.");

    @CheckedTemplate(basePath = "portal")
    static class Templates {
        static native TemplateInstance index(PortalViews.Index index);

        static native TemplateInstance plan(PortalViews.PlanPage plan);
    }

    private final PlanQueries queries;
    private final PlanEndorsement endorsement;
    private final PublicPlans publicPlans;
    private final Caller caller;
    private final Site site;

    PortalPages(PlanQueries queries, PlanEndorsement endorsement, PublicPlans publicPlans, Caller caller, Site site) {
        this.queries = queries;
        this.endorsement = endorsement;
        this.publicPlans = publicPlans;
        this.caller = caller;
        this.site = site;
    }

    @GET
    @Operation(hidden = true, summary = "The district portal (HTML): the signed-in district's plans")
    public String index() {
        List<PortalViews.PlanCard> plans = queries.list(new PlanRepository.PlanFilter(null, null, ownOrganisation()), null, PLANS_SHOWN)
                .stream().map(PortalViews::card).toList();
        return Templates.index(new PortalViews.Index(session(), plans)).render();
    }

    @GET
    @Path("/plans/{plan}")
    @Operation(hidden = true, summary = "A plan in the district portal (HTML): draft, versions, signatures, and Sign for the signer")
    public String plan(@RestPath String plan, @RestQuery String done) {
        PlanQueries.PlanFolder folder = queries.folder(id(plan), caller);
        return Templates.plan(PortalViews.page(session(), folder, caller, publicPlans.principles(), done == null ? null : NOTICES.get(done),
                site.plansPage("/" + folder.plan().id()), site.fundingPortal("/teams/" + folder.plan().teamId()))).render();
    }

    @POST
    @Path("/plans/{plan}/versions/{number}/signatures")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true, summary = "Sign a version from the portal (HTML form): the API's signature, every check included")
    public Response sign(@RestPath String plan, @RestPath String number) {
        UUID planId = id(plan);
        int version = versionNumber(number, planId);
        try {
            PlanEndorsement.Signed signed = endorsement.sign(planId, version, caller);
            boolean endorsed = signed.version().endorsedAt() != null;
            return Response.seeOther(URI.create("/portal/plans/" + planId + "?done=" + (endorsed ? "endorsed" : "signed") + "#versions"))
                    .build();
        } catch (ProblemException refused) {
            if (refused.status() == 404) {
                throw refused;
            }
            return ErrorPages.portalRefusal(session(), refused, "The version was not signed", "/portal/plans/" + planId + "#versions",
                    "Back to the plan");
        }
    }

    private String ownOrganisation() {
        // The portal lists the signed-in district's own plans; a token without an organisation lists nothing.
        return caller.orgId().filter(id -> !id.isBlank()).orElse(Caller.NO_ORGANISATION);
    }

    private PortalSession session() {
        return PortalSession.of(caller);
    }

    private static UUID id(String value) {
        return PagePaths.id(value, "plan");
    }

    private static int versionNumber(String value, UUID planId) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("version", planId + "/" + value);
        }
    }
}
