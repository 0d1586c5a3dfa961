package org.lmc.registration.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.lmc.messaging.Outbox;
import org.lmc.registration.domain.Convening;
import org.lmc.registration.domain.Organisation;
import org.lmc.registration.domain.Team;
import org.lmc.registration.domain.TeamStatus;
import org.lmc.registration.repository.ConveningRepository;
import org.lmc.registration.repository.TeamRepository;
import org.lmc.web.Caller;
import org.lmc.web.ChangeFeed;
import org.lmc.web.Cursor;
import org.lmc.web.ProblemException;

/** Registering a team: the team, its members and its team-registered event commit together. */
@ApplicationScoped
public class TeamRegistrations {
    private final TeamRepository teams;
    private final ConveningRepository convenings;
    private final Outbox outbox;

    TeamRegistrations(TeamRepository teams, ConveningRepository convenings, Outbox outbox) {
        this.teams = teams;
        this.convenings = convenings;
        this.outbox = outbox;
    }

    /**
     * One round trip and nothing read back: the convening comes from the second-level cache (it never changes); the
     * team, its members and its event's outbox row go in one round trip ({@link TeamRepository#insertRegistered}), and
     * the unique key (not a look-up first) refuses a second team of the organisation.
     */
    @Transactional
    public Team register(UUID conveningId, Organisation organisation, List<Team.NewMember> members, String registeredBy) {
        Convening convening = convenings.findByIdOptional(conveningId).orElseThrow(() -> ProblemException.notFound("convening", conveningId));
        Team.Registration registration = Team.register(convening, organisation, members, registeredBy, Now.instant());
        if (!teams.insertRegistered(registration.team(), outbox.rows(registration.events()))) {
            throw duplicate(conveningId, organisation);
        }
        return registration.team();
    }

    private static ProblemException duplicate(UUID conveningId, Organisation organisation) {
        return ProblemException.conflict("duplicate-team", "organisation " + organisation.orgId()
                + " already has a team registered for convening " + conveningId);
    }

    /** The team with its members, in one query, for reading only. */
    public Team find(UUID teamId) {
        return teams.readWithMembers(teamId).orElseThrow(() -> ProblemException.notFound("team", teamId));
    }

    /**
     * The team as {@code caller} may read it: another organisation's team does not exist for a district user (404), as
     * for the API's {@code GET /teams/{team}} and the district portal.
     */
    public Team visible(UUID teamId, Caller caller) {
        Team team = find(teamId);
        if (caller.readsOnlyOrganisation().filter(own -> !own.equals(team.organisation().orgId())).isPresent()) {
            throw ProblemException.notFound("team", teamId);
        }
        return team;
    }

    /** A team with its convening and, while it is waitlisted, its place in the line (1 = next). */
    public record TeamInConvening(Team team, Convening convening, Integer waitlistPosition) {
    }

    /** {@link #visible} with the team's convening and waitlist position. */
    public TeamInConvening visibleInConvening(UUID teamId, Caller caller) {
        Team team = visible(teamId, caller);
        return new TeamInConvening(team, convenings.findById(team.conveningId()), waitlistPosition(team));
    }

    /**
     * Up to {@code max} teams of the one organisation a district user reads (nothing for a token without one), in every
     * convening, newest registration first.
     */
    public List<TeamInConvening> ofOwnOrganisation(Caller caller, int max) {
        Optional<String> own = caller.readsOnlyOrganisation();
        if (own.isEmpty() || own.get().equals(Caller.NO_ORGANISATION)) {
            return List.of();
        }
        List<Team> found = teams.ofOrganisation(own.get(), max);
        Map<UUID, Convening> byId = new HashMap<>();
        for (Team team : found) {
            byId.computeIfAbsent(team.conveningId(), convenings::findById);
        }
        return found.stream().map(t -> new TeamInConvening(t, byId.get(t.conveningId()), waitlistPosition(t))).toList();
    }

    /** A page of a convening's teams, with the waitlist positions of the convening's waitlisted teams. */
    public record TeamsOfConvening(List<Team> teams, Map<UUID, Integer> waitlistPositions) {
    }

    public TeamsOfConvening ofConvening(UUID conveningId, TeamRepository.TeamFilter filter, Cursor after, int max) {
        requireConvening(conveningId);
        return new TeamsOfConvening(teams.ofConvening(conveningId, filter, after, max), teams.waitlistPositions(conveningId));
    }

    /** Teams of a convening changed since a feed token, with the waitlist positions of the convening's waitlisted teams. */
    public record ChangesOfConvening(List<TeamRepository.Change> changes, Map<UUID, Integer> waitlistPositions) {
    }

    public ChangesOfConvening changesOf(UUID conveningId, String onlyOrgId, ChangeFeed.Token since, int max) {
        requireConvening(conveningId);
        return new ChangesOfConvening(teams.changedSince(conveningId, onlyOrgId, since, max), teams.waitlistPositions(conveningId));
    }

    private void requireConvening(UUID conveningId) {
        if (convenings.findByIdOptional(conveningId).isEmpty()) {
            throw ProblemException.notFound("convening", conveningId);
        }
    }

    /** The team's rank among its convening's waitlisted teams (1 = next), or null when it is not waitlisted. */
    public Integer waitlistPosition(Team team) {
        return team.status() == TeamStatus.WAITLISTED ? teams.waitlistPosition(team) : null;
    }
}
