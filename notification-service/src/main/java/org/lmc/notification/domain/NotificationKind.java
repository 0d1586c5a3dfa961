package org.lmc.notification.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.lmc.contracts.EventTypes;

/**
 * What a district is told, one kind per event type: its Qute template ({@code templates/kinds/<code>.txt}, subject
 * on the first line), how urgent it is and who is addressed. Plan and funding kinds are mapped by their type
 * names and the shared addressing fields ({@code organisation}, {@code teamId}, {@code recipientRoles},
 * {@code memberId}), so their payload records are not needed here; once their schemas are in the contracts,
 * the inbox validates those events like any other.
 */
public enum NotificationKind {
    REGISTRATION_RECEIVED(EventTypes.TEAM_REGISTERED_V1, Urgency.ROUTINE, Audience.TEAM),
    TEAM_CONFIRMED(EventTypes.TEAM_CONFIRMED_V1, Urgency.URGENT, Audience.TEAM),
    TEAM_WAITLISTED(EventTypes.TEAM_WAITLISTED_V1, Urgency.URGENT, Audience.TEAM),
    TEAM_PROMOTED(EventTypes.TEAM_PROMOTED_V1, Urgency.URGENT, Audience.TEAM),
    TEAM_CANCELLED(EventTypes.TEAM_CANCELLED_V1, Urgency.CRITICAL, Audience.TEAM),
    MEMBER_REPLACED(EventTypes.MEMBER_REPLACED_V1, Urgency.URGENT, Audience.TEAM),
    MEMBER_ADDED(EventTypes.MEMBER_ADDED_V1, Urgency.ROUTINE, Audience.TEAM),
    PRESENTER_DESIGNATED(EventTypes.PRESENTER_DESIGNATED_V1, Urgency.URGENT, Audience.TEAM),
    BOOTH_ASSIGNED(EventTypes.BOOTH_ASSIGNED_V1, Urgency.ROUTINE, Audience.TEAM),

    PLAN_OPENED("org.lmc.plan.plan-opened.v1", Urgency.ROUTINE, Audience.EVENT),
    PLAN_CLOSED("org.lmc.plan.plan-closed.v1", Urgency.ROUTINE, Audience.EVENT),
    VERSION_AWAITING_SIGNATURES("org.lmc.plan.version-submitted.v1", Urgency.URGENT, Audience.EVENT),
    VERSION_SIGNED("org.lmc.plan.version-signed.v1", Urgency.ROUTINE, Audience.EVENT),
    VERSION_ENDORSED("org.lmc.plan.version-endorsed.v1", Urgency.ROUTINE, Audience.EVENT),
    PLAN_PUBLISHED("org.lmc.plan.plan-published.v1", Urgency.URGENT, Audience.EVENT),
    PROGRESS_REPORTED("org.lmc.plan.progress-reported.v1", Urgency.ROUTINE, Audience.EVENT),
    MILESTONE_COMPLETED("org.lmc.plan.milestone-completed.v1", Urgency.ROUTINE, Audience.EVENT),
    MILESTONE_DUE_SOON("org.lmc.plan.milestone-due-soon.v1", Urgency.URGENT, Audience.MILESTONE_OWNER_AND_SUPERINTENDENT),
    MILESTONE_OVERDUE("org.lmc.plan.milestone-overdue.v1", Urgency.CRITICAL, Audience.MILESTONE_OWNER_AND_SUPERINTENDENT),
    ASSISTANCE_REQUESTED("org.lmc.plan.assistance-requested.v1", Urgency.ROUTINE, Audience.EVENT),
    ASSISTANCE_ASSIGNED("org.lmc.plan.assistance-assigned.v1", Urgency.URGENT, Audience.EVENT),
    ASSISTANCE_CLOSED("org.lmc.plan.assistance-closed.v1", Urgency.ROUTINE, Audience.EVENT),

    TRAVEL_RESERVED("org.lmc.funding.entitlement-reserved.v1", Urgency.URGENT, Audience.EVENT),
    TRAVEL_UNFUNDED("org.lmc.funding.entitlement-unfunded.v1", Urgency.URGENT, Audience.EVENT),
    TRAVEL_RELEASED("org.lmc.funding.entitlement-released.v1", Urgency.ROUTINE, Audience.EVENT),
    CLAIM_SUBMITTED("org.lmc.funding.claim-submitted.v1", Urgency.ROUTINE, Audience.EVENT),
    CLAIM_APPROVED("org.lmc.funding.claim-approved.v1", Urgency.URGENT, Audience.EVENT),
    CLAIM_REJECTED("org.lmc.funding.claim-rejected.v1", Urgency.URGENT, Audience.EVENT),
    PAYMENT_MADE("org.lmc.funding.payment-made.v1", Urgency.CRITICAL, Audience.EVENT);

    /** ROUTINE kinds may wait for the daily digest; CRITICAL kinds cannot be switched off. */
    public enum Urgency { ROUTINE, URGENT, CRITICAL }

    /**
     * TEAM: every member the registration event lists (and, for a replacement, the person replaced).
     * EVENT: the person {@code memberId} names, else the members in {@code recipientRoles}, else the whole team.
     * MILESTONE_OWNER_AND_SUPERINTENDENT: as EVENT, plus the milestone's {@code ownerRole} and the superintendent
     * (the chief state school officer on a state team).
     */
    public enum Audience { TEAM, EVENT, MILESTONE_OWNER_AND_SUPERINTENDENT }

    private static final Map<String, NotificationKind> BY_TYPE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(NotificationKind::eventType, Function.identity()));

    private final String eventType;
    private final Urgency urgency;
    private final Audience audience;

    NotificationKind(String eventType, Urgency urgency, Audience audience) {
        this.eventType = eventType;
        this.urgency = urgency;
        this.audience = audience;
    }

    public String eventType() {
        return eventType;
    }

    public Urgency urgency() {
        return urgency;
    }

    public Audience audience() {
        return audience;
    }

    public boolean critical() {
        return urgency == Urgency.CRITICAL;
    }

    public boolean digestible() {
        return urgency == Urgency.ROUTINE;
    }

    /** The Qute template's id, e.g. {@code kinds/team_confirmed}. */
    public String template() {
        return "kinds/" + name().toLowerCase();
    }

    public static Optional<NotificationKind> ofType(String eventType) {
        return Optional.ofNullable(BY_TYPE.get(eventType));
    }

    /** The kind with this code, or empty for a code no kind has. */
    public static Optional<NotificationKind> ofCode(String code) {
        return Arrays.stream(values()).filter(k -> k.name().equals(code)).findFirst();
    }

    public static List<String> codes() {
        return Arrays.stream(values()).map(Enum::name).toList();
    }
}
