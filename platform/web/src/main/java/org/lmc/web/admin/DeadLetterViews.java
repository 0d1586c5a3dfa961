package org.lmc.web.admin;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.lmc.messaging.DeadLetters;

/** Bodies of the dead-letter calls. */
public final class DeadLetterViews {
    private DeadLetterViews() {
    }

    /** The dead letters of one consumer. */
    public record DeadLetterList(
            @Schema(nullable = true, description = "null when this service consumes no events", example = "notification-service")
            String consumer,
            List<DeadLetterView> deadLetters) {
    }

    /** One dead letter: which event, where it was read, why it was parked, and whether it was replayed. */
    public record DeadLetterView(
            @Schema(example = "7f3c1c1e-2a47-4b8e-9a53-0c2f6e8d9b10") String eventId,
            @Schema(nullable = true, description = "null when the record was not a CloudEvent",
                    example = "org.lmc.registration.team-registered.v1") String eventType,
            @Schema(example = "lmc.registration.events") String topic,
            int partition,
            long offset,
            @Schema(nullable = true, description = "the record key (aggregate id)") String key,
            @Schema(example = "data violates the schema of org.lmc.registration.team-registered.v1: [/teamSize: must be at least 1]")
            String reason,
            @Schema(description = "unparseable, schema, unsupported-version, rejected or handler-failure", example = "schema")
            String reasonKind,
            int attempts,
            Instant deadLetteredAt,
            @Schema(nullable = true, description = "when its copy reached the dead-letter topic") Instant publishedAt,
            @Schema(nullable = true, description = "when it was replayed with success") Instant redrivenAt,
            @Schema(nullable = true, description = "why the last replay failed") String redriveError) {

        static DeadLetterView of(DeadLetters.DeadLetter d) {
            return new DeadLetterView(d.eventId(), d.eventType(), d.topic(), d.partition(), d.offset(), d.key(), d.reason(),
                    d.reasonKind(), d.attempts(), d.deadLetteredAt(), d.publishedAt(), d.redrivenAt(), d.redriveError());
        }
    }

    /** Which dead letters to replay: one ({@code eventId}) or every open one ({@code all: true}). */
    public record RedriveRequest(
            @Schema(nullable = true, description = "this service's consumer by default", example = "notification-service") String consumer,
            @Schema(nullable = true, example = "7f3c1c1e-2a47-4b8e-9a53-0c2f6e8d9b10") String eventId,
            @Schema(nullable = true, description = "true to replay every open dead letter") Boolean all) {
    }

    /** What the replays did. */
    public record RedriveAnswer(String consumer, List<RedriveResultView> results) {
    }

    /** What replaying one dead letter did. */
    public record RedriveResultView(String eventId,
            @Schema(description = "PROCESSED, IGNORED, ALREADY_REDRIVEN or FAILED") String outcome,
            @Schema(nullable = true, description = "why it still fails") String reason) {

        static RedriveResultView of(DeadLetters.RedriveResult r) {
            return new RedriveResultView(r.eventId(), r.outcome().name(), r.reason());
        }
    }
}
