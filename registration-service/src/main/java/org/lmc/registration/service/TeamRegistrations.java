package org.lmc.registration.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.lmc.messaging.Outbox;
import org.lmc.registration.domain.Organisation;
import org.lmc.registration.domain.Team;
import org.lmc.registration.repository.TeamRepository;
import org.lmc.web.ProblemException;

/** Registering a team: the team, its members and its team-registered event commit together. */
@ApplicationScoped
public class TeamRegistrations {
    private final TeamRepository teams;
    private final Outbox outbox;

    TeamRegistrations(TeamRepository teams, Outbox outbox) {
        this.teams = teams;
        this.outbox = outbox;
    }

    @Transactional
    public Team register(UUID conveningId, Organisation organisation, List<Team.NewMember> members, String registeredBy) {
        if (teams.existsFor(conveningId, organisation.orgId())) {
            throw ProblemException.conflict("duplicate-team", "organisation " + organisation.orgId()
                    + " already has a team registered for convening " + conveningId);
        }
        Team.Registration registration = Team.register(conveningId, organisation, members, registeredBy, Instant.now());
        teams.persist(registration.team());
        outbox.publishAll(registration.events());
        return registration.team();
    }

    public Team find(UUID teamId) {
        return teams.findByIdOptional(teamId).orElseThrow(() -> ProblemException.notFound("team", teamId));
    }
}
