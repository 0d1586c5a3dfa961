package org.lmc.funding.service;

import org.lmc.funding.domain.Grant;
import org.lmc.funding.domain.Team;
import org.lmc.web.Caller;
import org.lmc.web.ProblemException;

/** Who sees which money. Another tenant's object is a 404, never a 403 that would confirm it exists. */
public final class Access {
    private Access() {
    }

    /** Admin and auditor see every grant; a funder only its own (by the token's {@code funder_id}). */
    public static boolean sees(Grant grant, Caller caller) {
        if (caller.is(Caller.ADMIN) || caller.is(Caller.AUDITOR)) {
            return true;
        }
        return caller.is(Caller.FUNDER) && caller.funderId().filter(grant.funderId()::equals).isPresent();
    }

    public static void requireSees(Grant grant, Caller caller, String what, Object id) {
        if (!sees(grant, caller)) {
            throw ProblemException.notFound(what, id);
        }
    }

    /** Staff and auditors see every team's money; a district user only its own organisation's team. */
    public static boolean seesTeam(Team team, Caller caller) {
        if (caller.isStaff() || caller.is(Caller.AUDITOR)) {
            return true;
        }
        return caller.is(Caller.DISTRICT) && caller.orgId().filter(team.orgId()::equals).isPresent();
    }

    /**
     * Whether the caller is the traveller themself: a district user of the team's organisation whose token email is
     * verified ({@link Caller#verifiedEmail()}) and is the member's.
     */
    public static boolean isTraveller(Team.Member member, Caller caller) {
        return caller.is(Caller.DISTRICT) && caller.verifiedEmail().filter(member.email()::equals).isPresent();
    }
}
