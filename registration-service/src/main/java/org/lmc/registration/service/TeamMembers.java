package org.lmc.registration.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.UUID;
import org.lmc.registration.domain.Team;
import org.lmc.web.Caller;
import org.lmc.web.ETags;

/**
 * Changes to a team that do not decide its place: members added or replaced before the convening, presenter
 * designation, check-in at the convening. They hold the convening's lock too, so no change works from a stale team.
 */
@ApplicationScoped
public class TeamMembers {
    private final TeamLocks locks;

    TeamMembers(TeamLocks locks) {
        this.locks = locks;
    }

    /** Replaces a member, provided the caller read the team's current version ({@code ifMatch}, its ETag). */
    @Transactional
    public Team replace(UUID teamId, UUID memberId, Team.NewMember replacement, String ifMatch, Caller caller) {
        TeamLocks.Locked locked = locks.lock(teamId, caller);
        ETags.requireMatch(ifMatch, locked.team().version());
        locks.changed(locked.team(), locked.team().replaceMember(memberId, replacement, locked.convening(), Now.instant()));
        return locked.team();
    }

    @Transactional
    public Team add(UUID teamId, Team.NewMember newcomer, Caller caller) {
        TeamLocks.Locked locked = locks.lock(teamId, caller);
        locks.changed(locked.team(), locked.team().addMember(newcomer, locked.convening(), Now.instant()));
        return locked.team();
    }

    @Transactional
    public Team designatePresenter(UUID teamId, String session, Caller caller) {
        TeamLocks.Locked locked = locks.lock(teamId, caller);
        locks.changed(locked.team(), locked.team().designatePresenter(session, locked.convening(), Now.instant()));
        return locked.team();
    }

    @Transactional
    public Team checkIn(UUID teamId, UUID memberId, Caller caller) {
        TeamLocks.Locked locked = locks.lock(teamId, caller);
        locks.changed(locked.team(), locked.team().checkIn(memberId, locked.convening(), caller.subject(), Now.instant()));
        return locked.team();
    }
}
