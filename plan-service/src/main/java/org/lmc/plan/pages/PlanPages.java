package org.lmc.plan.pages;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.lmc.plan.service.PublicPlans;
import org.lmc.web.Problem;
import org.lmc.web.ProblemException;
import org.lmc.web.pages.Site;

/**
 * The public plan directory as web pages, no login: search and filters with cursor paging, and a published plan's page.
 * Both read through {@link PublicPlans}, as the public API does, with the same input rules; a failure is the shared
 * error page (404 for a plan that is not published). Pages, not API: left out of the OpenAPI document.
 */
@Path("/plans")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
@jakarta.inject.Singleton
public class PlanPages {
    static final int PAGE_SIZE = 20;
    private static final Pattern STATE = Pattern.compile("[A-Z]{2}");

    @CheckedTemplate(basePath = "pages")
    static class Templates {
        static native TemplateInstance directory(PlanPageViews.Directory directory);

        static native TemplateInstance plan(PlanPageViews.Plan plan);
    }

    private final PublicPlans plans;
    private final Site site;
    private volatile PublicPlans.Facets facets;
    private final java.util.concurrent.atomic.AtomicBoolean refreshingFacets = new java.util.concurrent.atomic.AtomicBoolean();

    PlanPages(PublicPlans plans, Site site) {
        this.plans = plans;
        this.site = site;
    }

    @GET
    @Operation(hidden = true, summary = "The public plan directory (HTML): search box, filters by convening, state and principle, cursor pages")
    public String directory(@QueryParam("q") String q, @QueryParam("convening") String convening, @QueryParam("state") String state,
            @QueryParam("principle") String principle, @QueryParam("limit") String limit, @QueryParam("after") String after) {
        PlanPageViews.Query query = new PlanPageViews.Query(blankIfNull(q).strip(), blankIfNull(convening).strip(),
                blankIfNull(state).strip(), blankIfNull(principle).strip(), PAGE_SIZE);
        List<Problem.FieldError> errors = new ArrayList<>();
        if (query.q().length() > 200) {
            errors.add(new Problem.FieldError("q", "must be at most 200 characters"));
        }
        UUID conveningId = null;
        if (!query.convening().isEmpty()) {
            try {
                conveningId = UUID.fromString(query.convening());
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError("convening", "must be a convening id"));
            }
        }
        if (!query.state().isEmpty() && !STATE.matcher(query.state()).matches()) {
            errors.add(new Problem.FieldError("state", "must be a two-letter USPS code"));
        }
        Integer principleNumber = number(query.principle(), "principle", 1, 99, errors);
        Integer size = number(blankIfNull(limit).strip(), "limit", 1, 100, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        if (size != null) {
            query = new PlanPageViews.Query(query.q(), query.convening(), query.state(), query.principle(), size);
        }
        String text = query.q().isEmpty() ? null : query.q();
        String after0 = after == null || after.isBlank() ? null : after;
        PublicPlans.Searched searched = plans.search(new PublicPlans.Search(text, conveningId, query.state().isEmpty() ? null : query.state(),
                principleNumber, null), after0, query.limit() + 1);
        List<PublicPlans.Found> found = searched.found();
        boolean more = found.size() > query.limit();
        List<PublicPlans.Found> page = more ? found.subList(0, query.limit()) : found;
        String next = more ? PublicPlans.cursorAfter(page.get(page.size() - 1), text != null) : null;
        return Templates.directory(PlanPageViews.directory(query, facets(searched.revision()), plans.principles(), page, next,
                after0 != null)).render();
    }

    /**
     * The filters' choices: two GROUP BYs over every published plan, so kept while the public directory's revision (which
     * moves with every publication and closure) stays at the one the page's search was read at. When it moved, one request
     * counts them again while the others go on with the previous counts, at most a few commits behind: every request of a
     * busy moment recounting at once made the directory's slowest answers ten times slower (./lmc bench-plan).
     */
    private java.util.Map<String, List<PublicPlans.Facet>> facets(long revision) {
        PublicPlans.Facets cached = facets;
        if (cached == null) {
            synchronized (this) {
                if (facets == null) {
                    facets = plans.facets();
                }
                return facets.byFilter();
            }
        }
        if (cached.revision() < revision && refreshingFacets.compareAndSet(false, true)) {
            try {
                cached = plans.facets();
                facets = cached;
            } finally {
                refreshingFacets.set(false);
            }
        }
        return cached.byFilter();
    }

    @GET
    @Path("/{plan}")
    @Operation(hidden = true, summary = "A published plan's page (HTML): principles, goals, strategies, signers, measures as charts, milestones")
    public String plan(@PathParam("plan") String plan) {
        UUID planId;
        try {
            planId = UUID.fromString(plan);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("published plan", plan);
        }
        PublicPlans.PlanPage page = plans.page(planId);
        return Templates.plan(PlanPageViews.plan(page, plans.principles(), site.fundingPage("/teams/" + page.teamId()))).render();
    }

    private static Integer number(String value, String field, int min, int max, List<Problem.FieldError> errors) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new Problem.FieldError(field, "must be a whole number from " + min + " to " + max));
        return null;
    }

    private static String blankIfNull(String value) {
        return value == null ? "" : value;
    }
}
