package org.lmc.registration.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;
import org.lmc.messaging.Outbox;
import org.lmc.messaging.PendingEvent;
import org.lmc.registration.domain.Convening;
import org.lmc.registration.domain.Team;
import org.lmc.registration.repository.ConveningRepository;
import org.lmc.registration.repository.TeamRepository;
import org.lmc.web.Caller;
import org.lmc.web.ProblemException;

/**
 * Every change to a registered team holds its convening's row lock, taken before the team is read, and ends in
 * {@link #changed}. One lock, always taken first, means no deadlocks between teams, and a team is never changed
 * from a stale read.
 */
@ApplicationScoped
public class TeamLocks {
    private final TeamRepository teams;
    private final ConveningRepository convenings;
    private final Outbox outbox;

    TeamLocks(TeamRepository teams, ConveningRepository convenings, Outbox outbox) {
        this.teams = teams;
        this.convenings = convenings;
        this.outbox = outbox;
    }

    /** A team with its convening locked. */
    public record Locked(Convening convening, Team team) {
    }

    /** Locks the team's convening, then reads the team; another district's team is reported as not found. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Locked lock(UUID teamId, Caller caller) {
        UUID conveningId = teams.conveningOf(teamId).orElseThrow(() -> ProblemException.notFound("team", teamId));
        Convening convening = convenings.lock(conveningId).orElseThrow(() -> ProblemException.notFound("convening", conveningId));
        Team team = teams.findWithMembers(teamId);
        if (!caller.mayActFor(team.organisation().orgId())) {
            throw ProblemException.notFound("team", teamId);
        }
        return new Locked(convening, team);
    }

    /**
     * Records a change to {@code team}: its version (the ETag) moves on and the events go to the outbox. Every
     * change causes an event and a retry that changes nothing causes none, so the events tell whether the team
     * changed. The version is forced because a change to a member alone would not move the team's.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void changed(Team team, List<PendingEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        teams.getEntityManager().lock(team, LockModeType.PESSIMISTIC_FORCE_INCREMENT);
        outbox.publishAll(events);
    }
}
