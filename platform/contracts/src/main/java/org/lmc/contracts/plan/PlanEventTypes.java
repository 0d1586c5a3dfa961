package org.lmc.contracts.plan;

import java.util.List;

/**
 * Event types of plan-service ({@code lmc.plan.events}, keyed by the plan id). Every one carries the addressing
 * fields notification-service needs: {@code conveningId}, {@code teamId}, {@code organisation},
 * {@code recipientRoles} (empty = the whole team), {@code memberId} (when one person is concerned) and
 * {@code occurredAt}.
 */
public final class PlanEventTypes {
    public static final String PLAN_OPENED_V1 = "org.lmc.plan.plan-opened.v1";
    public static final String PLAN_CLOSED_V1 = "org.lmc.plan.plan-closed.v1";
    public static final String VERSION_SUBMITTED_V1 = "org.lmc.plan.version-submitted.v1";
    public static final String VERSION_SIGNED_V1 = "org.lmc.plan.version-signed.v1";
    public static final String VERSION_ENDORSED_V1 = "org.lmc.plan.version-endorsed.v1";
    public static final String PLAN_PUBLISHED_V1 = "org.lmc.plan.plan-published.v1";
    public static final String PROGRESS_REPORTED_V1 = "org.lmc.plan.progress-reported.v1";
    public static final String MILESTONE_COMPLETED_V1 = "org.lmc.plan.milestone-completed.v1";
    public static final String MILESTONE_DUE_SOON_V1 = "org.lmc.plan.milestone-due-soon.v1";
    public static final String MILESTONE_OVERDUE_V1 = "org.lmc.plan.milestone-overdue.v1";
    public static final String ASSISTANCE_REQUESTED_V1 = "org.lmc.plan.assistance-requested.v1";
    public static final String ASSISTANCE_ASSIGNED_V1 = "org.lmc.plan.assistance-assigned.v1";
    public static final String ASSISTANCE_CLOSED_V1 = "org.lmc.plan.assistance-closed.v1";

    public static final List<String> ALL = List.of(PLAN_OPENED_V1, PLAN_CLOSED_V1, VERSION_SUBMITTED_V1, VERSION_SIGNED_V1,
            VERSION_ENDORSED_V1, PLAN_PUBLISHED_V1, PROGRESS_REPORTED_V1, MILESTONE_COMPLETED_V1, MILESTONE_DUE_SOON_V1,
            MILESTONE_OVERDUE_V1, ASSISTANCE_REQUESTED_V1, ASSISTANCE_ASSIGNED_V1, ASSISTANCE_CLOSED_V1);

    private PlanEventTypes() {
    }
}
