package org.lmc.registration.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.lmc.messaging.PendingEvent;
import org.lmc.registration.domain.Convening;
import org.lmc.registration.domain.Member;
import org.lmc.registration.domain.Team;
import org.lmc.registration.domain.TeamStatus;
import org.lmc.registration.repository.TeamRepository;
import org.lmc.web.Caller;
import org.lmc.web.ProblemException;
import org.lmc.web.SeatHolder;

/**
 * Commitments and cancellations: the changes that decide a team's place. Each holds its convening's row lock
 * ({@link TeamLocks}), so N teams completing at once for K places get exactly K places, and the
 * waitlist order is the order in which the lock was granted.
 */
@ApplicationScoped
public class TeamPlaces {
    private final TeamRepository teams;
    private final TeamLocks locks;

    TeamPlaces(TeamRepository teams, TeamLocks locks) {
        this.teams = teams;
        this.locks = locks;
    }

    /**
     * A member commits to attend: for themself (a district user of the team's organisation, acting as the member's
     * person: see {@link SeatHolder}) or recorded by staff. The last required commitment confirms or waitlists the
     * team. A person's first commitment binds the member's seat to their token subject.
     */
    @Transactional
    public Team commit(UUID teamId, UUID memberId, Caller caller) {
        boolean inPerson = !caller.isStaff();
        TeamLocks.Locked locked = locks.lock(teamId, caller, () -> {
            if (inPerson) {
                TeamRepository.Seat seat = teams.seatOf(teamId, memberId).orElseThrow(() -> ProblemException.notFound("member", memberId));
                SeatHolder.requireHolder(caller, seat.email(), seat.boundSubject(), "member " + memberId);
            }
        });
        Team team = locked.team();
        Member member = team.member(memberId).orElseThrow(() -> ProblemException.notFound("member", memberId));
        if (inPerson) {
            // Again under the lock: a replacement or another person's binding may have come in since the check.
            team.bindMember(memberId, SeatHolder.requireHolder(caller, member.email(), member.boundSubject(), "member " + memberId));
        }
        Instant now = Now.instant();
        List<String> requiredRoles = locked.convening().requiredRolesOf(team.organisation().kind());
        List<PendingEvent> events = new ArrayList<>(team.commit(memberId, requiredRoles, caller.subject(), now));
        if (team.awaitsPlace(requiredRoles)) {
            events.addAll(place(team, locked.convening(), now));
        }
        locks.changed(team, events);
        return team;
    }

    /** A team withdraws; if it held a place, the first waitlisted team takes it in the same transaction. */
    @Transactional
    public Team cancel(UUID teamId, Caller caller) {
        TeamLocks.Locked locked = locks.lock(teamId, caller);
        Team team = locked.team();
        Instant now = Now.instant();
        boolean heldPlace = team.status() == TeamStatus.CONFIRMED;
        List<PendingEvent> events = new ArrayList<>(team.cancel(now));
        if (heldPlace) {
            // Flush the cancellation first, so the count below no longer sees this team's place.
            teams.flush();
            if (locked.convening().hasRoomBeside(teams.countWithStatus(team.conveningId(), TeamStatus.CONFIRMED))) {
                teams.firstWaitlisted(team.conveningId()).ifPresent(next ->
                        events.addAll(next.promote(team.id(), teams.lowestFreeBooth(team.conveningId()), now)));
            }
        }
        // The promoted team's own fields changed, so its version moves on without being forced.
        locks.changed(team, events);
        return team;
    }

    private List<PendingEvent> place(Team team, Convening convening, Instant now) {
        if (convening.hasRoomBeside(teams.countWithStatus(convening.id(), TeamStatus.CONFIRMED))) {
            return team.confirm(teams.lowestFreeBooth(convening.id()), now);
        }
        int position = (int) teams.countWithStatus(convening.id(), TeamStatus.WAITLISTED) + 1;
        return team.waitlist(teams.nextWaitlistOrder(convening.id()), position, now);
    }
}
