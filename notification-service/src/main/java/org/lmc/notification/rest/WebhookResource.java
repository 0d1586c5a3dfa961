package org.lmc.notification.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
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
import org.lmc.notification.domain.WebhookSubscription;
import org.lmc.notification.service.Webhooks;
import org.lmc.web.Caller;
import org.lmc.web.Idempotent;
import org.lmc.web.Cursor;
import org.lmc.web.Page;
import org.lmc.web.Problem;

@Path("/api/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed({Caller.ADMIN, Caller.AGENCY})
public class WebhookResource {
    private final Webhooks webhooks;
    private final Caller caller;

    WebhookResource(Webhooks webhooks, Caller caller) {
        this.webhooks = webhooks;
        this.caller = caller;
    }

    @Schema(name = "WebhookSubscriptionRequest")
    public record SubscriptionRequest(
            @NotBlank @Size(max = 2000) @Schema(example = "https://hooks.agency.example.org/lmc") String url,
            @Size(max = 50) @Schema(description = "notification kinds wanted; empty or absent: all", example = "[\"TEAM_CONFIRMED\", \"PAYMENT_MADE\"]")
            List<@NotNull String> kinds,
            @Pattern(regexp = InboxResource.ORG_ID_PATTERN, message = InboxResource.ORG_ID_MESSAGE)
            @Schema(nullable = true, description = "only this organisation's notifications; absent: every organisation") String orgId,
            @Size(max = 200) @Schema(nullable = true) String description) {
    }

    @Schema(name = "WebhookSubscription")
    public record SubscriptionView(UUID id, String url, List<String> kinds, @Schema(nullable = true) String orgId,
            @Schema(nullable = true) String description, Instant createdAt,
            @Schema(nullable = true, description = "the signing secret (whsec_...): shown in the answer that creates the"
                    + " subscription only, never again") String secret) {
        static SubscriptionView of(WebhookSubscription s, boolean withSecret) {
            return new SubscriptionView(s.id(), s.url(), s.kinds(), s.orgId(), s.description(), s.createdAt(), withSecret ? s.secret() : null);
        }
    }

    @Schema(name = "WebhookSubscriptionPage")
    public record SubscriptionPage(List<SubscriptionView> items, @Schema(nullable = true) String next) {
    }

    @Schema(name = "WebhookSecretRotation")
    public record RotationView(@Schema(description = "the new secret, shown once") String secret,
            @Schema(description = "until when messages are also signed with the previous secret") Instant previousSecretValidUntil) {
    }

    @POST
    @Idempotent
    @Operation(summary = "Subscribe an HTTPS endpoint to notifications, signed per Standard Webhooks (webhook-id, webhook-timestamp,"
            + " webhook-signature). The URL must be HTTPS and resolve to public addresses only. The answer holds the secret, shown"
            + " at creation only; a retry with the same Idempotency-Key (the caller's own, after a lost answer) replays that answer,"
            + " so a retrying client learns the secret of the one subscription it made instead of making a second one whose"
            + " secret nobody holds.")
    @APIResponse(responseCode = "201", description = "Subscribed; the body holds the secret",
            content = @Content(schema = @Schema(implementation = SubscriptionView.class)))
    public Response subscribe(@NotNull @Valid SubscriptionRequest request, UriInfo uri) {
        WebhookSubscription s = webhooks.subscribe(caller.subject(), request.url(), request.kinds() == null ? List.of() : request.kinds(),
                request.orgId(), request.description());
        return Response.created(uri.getBaseUriBuilder().path("api/v1/webhooks/{id}").build(s.id())).entity(SubscriptionView.of(s, true)).build();
    }

    @GET
    @Operation(summary = "The caller's subscriptions (an administrator's: all), oldest first, cursor-paginated")
    @APIResponse(responseCode = "200", description = "A page of subscriptions",
            content = @Content(schema = @Schema(implementation = SubscriptionPage.class)))
    public Page<SubscriptionView> list(@QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit,
            @QueryParam("after") String after) {
        Cursor cursor = after == null ? null : Cursor.decode(after, "after");
        return Page.of(webhooks.page(owner(), cursor, limit + 1), limit, s -> SubscriptionView.of(s, false),
                s -> new Cursor(s.createdAt(), s.id()));
    }

    @GET
    @Path("/{webhook}")
    @Operation(summary = "One subscription (without its secret)")
    @APIResponse(responseCode = "200", description = "The subscription", content = @Content(schema = @Schema(implementation = SubscriptionView.class)))
    @APIResponse(responseCode = "404", description = "No such subscription of the caller's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SubscriptionView get(@PathParam("webhook") UUID id) {
        return SubscriptionView.of(webhooks.find(id, owner()), false);
    }

    @DELETE
    @Path("/{webhook}")
    @Operation(summary = "Unsubscribe; deliveries not yet sent to it are given up")
    @APIResponse(responseCode = "204", description = "Unsubscribed")
    @APIResponse(responseCode = "404", description = "No such subscription of the caller's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public void delete(@PathParam("webhook") UUID id) {
        webhooks.delete(id, owner());
    }

    @POST
    @Path("/{webhook}/secret-rotation")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "A new signing secret, shown once; messages carry both signatures until the previous one expires")
    @APIResponse(responseCode = "200", description = "The new secret", content = @Content(schema = @Schema(implementation = RotationView.class)))
    @APIResponse(responseCode = "404", description = "No such subscription of the caller's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RotationView rotate(@PathParam("webhook") UUID id) {
        Webhooks.Rotation rotation = webhooks.rotate(id, owner());
        return new RotationView(rotation.secret(), rotation.previousSecretValidUntil());
    }

    @POST
    @Path("/{webhook}/test")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Send a signed test message (kind WEBHOOK_TEST) to the endpoint; follow it in the delivery log")
    @APIResponse(responseCode = "202", description = "The test delivery, queued",
            content = @Content(schema = @Schema(implementation = DeliveryResource.DeliveryView.class)))
    @APIResponse(responseCode = "404", description = "No such subscription of the caller's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response test(@PathParam("webhook") UUID id) {
        Delivery delivery = webhooks.test(id, owner());
        return Response.accepted(DeliveryResource.DeliveryView.of(delivery, List.of())).build();
    }

    /** Whose subscriptions the caller manages: its own, or (an administrator) all. */
    private String owner() {
        return caller.is(Caller.ADMIN) ? null : caller.subject();
    }
}
