package org.lmc.notification.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lmc.notification.domain.Notification;
import org.lmc.notification.repository.NotificationRepository;
import org.lmc.web.Caller;
import org.lmc.web.ProblemException;

@Path("/api/v1/notifications")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Notifications")
@SecurityRequirement(name = "SecurityScheme")
public class NotificationResource {
    private final NotificationRepository notifications;
    private final Caller caller;

    NotificationResource(NotificationRepository notifications, Caller caller) {
        this.notifications = notifications;
        this.caller = caller;
    }

    /** A notification as the API shows it. */
    public record NotificationView(UUID id, String orgId, String eventType, String eventId, UUID teamId, String subject,
            String body, Instant createdAt) {
        static NotificationView of(Notification n) {
            return new NotificationView(n.id(), n.orgId(), n.eventType(), n.eventId(), n.teamId(), n.subject(), n.body(), n.createdAt());
        }
    }

    @GET
    @RolesAllowed({Caller.ADMIN, Caller.AGENCY, Caller.DISTRICT})
    @Operation(summary = "An organisation's notifications, newest first")
    public List<NotificationView> list(
            @QueryParam("orgId") @NotBlank @Pattern(regexp = "\\d{7}|[A-Z]{2}", message = "must be a 7-digit NCES LEA id or a USPS state code") String orgId,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit) {
        if (!caller.mayActFor(orgId)) {
            // Another organisation's inbox does not exist for a district user.
            throw ProblemException.notFound("inbox of organisation", orgId);
        }
        return notifications.forOrganisation(orgId, limit).stream().map(NotificationView::of).toList();
    }
}
