package org.lmc.plan.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lmc.plan.service.PublicPlans;
import org.lmc.web.Page;
import org.lmc.web.Problem;

/** The public plan database: no token; published plans only, no personal data beyond officials' names and roles. */
@Path("/api/v1/public")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Public plans")
public class PublicPlanResource {
    private final PublicPlans plans;
    private final ObjectMapper json;

    PublicPlanResource(PublicPlans plans, ObjectMapper json) {
        this.plans = plans;
        this.json = json;
    }

    @GET
    @Path("/principles")
    @Operation(summary = "The ten Principles in Action of the District Action Plan template")
    @APIResponse(responseCode = "200", description = "The principles in order",
            content = @Content(schema = @Schema(implementation = PlanViews.PrincipleView.class, type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY)))
    public List<PlanViews.PrincipleView> principles() {
        return PlanViews.PrincipleView.of(plans.principles());
    }

    @GET
    @Path("/plans")
    @Operation(summary = "Search the published plans: full text (ranked, best first) and filters by convening, state, principle and"
            + " progress band; without q, newest publication first. Cursor-paginated: pass `next` back as ?after= with the same"
            + " query. ETag (the public directory's revision); If-None-Match answers 304 while no published plan changed.")
    @APIResponse(responseCode = "200", description = "A page of published plans",
            content = @Content(schema = @Schema(implementation = PlanViews.PublicPageSchema.class)))
    @APIResponse(responseCode = "304", description = "Unchanged since the ETag sent in If-None-Match")
    public Response search(
            @QueryParam("q") @Size(min = 1, max = 200) String q,
            @QueryParam("convening") UUID convening,
            @QueryParam("state") @Pattern(regexp = "[A-Z]{2}", message = "must be a two-letter USPS code") String state,
            @QueryParam("principle") @Min(1) @Max(99) Integer principle,
            @QueryParam("progress") @Pattern(regexp = "NOT_STARTED|UNDER_WAY|COMPLETE", message = "must be NOT_STARTED, UNDER_WAY or COMPLETE")
            String progress,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit, @QueryParam("after") String after,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        String text = q == null || q.isBlank() ? null : q.strip();
        // A malformed cursor is a 400 even when the directory has not moved: a 304 would call a query that has no answer unchanged.
        PublicPlans.checkCursor(after, text != null);
        // The same query at the same directory revision has the same answer, so the revision alone answers a conditional request.
        if (ifNoneMatch != null) {
            EntityTag tag = directoryTag(plans.directoryRevision());
            if (matches(ifNoneMatch, tag)) {
                return Response.notModified(tag).build();
            }
        }
        PublicPlans.Searched searched = plans.search(new PublicPlans.Search(text, convening, state, principle, progress), after, limit + 1);
        byte[] body = searched.json(found -> {
            boolean more = found.size() > limit;
            List<PublicPlans.Found> page = more ? found.subList(0, limit) : found;
            try {
                return json.writeValueAsBytes(new Page<>(page.stream().map(PlanViews.PublicSummary::of).toList(),
                        more ? PublicPlans.cursorAfter(page.get(page.size() - 1), text != null) : null));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("public search answer not serialisable", e);
            }
        });
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).tag(directoryTag(searched.revision())).build();
    }

    @GET
    @Path("/plans/{plan}")
    @Operation(summary = "A published plan: its latest published version, the officials who signed it, measures with their history,"
            + " milestones and computed progress. ETag; If-None-Match answers 304 when nothing changed.")
    @APIResponse(responseCode = "200", description = "The plan", content = @Content(schema = @Schema(implementation = PlanViews.PublicPlan.class)))
    @APIResponse(responseCode = "304", description = "Unchanged since the ETag sent in If-None-Match")
    @APIResponse(responseCode = "404", description = "No such published plan",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response plan(@PathParam("plan") UUID planId, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        // The revision alone answers a conditional request; without one, the page's own statement carries it.
        if (ifNoneMatch != null) {
            EntityTag tag = new EntityTag(Long.toString(plans.revision(planId)), true);
            if (matches(ifNoneMatch, tag)) {
                return Response.notModified(tag).build();
            }
        }
        PublicPlans.PlanPage page = plans.page(planId);
        return Response.ok(PlanViews.PublicPlan.of(page)).tag(new EntityTag(Long.toString(page.revision()), true)).build();
    }

    /** A search's tag: the directory's revision, distinct from a plan page's own revision. */
    private static EntityTag directoryTag(long revision) {
        return new EntityTag("directory-" + revision, true);
    }

    /** If-None-Match's weak comparison: any listed tag, weak or strong, with the same value, or {@code *}. */
    private static boolean matches(String ifNoneMatch, EntityTag tag) {
        return List.of(ifNoneMatch.split(",")).stream().map(String::strip).anyMatch(t -> t.equals(tag.toString())
                || t.equals("\"" + tag.getValue() + "\"") || t.equals("*"));
    }
}
