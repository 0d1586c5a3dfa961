package org.lmc.plan.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lmc.plan.config.PlanConfig;
import org.lmc.plan.service.ReminderSweep;
import org.lmc.web.Caller;
import org.lmc.web.Problem;
import org.lmc.web.ProblemException;

/** Runs the milestone reminder sweep now, as of a chosen day, so a demo can play months in minutes. Off in production. */
@Path("/api/v1/admin/reminder-sweeps")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
@SecurityRequirement(name = "SecurityScheme")
public class ReminderSweepResource {
    private final ReminderSweep sweep;
    private final PlanConfig config;
    private final Clock clock;

    ReminderSweepResource(ReminderSweep sweep, PlanConfig config, Clock clock) {
        this.sweep = sweep;
        this.config = config;
        this.clock = clock;
    }

    @Schema(name = "ReminderSweepResult")
    public record SweepView(LocalDate asOf, int candidates, int sent) {
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Caller.ADMIN)
    @Operation(summary = "Sweep for milestone reminders as of a day (default today); each reminder is still sent only once")
    @APIResponse(responseCode = "200", description = "What the sweep found and sent", content = @Content(schema = @Schema(implementation = SweepView.class)))
    @APIResponse(responseCode = "404", description = "Sweeps on demand are switched off (production)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SweepView run(@QueryParam("asOf") LocalDate asOf) {
        if (!config.reminders().sweepAsOfEnabled()) {
            throw new ProblemException(404, "not-enabled", "Not found", "sweeps on demand are switched off here"
                    + " (lmc.plan.reminders.sweep-as-of-enabled)", java.util.List.of());
        }
        ReminderSweep.Result result = sweep.sweep(asOf != null ? asOf : LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
        return new SweepView(result.asOf(), result.candidates(), result.sent());
    }
}
