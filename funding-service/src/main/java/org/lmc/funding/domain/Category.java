package org.lmc.funding.domain;

/** What money is spent on; each category belongs to exactly one {@link GrantKind}. */
public enum Category {
    TRAVEL, LODGING, MEALS, AUDIO_VISUAL, PRINTING, STAGING, EVENT_STAFFING;

    public GrantKind kind() {
        return GrantKind.FOUNDATION_TRAVEL_GRANT.allows(this) ? GrantKind.FOUNDATION_TRAVEL_GRANT : GrantKind.FEDERAL_EVENT_COST;
    }
}
