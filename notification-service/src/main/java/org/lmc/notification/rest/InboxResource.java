package org.lmc.notification.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lmc.notification.domain.InboxItem;
import org.lmc.notification.service.Inbox;
import org.lmc.web.Caller;
import org.lmc.web.Cursor;
import org.lmc.web.Page;
import org.lmc.web.Problem;

@Path("/api/v1/inbox")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Inbox")
@SecurityRequirement(name = "SecurityScheme")
public class InboxResource {
    static final String ORG_ID_PATTERN = "\\d{7}|[A-Z]{2}";
    static final String ORG_ID_MESSAGE = "must be a 7-digit NCES LEA id or a USPS state code";

    private final Inbox inbox;
    private final Caller caller;

    InboxResource(Inbox inbox, Caller caller) {
        this.inbox = inbox;
        this.caller = caller;
    }

    /** A notification as the API shows it. */
    @Schema(name = "InboxItem")
    public record InboxItemView(UUID id, String orgId,
            @Schema(description = "notification kind", example = "TEAM_CONFIRMED") String kind,
            String eventType, String eventId,
            @Schema(nullable = true) UUID teamId,
            @Schema(nullable = true, description = "the person the event concerns, when it concerns one") UUID memberId,
            String subject, String body, Instant createdAt,
            @Schema(nullable = true, description = "absent while unread") Instant readAt) {
        static InboxItemView of(InboxItem n) {
            return new InboxItemView(n.id(), n.orgId(), n.kind(), n.eventType(), n.eventId(), n.teamId(), n.memberId(), n.subject(),
                    n.body(), n.createdAt(), n.readAt());
        }
    }

    @Schema(name = "InboxPage")
    public record InboxPage(List<InboxItemView> items, @Schema(nullable = true, description = "pass as ?after=") String next) {
    }

    public record UnreadCount(String orgId, long unread) {
    }

    @GET
    @RolesAllowed({Caller.ADMIN, Caller.AGENCY, Caller.DISTRICT})
    @Operation(summary = "An organisation's notifications, newest first, cursor-paginated (pass `next` back as ?after=)."
            + " A district user reads its own organisation's inbox (orgId optional); staff name the organisation.")
    @APIResponse(responseCode = "200", description = "A page of notifications",
            content = @Content(schema = @Schema(implementation = InboxPage.class)))
    @APIResponse(responseCode = "404", description = "Another organisation's inbox (for a district user)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Page<InboxItemView> list(@QueryParam("orgId") @Pattern(regexp = ORG_ID_PATTERN, message = ORG_ID_MESSAGE) String orgId,
            @QueryParam("unread") Boolean unread,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit, @QueryParam("after") String after) {
        String org = inbox.organisation(caller, orgId);
        Cursor cursor = after == null ? null : Cursor.decode(after, "after");
        return Page.of(inbox.page(org, unread, cursor, limit + 1), limit, InboxItemView::of, n -> new Cursor(n.createdAt(), n.id()));
    }

    @GET
    @Path("/unread-count")
    @RolesAllowed({Caller.ADMIN, Caller.AGENCY, Caller.DISTRICT})
    @Operation(summary = "How many of an organisation's notifications are unread")
    @APIResponse(responseCode = "200", description = "The count", content = @Content(schema = @Schema(implementation = UnreadCount.class)))
    @APIResponse(responseCode = "404", description = "Another organisation's inbox (for a district user)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public UnreadCount unreadCount(@QueryParam("orgId") @Pattern(regexp = ORG_ID_PATTERN, message = ORG_ID_MESSAGE) String orgId) {
        String org = inbox.organisation(caller, orgId);
        return new UnreadCount(org, inbox.unreadCount(org));
    }

    @POST
    @Path("/{notification}/read")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Caller.ADMIN, Caller.DISTRICT})
    @Operation(summary = "Mark a notification read (again: no change, the first read time stays)")
    @APIResponse(responseCode = "200", description = "The notification, read",
            content = @Content(schema = @Schema(implementation = InboxItemView.class)))
    @APIResponse(responseCode = "404", description = "No such notification in the caller's organisation's inbox",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public InboxItemView markRead(@PathParam("notification") UUID id) {
        return InboxItemView.of(inbox.markRead(id, caller));
    }
}
