package org.lmc.plan.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.lmc.contracts.registration.TeamMember;
import org.lmc.contracts.registration.TeamOrganisation;
import org.lmc.messaging.Outbox;
import org.lmc.plan.domain.Plan;
import org.lmc.plan.domain.ProjectedTeam;
import org.lmc.plan.repository.PlanRepository;
import org.lmc.plan.repository.TeamRepository;

/**
 * Keeps the service's own picture of teams from registration events, and opens or closes plans with it: one plan per
 * confirmed team (a team belongs to one convening), opened when the team is confirmed or promoted from the waitlist;
 * closed, never deleted, when the team is cancelled. Runs in the inbox's transaction, so a redelivered event has no
 * second effect; the unique team id on {@code plan} backs that up.
 */
@ApplicationScoped
public class TeamProjection {
    private final TeamRepository teams;
    private final PlanRepository plans;
    private final Outbox outbox;
    private final Clock clock;

    TeamProjection(TeamRepository teams, PlanRepository plans, Outbox outbox, Clock clock) {
        this.teams = teams;
        this.plans = plans;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** What a registration event says of a team. */
    public record Described(UUID teamId, UUID conveningId, TeamOrganisation organisation, String status, List<TeamMember> members) {
    }

    /** The team as described now; its plan, if any, follows the organisation's name. */
    @Transactional(Transactional.TxType.MANDATORY)
    public ProjectedTeam describe(Described team) {
        Optional<ProjectedTeam> known = teams.lock(team.teamId());
        ProjectedTeam projected = known.orElseGet(() -> new ProjectedTeam(team.teamId()));
        projected.describe(team.conveningId(), team.organisation(), team.status(), team.members(), Now.of(clock));
        if (known.isEmpty()) {
            teams.persist(projected);
        }
        plans.ofTeam(team.teamId()).ifPresent(plan -> plan.describe(team.organisation()));
        return projected;
    }

    /** A confirmed (or promoted) team gets its plan, unless it has one. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void confirmed(Described team) {
        ProjectedTeam projected = describe(team);
        if (plans.ofTeam(team.teamId()).isPresent()) {
            return;
        }
        Plan.Opened opened = Plan.open(UUID.randomUUID(), projected, Now.of(clock));
        plans.persist(opened.plan());
        outbox.publishAll(opened.events());
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void cancelled(Described team) {
        describe(team);
        plans.ofTeam(team.teamId()).ifPresent(plan -> {
            Plan locked = plans.lock(plan.id()).orElseThrow();
            Instant now = Now.of(clock);
            outbox.publishAll(locked.close("team cancelled", now));
        });
    }
}
