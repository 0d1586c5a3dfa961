package org.lmc.plan.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.lmc.contracts.registration.TeamOrganisation;
import org.lmc.plan.domain.AssistanceRequest;
import org.lmc.plan.domain.Plan;
import org.lmc.plan.domain.PlanVersion;
import org.lmc.plan.domain.Progress;
import org.lmc.plan.domain.Signature;
import org.lmc.plan.domain.SignOff;
import org.lmc.plan.domain.VersionDiff;
import org.lmc.plan.service.PlanProgress;
import org.lmc.plan.service.PublicPlans;

/** Response bodies of the plan endpoints, built from the domain. */
public final class PlanViews {
    private PlanViews() {
    }

    @Schema(name = "PlanOrganisation", description = "kind DISTRICT (orgId = NCES LEA id) or STATE (orgId = USPS code)")
    public record Organisation(@Schema(example = "DISTRICT") String kind, @Schema(example = "0803360") String orgId,
            @Schema(example = "Denver Public Schools") String name, @Schema(example = "CO") String state) {
        static Organisation of(TeamOrganisation o) {
            return new Organisation(o.kind(), o.orgId(), o.name(), o.state());
        }
    }

    @Schema(name = "Plan", description = "A team's plan; with its draft when read on its own (its ETag is the draft's revision)")
    public record PlanView(UUID id, UUID teamId, UUID conveningId, Organisation organisation,
            @Schema(enumeration = {"OPEN", "CLOSED"}) String status,
            @Schema(description = "the draft's revision; send it as If-Match to save the draft") long draftRevision,
            @Schema(description = "0 before the first version") int latestVersion,
            @Schema(nullable = true) Integer publishedVersion, @Schema(nullable = true) Instant publishedAt,
            Instant openedAt, @Schema(nullable = true) Instant closedAt,
            @Schema(nullable = true, implementation = PlanRequests.Content.class, description = "absent in lists") JsonNode draft) {
        static PlanView of(Plan plan, boolean withDraft) {
            return new PlanView(plan.id(), plan.teamId(), plan.conveningId(), Organisation.of(plan.organisation()), plan.status().name(),
                    plan.draftRevision(), plan.latestVersion(), plan.publishedVersion(), plan.publishedAt(), plan.openedAt(),
                    plan.closedAt(), withDraft ? plan.draft() : null);
        }
    }

    @Schema(name = "PlanPage")
    public static final class PlanPageSchema {
        public List<PlanView> items;
        @Schema(nullable = true)
        public String next;
    }

    @Schema(name = "PlanChanges")
    public static final class PlanChangesSchema {
        public List<PlanView> items;
        public String next;
        public boolean more;
    }

    @Schema(name = "SignatureView", description = "An official's signature (their name and role are public once the version is published)")
    public record SignatureView(@Schema(example = "UNION_LEADER") String role, UUID memberId, String name, Instant signedAt) {
        static SignatureView of(Signature s) {
            return new SignatureView(s.role(), s.memberId(), s.signerName(), s.signedAt());
        }
    }

    @Schema(name = "PlanVersion", description = "A frozen, numbered version with its signatures")
    public record VersionView(UUID planId, int number, @Schema(implementation = PlanRequests.Content.class) JsonNode content,
            Instant submittedAt, @Schema(nullable = true) Instant endorsedAt, @Schema(nullable = true) Instant publishedAt,
            List<SignatureView> signatures,
            @Schema(description = "required roles that have not signed; empty once endorsed") List<String> awaitedRoles) {
        static VersionView of(PlanVersion v, List<Signature> signatures, String organisationKind) {
            return new VersionView(v.planId(), v.number(), v.content(), v.submittedAt(), v.endorsedAt(), v.publishedAt(),
                    signatures.stream().map(SignatureView::of).toList(),
                    SignOff.awaitedRoles(organisationKind, signatures.stream().map(Signature::role).toList()));
        }
    }

    @Schema(name = "VersionChange")
    public record ChangeView(@Schema(example = "principles[principle=5].goals[0].title") String path,
            @Schema(enumeration = {"ADDED", "REMOVED", "CHANGED"}) String kind,
            @Schema(nullable = true) JsonNode before, @Schema(nullable = true) JsonNode after) {
        static ChangeView of(VersionDiff.Change c) {
            return new ChangeView(c.path(), c.kind().name(), c.before(), c.after());
        }
    }

    @Schema(name = "VersionDiff", description = "What changed from one version to another")
    public record DiffView(int from, int to, List<ChangeView> changes) {
    }

    @Schema(name = "MeasureValueView")
    public record ValueView(UUID id, UUID measureId, BigDecimal value, LocalDate observedOn, Instant reportedAt) {
        static ValueView of(PlanProgress.Reported r) {
            return new ValueView(r.id(), r.measureId(), r.value(), r.observedOn(), r.reportedAt());
        }
    }

    @Schema(name = "MilestoneCompletionView")
    public record CompletionView(UUID milestoneId, String title, LocalDate dueDate, String ownerRole, LocalDate completedOn) {
        static CompletionView of(PlanProgress.Completed c) {
            return new CompletionView(c.milestoneId(), c.title(), c.dueDate(), c.ownerRole(), c.completedOn());
        }
    }

