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

    /**
     * Checks the caller, locks the team's convening, then reads the team; another district's team is reported as
     * not found. The caller is checked before the lock, so a caller who may not change the team never holds it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Locked lock(UUID teamId, Caller caller) {
        return lock(teamId, caller, () -> {
        });
    }

    /** As {@link #lock(UUID, Caller)}, with a further check of the caller ({@code checkBeforeLock}) run before the lock. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Locked lock(UUID teamId, Caller caller, Runnable checkBeforeLock) {
        TeamRepository.Belonging belonging = teams.belongingOf(teamId)
                .filter(b -> caller.mayActFor(b.orgId())).orElseThrow(() -> ProblemException.notFound("team", teamId));
        checkBeforeLock.run();
        Convening convening = convenings.lock(belonging.conveningId())
                .orElseThrow(() -> ProblemException.notFound("convening", belonging.conveningId()));
        return new Locked(convening, teams.findWithMembers(teamId));
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
