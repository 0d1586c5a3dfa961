package org.lmc.notification.pages;

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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.lmc.notification.domain.InboxItem;
import org.lmc.notification.service.Inbox;
import org.lmc.web.Caller;
import org.lmc.web.Cursor;
import org.lmc.web.Page;
import org.lmc.web.pages.FormTokenChecked;
import org.lmc.web.pages.PagePaths;
import org.lmc.web.pages.PortalSession;
import org.lmc.web.pages.UsFormats;

/**
 * The district portal's inbox, signed in through the identity provider (the OIDC web-app tenant of {@code /portal}):
 * the organisation's notifications newest first with the unread count, unread ones only on request, cursor pages, and
 * Mark as read. Read and marked through {@link Inbox}, the API's use case: a district user's own organisation only,
 * another organisation's notification is a 404. Forms carry the form token. Pages, not API.
 */
@Path("/portal/inbox")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
@RolesAllowed(Caller.DISTRICT)
@FormTokenChecked
public class InboxPortal {
    static final int PAGE_SIZE = 50;

    @CheckedTemplate(basePath = "portal")
    static class Templates {
        static native TemplateInstance inbox(InboxPage inbox);
    }

    /** A notification's row; {@code readAction} is set while it is unread. */
    public record Item(String id, String subject, String body, String received, boolean unread, String readAction) {
    }

    public record InboxPage(PortalSession session, long unread, boolean unreadOnly, List<Item> items, String nextHref, String notice) {
    }

    private final Inbox inbox;
    private final Caller caller;

    InboxPortal(Inbox inbox, Caller caller) {
        this.inbox = inbox;
        this.caller = caller;
    }

    @GET
    @Operation(hidden = true, summary = "The district portal's inbox (HTML): notifications newest first, the unread count, Mark as read")
    public String inbox(@RestQuery String unread, @RestQuery String after, @RestQuery String done) {
        String org = inbox.organisation(caller, null);
        boolean unreadOnly = "true".equals(unread);
        Cursor cursor = after == null || after.isBlank() ? null : Cursor.decode(after, "after");
        Page<Item> page = Page.of(inbox.page(org, unreadOnly ? Boolean.TRUE : null, cursor, PAGE_SIZE + 1), PAGE_SIZE, InboxPortal::item,
                n -> new Cursor(n.createdAt(), n.id()));
        String next = page.next() == null ? null : "/portal/inbox?" + (unreadOnly ? "unread=true&" : "") + "after=" + page.next();
        return Templates.inbox(new InboxPage(PortalSession.of(caller), inbox.unreadCount(org), unreadOnly, page.items(), next,
                "read".equals(done) ? "Marked as read." : null)).render();
    }

    @POST
    @Path("/{notification}/read")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true, summary = "Mark a notification read from the portal (HTML form): the API's use case and checks")
    public Response markRead(@RestPath String notification) {
        inbox.markRead(PagePaths.id(notification, "notification"), caller);
        return Response.seeOther(URI.create("/portal/inbox?done=read")).build();
    }

    private static Item item(InboxItem n) {
        boolean unread = n.readAt() == null;
        return new Item(n.id().toString(), n.subject(), n.body(), UsFormats.date(n.createdAt()), unread,
                unread ? "/portal/inbox/" + n.id() + "/read" : null);
    }
}