    @Schema(name = "AssistanceRequest")
    public record AssistanceView(UUID id, UUID planId, String topic, String details,
            @Schema(enumeration = {"REQUESTED", "ASSIGNED", "CLOSED"}) String status, Instant requestedAt,
            @Schema(nullable = true) String assignee, @Schema(nullable = true) Instant assignedAt,
            @Schema(nullable = true) String resolution, @Schema(nullable = true) Instant closedAt) {
        static AssistanceView of(AssistanceRequest r) {
            return new AssistanceView(r.id(), r.planId(), r.topic(), r.details(), r.status().name(), r.requestedAt(), r.assignee(),
                    r.assignedAt(), r.resolution(), r.closedAt());
        }
    }

    // Public views: only what the public record holds (no emails, no drafts, no unpublished versions).

    @Schema(name = "Principle")
    public record PrincipleView(@Schema(example = "5") int number, @Schema(example = "Teacher Evaluation") String title) {
        static List<PrincipleView> of(Map<Integer, String> principles) {
            return principles.entrySet().stream().map(e -> new PrincipleView(e.getKey(), e.getValue())).toList();
        }
    }

    @Schema(name = "PublicProgress", description = "Share of milestones done; measures on track (straight line from baseline at first"
            + " publication to target at the target date)")
    public record ProgressView(int milestonesDone, int milestonesTotal, @Schema(example = "0.25") BigDecimal milestoneShare,
            @Schema(nullable = true, description = "absent in search results") Integer measuresOnTrack,
            @Schema(nullable = true, description = "absent in search results") Integer measuresTotal,
            @Schema(enumeration = {"NOT_STARTED", "UNDER_WAY", "COMPLETE"}) String band) {
        static ProgressView of(int done, int total, Integer onTrack, Integer measures) {
            return new ProgressView(done, total, Progress.milestoneShare(done, total), onTrack, measures, Progress.band(done, total));
        }
    }

    @Schema(name = "PublicPlanSummary")
    public record PublicSummary(UUID planId, UUID conveningId, Organisation organisation, String title, int versionNumber,
            Instant publishedAt, List<Integer> principles, ProgressView progress,
            @Schema(description = "text match score (0 without q)") float rank) {
        static PublicSummary of(PublicPlans.Found f) {
            return new PublicSummary(f.planId(), f.conveningId(), Organisation.of(f.organisation()), f.title(), f.versionNumber(),
                    f.publishedAt(), f.principles(), ProgressView.of(f.milestonesDone(), f.milestonesTotal(), null, null), f.rank());
        }
    }

    @Schema(name = "PublicPlanPage")
    public static final class PublicPageSchema {
        public List<PublicSummary> items;
        @Schema(nullable = true)
        public String next;
    }

    @Schema(name = "PublicSigner", description = "A public official who signed the published version")
    public record PublicSigner(String name, String role, Instant signedAt) {
    }

    @Schema(name = "PublicMeasure")
    public record PublicMeasure(UUID id, String name, String unit, BigDecimal baseline, BigDecimal target, LocalDate targetDate,
            List<PublicPlans.Value> history, boolean onTrack) {
    }

    @Schema(name = "PublicMilestone")
    public record PublicMilestone(UUID id, String title, LocalDate dueDate, String ownerRole, @Schema(nullable = true) LocalDate completedOn,
            @Schema(enumeration = {"DONE", "OPEN", "OVERDUE"}) String status) {
    }

    @Schema(name = "PublicPlan", description = "A published plan: its latest published version, signers, measures with history,"
            + " milestones and progress")
    public record PublicPlan(UUID planId, UUID conveningId, Organisation organisation, int versionNumber, Instant publishedAt,
            String title, @Schema(nullable = true) String summary,
            @Schema(description = "the principles chosen, with goals, strategies and tactics") JsonNode principles,
            List<PublicSigner> signers, List<PublicMeasure> measures, List<PublicMilestone> milestones, ProgressView progress,
            LocalDate asOf) {
        static PublicPlan of(PublicPlans.PlanPage p) {
            JsonNode content = p.content();
            return new PublicPlan(p.planId(), p.conveningId(), Organisation.of(p.organisation()), p.version().number(),
                    p.version().publishedAt(), content.path("title").asText(), content.hasNonNull("summary") ? content.get("summary").asText() : null,
                    content.path("principles"), p.signers().stream().map(s -> new PublicSigner(s.name(), s.role(), s.signedAt())).toList(),
                    p.measures().stream().map(m -> new PublicMeasure(m.id(), m.name(), m.unit(), m.baseline(), m.target(), m.targetDate(),
                            m.history(), m.onTrack())).toList(),
                    p.milestones().stream().map(m -> new PublicMilestone(m.id(), m.title(), m.dueDate(), m.ownerRole(), m.completedOn(),
                            m.status(p.asOf()))).toList(),
                    ProgressView.of(p.milestonesDone(), p.milestones().size(), p.measuresOnTrack(), p.measures().size()), p.asOf());
        }
    }
}
