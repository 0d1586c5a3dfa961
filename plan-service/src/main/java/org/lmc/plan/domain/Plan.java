package org.lmc.plan.domain;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.lmc.contracts.plan.PlanClosed;
import org.lmc.contracts.plan.PlanEventTypes;
import org.lmc.contracts.plan.PlanOpened;
import org.lmc.contracts.plan.PlanPublished;
import org.lmc.contracts.plan.VersionEndorsed;
import org.lmc.contracts.plan.VersionSigned;
import org.lmc.contracts.plan.VersionSubmitted;
import org.lmc.contracts.registration.TeamOrganisation;
import org.lmc.messaging.PendingEvent;
import org.lmc.web.ProblemException;

/**
 * A team's District Action Plan for one convening: a draft the team edits, immutable numbered versions frozen from
 * it, joint sign-off of a version, and publication of an endorsed one. Each method checks its rule and returns the
 * events it causes; the caller holds the plan's row lock and writes them to the outbox.
 */
@Entity
@Table(name = "plan")
public class Plan {
    @Id
    private UUID id;
    @Column(name = "team_id")
    private UUID teamId;
    @Column(name = "convening_id")
    private UUID conveningId;
    @Column(name = "org_kind")
    private String orgKind;
    @Column(name = "org_id")
    private String orgId;
    @Column(name = "org_name")
    private String orgName;
    @Column(name = "org_state")
    private String orgState;
    @Enumerated(EnumType.STRING)
    private PlanStatus status;
    @JdbcTypeCode(SqlTypes.JSON)
    private JsonNode draft;
    /** The draft's ETag: moves with every saved draft. */
    @Column(name = "draft_revision")
    private long draftRevision;
    @Column(name = "latest_version")
    private int latestVersion;
    @Column(name = "published_version")
    private Integer publishedVersion;
    @Column(name = "published_at")
    private Instant publishedAt;
    @Column(name = "opened_at")
    private Instant openedAt;
    @Column(name = "closed_at")
    private Instant closedAt;
    @Column(name = "updated_at")
    private Instant updatedAt;

    protected Plan() {
    }

    /** Opens the plan of a team just confirmed (or promoted from the waitlist), with an empty draft. */
    public static Opened open(UUID id, ProjectedTeam team, Instant now) {
        Plan plan = new Plan();
        plan.id = id;
        plan.teamId = team.id();
        plan.conveningId = team.conveningId();
        TeamOrganisation organisation = team.organisation();
        plan.orgKind = organisation.kind();
        plan.orgId = organisation.orgId();
        plan.orgName = organisation.name();
        plan.orgState = organisation.state();
        plan.status = PlanStatus.OPEN;
        plan.draft = PlanContent.empty(organisation.name() + " action plan");
        plan.draftRevision = 1;
        plan.openedAt = now;
        plan.updatedAt = now;
        return new Opened(plan, List.of(plan.event(PlanEventTypes.PLAN_OPENED_V1,
                new PlanOpened(id, plan.conveningId, plan.teamId, organisation, List.of(), null, now))));
    }

    /** A new plan and the events of its opening. */
    public record Opened(Plan plan, List<PendingEvent> events) {
    }

    /** The team was cancelled: the plan is kept, closed to changes. Closing a closed plan changes nothing. */
    public List<PendingEvent> close(String reason, Instant now) {
        if (status == PlanStatus.CLOSED) {
            return List.of();
        }
        status = PlanStatus.CLOSED;
        closedAt = now;
        updatedAt = now;
        return List.of(event(PlanEventTypes.PLAN_CLOSED_V1,
                new PlanClosed(id, conveningId, teamId, organisation(), List.of(), null, now, reason)));
    }

    /** Keeps the organisation's name and state as registration last described them. */
    public void describe(TeamOrganisation organisation) {
        orgName = organisation.name();
        orgState = organisation.state();
    }

    /** Replaces the draft with checked content. */
    public void saveDraft(JsonNode content, Instant now) {
        requireOpen();
        draft = content.deepCopy();
        draftRevision++;
        updatedAt = now;
    }

    /** Freezes the draft as the next numbered version; the draft stays as it is for further edits. */
    public Submitted submit(String submittedBy, Instant now) {
        requireOpen();
        List<ContentError> missing = PlanContent.submittable(draft);
        if (!missing.isEmpty()) {
            ContentError first = missing.get(0);
            throw ProblemException.rule("draft-incomplete", "draft." + first.field(), first.message());
        }
        latestVersion++;
        updatedAt = now;
        PlanVersion version = new PlanVersion(id, latestVersion, draft, now, submittedBy);
        return new Submitted(version, List.of(event(PlanEventTypes.VERSION_SUBMITTED_V1, new VersionSubmitted(id, conveningId, teamId,
                organisation(), List.of(), null, now, version.number()))));
    }

