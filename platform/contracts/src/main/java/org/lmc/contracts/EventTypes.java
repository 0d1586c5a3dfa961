package org.lmc.contracts;

import java.util.List;

/**
 * Versioned event type names ({@code ce_type}). A breaking change gets a new version suffix; the
 * schema of each lives in {@code org/lmc/contracts/schemas/<type>.json}.
 */
public final class EventTypes {
    public static final String REGISTRATION_SOURCE = "/lmc/registration-service";
    public static final String PLAN_SOURCE = "/lmc/plan-service";
    public static final String FUNDING_SOURCE = "/lmc/funding-service";
    public static final String NOTIFICATION_SOURCE = "/lmc/notification-service";

    public static final String TEAM_REGISTERED_V1 = "org.lmc.registration.team-registered.v1";
    public static final String MEMBER_COMMITTED_V1 = "org.lmc.registration.member-committed.v1";
    public static final String TEAM_CONFIRMED_V1 = "org.lmc.registration.team-confirmed.v1";
    public static final String TEAM_WAITLISTED_V1 = "org.lmc.registration.team-waitlisted.v1";
    public static final String TEAM_PROMOTED_V1 = "org.lmc.registration.team-promoted.v1";
    public static final String TEAM_CANCELLED_V1 = "org.lmc.registration.team-cancelled.v1";
    public static final String MEMBER_REPLACED_V1 = "org.lmc.registration.member-replaced.v1";
    public static final String MEMBER_CHECKED_IN_V1 = "org.lmc.registration.member-checked-in.v1";
    public static final String BOOTH_ASSIGNED_V1 = "org.lmc.registration.booth-assigned.v1";
    public static final String PRESENTER_DESIGNATED_V1 = "org.lmc.registration.presenter-designated.v1";
    public static final String MEMBER_ADDED_V1 = "org.lmc.registration.member-added.v1";

    /** Every type with a schema; the contract test proves each schema file exists and compiles. */
    public static final List<String> ALL = java.util.stream.Stream.of(List.of(TEAM_REGISTERED_V1, MEMBER_COMMITTED_V1,
            TEAM_CONFIRMED_V1, TEAM_WAITLISTED_V1, TEAM_PROMOTED_V1, TEAM_CANCELLED_V1, MEMBER_REPLACED_V1, MEMBER_CHECKED_IN_V1,
            BOOTH_ASSIGNED_V1, PRESENTER_DESIGNATED_V1, MEMBER_ADDED_V1),
            org.lmc.contracts.funding.FundingEventTypes.ALL,
            org.lmc.contracts.notification.NotificationEventTypes.ALL,
            org.lmc.contracts.plan.PlanEventTypes.ALL).flatMap(List::stream).toList();

    private EventTypes() {
    }

    /** The type without its version suffix: {@code org.lmc.registration.team-registered}. */
    public static String family(String type) {
        int dot = type.lastIndexOf(".v");
        if (dot > 0 && type.substring(dot + 2).chars().allMatch(Character::isDigit) && dot + 2 < type.length()) {
            return type.substring(0, dot);
        }
        return type;
    }
}
