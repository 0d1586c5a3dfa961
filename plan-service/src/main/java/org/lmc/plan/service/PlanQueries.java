package org.lmc.plan.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;
import org.lmc.plan.domain.Plan;
import org.lmc.plan.domain.PlanVersion;
import org.lmc.plan.domain.ProjectedMember;
import org.lmc.plan.domain.ProjectedTeam;
import org.lmc.plan.domain.Signature;
import org.lmc.plan.repository.PlanRepository;
import org.lmc.plan.repository.TeamRepository;
import org.lmc.web.Caller;
import org.lmc.web.ProblemException;
import org.lmc.web.ChangeFeed;
import org.lmc.web.Cursor;

/** Lists of plans for signed-in readers; the caller's organisation filter is applied by the resource. */
@ApplicationScoped
public class PlanQueries {
    private final PlanRepository plans;
    private final TeamRepository teams;

    PlanQueries(PlanRepository plans, TeamRepository teams) {
        this.plans = plans;
        this.teams = teams;
    }

    /** A version with its signatures, in signing order. */
    public record SignedVersion(PlanVersion version, List<Signature> signatures) {
    }

    /** A plan as its district sees it in the portal: the plan, every version with its signatures, the team's members. */
    public record PlanFolder(Plan plan, List<SignedVersion> versions, List<ProjectedMember> members) {
    }

    /** The plan's folder, read in one transaction with the API's check: another organisation's plan is not found. */
    @Transactional
    public PlanFolder folder(UUID planId, Caller caller) {
        Plan plan = plans.findByIdOptional(planId).orElseThrow(() -> ProblemException.notFound("plan", planId));
        PlanLocks.requireReadable(plan, caller);
        List<SignedVersion> versions = plans.versions(planId).stream()
                .map(v -> new SignedVersion(v, plans.signatures(planId, v.number()))).toList();
        List<ProjectedMember> members = teams.findByIdOptional(plan.teamId()).map(ProjectedTeam::members).orElse(List.of());
        return new PlanFolder(plan, versions, members);
    }

    @Transactional
    public List<Plan> list(PlanRepository.PlanFilter filter, Cursor cursor, int max) {
        return plans.list(filter, cursor, max);
    }

    @Transactional
    public List<PlanRepository.Change> changes(String orgId, ChangeFeed.Token since, int max) {
        return plans.changedSince(orgId, since, max);
    }
}