    /** A frozen version and the events of its submission. */
    public record Submitted(PlanVersion version, List<PendingEvent> events) {
    }

    /**
     * {@code signer} signs {@code version} in their role. Only the latest version can be signed, once per role; the
     * signature of the second required side endorses it.
     */
    public Signed sign(PlanVersion version, Collection<Signature> existing, ProjectedMember signer, String subject, Instant now) {
        requireOpen();
        if (version.number() != latestVersion) {
            throw ProblemException.conflict("version-superseded", "version " + version.number() + " is superseded by version "
                    + latestVersion + "; sign the latest version");
        }
        if (!SignOff.maySign(signer.role(), orgKind)) {
            throw ProblemException.forbidden("a member in role " + signer.role() + " does not sign action plans; "
                    + SignOff.requiredRoles(orgKind) + " sign, " + SignOff.BOARD_PRESIDENT + " may co-sign");
        }
        List<String> signedRoles = new ArrayList<>(existing.stream().map(Signature::role).toList());
        if (signedRoles.contains(signer.role())) {
            throw ProblemException.conflict("already-signed", "version " + version.number() + " is already signed by the "
                    + signer.role());
        }
        Signature signature = new Signature(id, version.number(), signer.role(), signer.id(), signer.name(), subject, now);
        signedRoles.add(signer.role());
        List<String> awaited = SignOff.awaitedRoles(orgKind, signedRoles);
        updatedAt = now;
        List<PendingEvent> events = new ArrayList<>();
        events.add(event(PlanEventTypes.VERSION_SIGNED_V1, new VersionSigned(id, conveningId, teamId, organisation(), awaited,
                signer.id(), now, version.number(), signer.role(), signer.name(), awaited)));
        if (awaited.isEmpty() && !version.endorsed()) {
            version.endorse(now);
            events.add(event(PlanEventTypes.VERSION_ENDORSED_V1, new VersionEndorsed(id, conveningId, teamId, organisation(),
                    List.of(), null, now, version.number(), List.copyOf(signedRoles))));
        }
        return new Signed(signature, events);
    }

    /** A signature and the events it causes. */
    public record Signed(Signature signature, List<PendingEvent> events) {
    }

    /** Makes an endorsed version the team's public plan; only a version newer than the published one. */
    public List<PendingEvent> publish(PlanVersion version, Instant now) {
        requireOpen();
        if (!version.endorsed()) {
            throw ProblemException.rule("not-endorsed", "version", "version " + version.number() + " is not endorsed: it needs the"
                    + " signatures of " + SignOff.requiredRoles(orgKind));
        }
        if (publishedVersion != null && publishedVersion >= version.number()) {
            throw ProblemException.conflict("already-published", "version " + publishedVersion + " is already published");
        }
        version.publish(now);
        publishedVersion = version.number();
        publishedAt = now;
        updatedAt = now;
        return List.of(event(PlanEventTypes.PLAN_PUBLISHED_V1, new PlanPublished(id, conveningId, teamId, organisation(), List.of(),
                null, now, version.number())));
    }

    /** Progress is reported and milestones completed against the published version, while the plan is open. */
    public int versionInForce() {
        requireOpen();
        if (publishedVersion == null) {
            throw ProblemException.conflict("not-published", "the plan has no published version to report progress on");
        }
        return publishedVersion;
    }

    public void touch(Instant now) {
        updatedAt = now;
    }

    /** Changes need an open plan; a closed one (its team cancelled) is kept read-only. */
    public void requireOpen() {
        if (status == PlanStatus.CLOSED) {
            throw ProblemException.conflict("plan-closed", "the plan is closed: its team was cancelled");
        }
    }

    public PendingEvent event(String type, Object data) {
        return new PendingEvent(type, id.toString(), data);
    }

    public UUID id() {
        return id;
    }

    public UUID teamId() {
        return teamId;
    }

    public UUID conveningId() {
        return conveningId;
    }

    public TeamOrganisation organisation() {
        return new TeamOrganisation(orgKind, orgId, orgName, orgState);
    }

    public PlanStatus status() {
        return status;
    }

    public JsonNode draft() {
        return draft.deepCopy();
    }

    public long draftRevision() {
        return draftRevision;
    }

    public int latestVersion() {
        return latestVersion;
    }

    public Integer publishedVersion() {
        return publishedVersion;
    }

    public Instant publishedAt() {
        return publishedAt;
    }

    public Instant openedAt() {
        return openedAt;
    }

    public Instant closedAt() {
        return closedAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
