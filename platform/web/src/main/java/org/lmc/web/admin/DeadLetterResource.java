package org.lmc.web.admin;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lmc.messaging.DeadLetters;
import org.lmc.web.Caller;
import org.lmc.web.Problem;
import org.lmc.web.ProblemException;

/**
 * The dead letters of this service's event consumer, for Department staff: what was parked and why, and a
 * replay through the inbox once the cause is fixed (at most one effect per event, however often it is asked).
 * Every service has it; {@code ./lmc dead-letters list|redrive <service>} calls it.
 */
@Path("/api/v1/admin/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operations")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed(Caller.ADMIN)
public class DeadLetterResource {
    private final DeadLetters deadLetters;

    DeadLetterResource(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GET
    @Operation(summary = "List the dead letters of this service's consumer, oldest first (none when it consumes no events)")
    @APIResponse(responseCode = "200", description = "The dead letters (open ones unless includeRedriven)",
            content = @Content(schema = @Schema(implementation = DeadLetterViews.DeadLetterList.class)))
    @APIResponse(responseCode = "404", description = "This service has no consumer of that name",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DeadLetterViews.DeadLetterList list(
            @QueryParam("consumer") @Schema(description = "Consumer name; this service's own by default", example = "notification-service")
            String consumer,
            @QueryParam("includeRedriven") @DefaultValue("false") boolean includeRedriven,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        if (consumer == null && deadLetters.consumer().isEmpty()) {
            return new DeadLetterViews.DeadLetterList(null, List.of());
        }
        String name = consumerOf(consumer);
        return new DeadLetterViews.DeadLetterList(name,
                deadLetters.list(name, includeRedriven, limit).stream().map(DeadLetterViews.DeadLetterView::of).toList());
    }

    @POST
    @Path("/redrive")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replay one dead letter (eventId) or all open ones (all: true) through the inbox")
    @APIResponse(responseCode = "200", description = "What each replay did: PROCESSED, IGNORED, ALREADY_REDRIVEN or FAILED"
            + " (still failing: it stays a dead letter with the new reason)",
            content = @Content(schema = @Schema(implementation = DeadLetterViews.RedriveAnswer.class)))
    @APIResponse(responseCode = "404", description = "No dead letter with this event id, or no consumer of that name",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DeadLetterViews.RedriveAnswer redrive(DeadLetterViews.RedriveRequest request) {
        if (request == null) {
            throw ProblemException.invalid("eventId", "give eventId, or all: true");
        }
        boolean all = Boolean.TRUE.equals(request.all());
        if (all == (request.eventId() != null)) {
            throw ProblemException.invalid(all ? "all" : "eventId", "give either eventId or all: true, not both");
        }
        if (request.eventId() != null && request.eventId().isBlank()) {
            throw ProblemException.invalid("eventId", "must not be blank");
        }
        String name = consumerOf(request.consumer());
        List<DeadLetters.RedriveResult> results = all ? deadLetters.redriveAll(name)
                : List.of(deadLetters.redrive(name, request.eventId())
                        .orElseThrow(() -> ProblemException.notFound("Dead letter", request.eventId())));
        return new DeadLetterViews.RedriveAnswer(name, results.stream().map(DeadLetterViews.RedriveResultView::of).toList());
    }

    private String consumerOf(String requested) {
        String own = deadLetters.consumer().orElseThrow(() -> ProblemException.notFound("Consumer",
                requested == null ? "(this service consumes no events)" : requested));
        if (requested != null && !requested.equals(own)) {
            throw ProblemException.notFound("Consumer", requested + " (this service's consumer is " + own + ")");
        }
        return own;
    }
}
