package org.lmc.plan.rest;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request bodies of the plan endpoints. */
public final class PlanRequests {
    private PlanRequests() {
    }

    @Schema(name = "Publication", description = "The endorsed version to make the team's public plan")
    public record Publication(@NotNull @Min(1) @Schema(example = "2") Integer version) {
    }

    @Schema(name = "MeasureValue", description = "A value of a measure of success, as observed on a day")
    public record MeasureValue(
            @NotNull @DecimalMin("-999999999999") @DecimalMax("999999999999") @Digits(integer = 12, fraction = 4)
            @Schema(example = "61.5") BigDecimal value,
            @NotNull @Schema(example = "2011-11-30") LocalDate observedOn) {
    }

    @Schema(name = "Completion", description = "When a milestone was done")
    public record Completion(@NotNull @Schema(example = "2011-09-01") LocalDate completedOn) {
    }

    @Schema(name = "AssistanceAsk", description = "What the team needs help with")
    public record AssistanceAsk(
            @NotBlank @Size(max = 200) @Schema(example = "Contract negotiations stalled on the evaluation article") String topic,
            @NotBlank @Size(max = 4000) @Schema(example = "We would like a mediator for the joint committee's next three meetings.")
            String details) {
    }

    @Schema(name = "AssistanceAssignment", description = "Who takes the request")
    public record Assignment(@NotBlank @Size(max = 200) @Schema(example = "FMCS Denver field office") String assignee) {
    }

    @Schema(name = "AssistanceClosure", description = "How the request ended")
    public record Closure(@NotBlank @Size(max = 2000) @Schema(example = "Three mediated sessions; agreement signed.") String resolution) {
    }

    /** The District Action Plan template, for the API document; the service reads drafts strictly against it. */
    @Schema(name = "PlanContent", description = "A plan's content: principles chosen, goals, strategies, tactics, measures, milestones."
            + " Unknown fields are refused; measures and milestones without an id get one.")
    public record Content(
            @Schema(required = true, maxLength = 300, example = "Denver Public Schools: pay and evaluation, together") String title,
            @Schema(maxLength = 4000, nullable = true) String summary,
            @Schema(required = true, maxItems = 10) List<PrincipleContent> principles,
            @Schema(required = true, maxItems = 100) List<MeasureContent> measures,
            @Schema(required = true, maxItems = 200) List<MilestoneContent> milestones) {
    }

    @Schema(name = "PrincipleContent")
    public record PrincipleContent(@Schema(required = true, example = "9", description = "number of a Principle in Action")
            int principle, @Schema(required = true, maxItems = 20) List<GoalContent> goals) {
    }

    @Schema(name = "GoalContent")
    public record GoalContent(@Schema(required = true, maxLength = 300, example = "Pay teachers for learning gains") String title,
            @Schema(required = true, maxItems = 20) List<StrategyContent> strategies) {
    }

    @Schema(name = "StrategyContent")
    public record StrategyContent(@Schema(required = true, maxLength = 300, example = "Extend ProComp to every school") String title,
            @Schema(required = true, maxItems = 30, example = "[\"Joint design committee meets monthly\"]") List<String> tactics) {
    }

    @Schema(name = "MeasureContent")
    public record MeasureContent(@Schema(nullable = true, description = "kept across versions; absent for a new measure") UUID id,
            @Schema(required = true, maxLength = 300, example = "Teachers enrolled in ProComp") String name,
            @Schema(required = true, maxLength = 60, example = "percent") String unit,
            @Schema(required = true, example = "48") BigDecimal baseline,
            @Schema(required = true, example = "75", description = "differs from the baseline") BigDecimal target,
            @Schema(required = true, example = "2013-06-30") LocalDate targetDate) {
    }

    @Schema(name = "MilestoneContent")
    public record MilestoneContent(@Schema(nullable = true, description = "kept across versions; absent for a new milestone") UUID id,
            @Schema(required = true, maxLength = 300, example = "Joint committee adopts the evaluation rubric") String title,
            @Schema(required = true, example = "2011-09-01") LocalDate dueDate,
            @Schema(required = true, example = "UNION_LEADER") String ownerRole,
            @Schema(enumeration = {"PLANNED", "IN_PROGRESS", "DONE"}, defaultValue = "PLANNED") String status) {
    }
}
