package org.lmc.funding.domain;

import java.util.EnumSet;
import java.util.Set;

/** The two kinds of money that must never be mixed up, each with the categories it may pay for. */
public enum GrantKind {
    /** A foundation's grant for team members' travel, lodging and meals. */
    FOUNDATION_TRAVEL_GRANT(EnumSet.of(Category.TRAVEL, Category.LODGING, Category.MEALS)),
    /** The Department's money for producing the event, paid to vendors. */
    FEDERAL_EVENT_COST(EnumSet.of(Category.AUDIO_VISUAL, Category.PRINTING, Category.STAGING, Category.EVENT_STAFFING));

    private final Set<Category> categories;

    GrantKind(Set<Category> categories) {
        this.categories = categories;
    }

    public Set<Category> categories() {
        return categories;
    }

    public boolean allows(Category category) {
        return categories.contains(category);
    }

    public boolean paysTravellers() {
        return this == FOUNDATION_TRAVEL_GRANT;
    }
}
