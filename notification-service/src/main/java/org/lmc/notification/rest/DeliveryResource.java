package org.lmc.notification.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lmc.notification.domain.Delivery;
import org.lmc.notification.domain.NotificationKind;
import org.lmc.notification.repository.DeliveryRepository;
import org.lmc.notification.service.Deliveries;
import org.lmc.web.Caller;
import org.lmc.web.Cursor;
import org.lmc.web.Page;
import org.lmc.web.Problem;
import org.lmc.web.ProblemException;

@Path("/api/v1/deliveries")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Delivery log")
@SecurityRequirement(name = "SecurityScheme")
public class DeliveryResource {
    private final Deliveries deliveries;
    private final Caller caller;

    DeliveryResource(Deliveries deliveries, Caller caller) {
        this.deliveries = deliveries;
        this.caller = caller;
    }

    @Schema(name = "DeliveryAttempt")
    public record AttemptView(int attempt, Instant startedAt, long durationMillis, boolean succeeded,
            @Schema(nullable = true) Integer httpStatus, @Schema(nullable = true) String error) {
        static AttemptView of(DeliveryRepository.Attempt a) {
            return new AttemptView(a.attempt(), a.startedAt(), a.durationMillis(), a.succeeded(), a.httpStatus(), a.error());
        }
    }

    /** One notification to one recipient by one channel, with its attempts (on the single-delivery answers). */
    @Schema(name = "Delivery")
    public record DeliveryView(UUID id, @Schema(nullable = true) UUID notificationId, String eventId, String kind,
            @Schema(enumeration = {"EMAIL", "WEBHOOK"}) String channel,
            @Schema(description = "email address, or the webhook subscription id") String recipient,
            @Schema(nullable = true) UUID subscriptionId, @Schema(nullable = true) String orgId, Delivery.Status status, int attempts,
            @Schema(nullable = true, description = "when the next attempt is due (PENDING only)") Instant nextAttemptAt,
            @Schema(nullable = true) String lastError, Instant createdAt, @Schema(nullable = true) Instant finishedAt,
            @Schema(nullable = true, description = "the digest that carried it") UUID digestId,
            @Schema(nullable = true, description = "every attempt; on single-delivery answers only") List<AttemptView> attemptLog) {
        static DeliveryView of(Delivery d, List<AttemptView> attempts) {
            return new DeliveryView(d.id(), d.notificationId(), d.eventId(), d.kind(), d.channel(), d.recipient(), d.subscriptionId(),
                    d.orgId(), d.status(), d.attempts(), d.status() == Delivery.Status.PENDING ? d.nextAttemptAt() : null, d.lastError(),
                    d.createdAt(), d.finishedAt(), d.digestId(), attempts);
        }
    }

    @Schema(name = "DeliveryPage")
    public record DeliveryPage(List<DeliveryView> items, @Schema(nullable = true) String next) {
    }

    @GET
    @RolesAllowed({Caller.ADMIN, Caller.AGENCY})
    @Operation(summary = "The delivery log, oldest first, by status and kind, cursor-paginated. An agency sees the deliveries"
            + " to its own webhook subscriptions; an administrator sees all.")
    @APIResponse(responseCode = "200", description = "A page of deliveries",
            content = @Content(schema = @Schema(implementation = DeliveryPage.class)))
    public Page<DeliveryView> list(@QueryParam("status") Delivery.Status status, @QueryParam("kind") String kind,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit, @QueryParam("after") String after) {
        if (kind != null && NotificationKind.ofCode(kind).isEmpty() && !Delivery.DAILY_DIGEST.equals(kind)
                && !Delivery.WEBHOOK_TEST.equals(kind)) {
            throw ProblemException.invalid("kind", "is not a notification kind; kinds are " + NotificationKind.codes()
                    + ", " + Delivery.DAILY_DIGEST + " and " + Delivery.WEBHOOK_TEST);
        }
        Cursor cursor = after == null ? null : Cursor.decode(after, "after");
        return Page.of(deliveries.page(status, kind, owner(), cursor, limit + 1), limit, d -> DeliveryView.of(d, null),
                d -> new Cursor(d.createdAt(), d.id()));
    }

    @GET
    @Path("/{delivery}")
    @RolesAllowed({Caller.ADMIN, Caller.AGENCY})
    @Operation(summary = "One delivery with every attempt")
    @APIResponse(responseCode = "200", description = "The delivery", content = @Content(schema = @Schema(implementation = DeliveryView.class)))
    @APIResponse(responseCode = "404", description = "No such delivery visible to the caller",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DeliveryView get(@PathParam("delivery") UUID id) {
        Delivery d = deliveries.find(id, owner());
        return DeliveryView.of(d, deliveries.attempts(id).stream().map(AttemptView::of).toList());
    }

    @POST
    @Path("/{delivery}/redelivery")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Caller.ADMIN)
    @Operation(summary = "Send a dead (or delivered) delivery again, with a fresh budget of attempts; the webhook keeps its"
            + " webhook-id, so a receiver that already has it can drop it")
    @APIResponse(responseCode = "202", description = "Queued again", content = @Content(schema = @Schema(implementation = DeliveryView.class)))
    @APIResponse(responseCode = "404", description = "No such delivery",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The delivery is still pending or waiting for its digest",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response redeliver(@PathParam("delivery") UUID id) {
        Delivery d = deliveries.redeliver(id);
        return Response.accepted(DeliveryView.of(d, null)).build();
    }

    private String owner() {
        return caller.is(Caller.ADMIN) ? null : caller.subject();
    }
}
