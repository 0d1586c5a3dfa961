package org.lmc.notification.service;

import org.lmc.web.Caller;
import org.lmc.web.ProblemException;

/** Whose inbox or preferences a request is about: a district user's own organisation, or the one staff name. */
public final class OrganisationScope {
    private OrganisationScope() {
    }

    /**
     * {@code orgId} when the caller may act for it (another organisation's records do not exist for a district user:
     * 404); without it, a district user's own organisation, while staff must name one (400).
     */
    public static String of(Caller caller, String orgId, String what) {
        if (orgId == null) {
            if (caller.is(Caller.DISTRICT) && !caller.isStaff()) {
                return caller.orgId().orElseThrow(() -> ProblemException.forbidden("the token names no organisation (org_id)"));
            }
            throw ProblemException.invalid("orgId", "is required for staff: name the organisation");
        }
        if (!caller.mayActFor(orgId)) {
            throw ProblemException.notFound(what, orgId);
        }
        return orgId;
    }
}
