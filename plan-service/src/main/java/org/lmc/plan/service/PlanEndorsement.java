package org.lmc.plan.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.lmc.messaging.PendingEvent;
import org.lmc.plan.domain.Plan;
import org.lmc.plan.domain.PlanVersion;
import org.lmc.plan.domain.ProjectedMember;
import org.lmc.plan.domain.ProjectedTeam;
import org.lmc.plan.domain.Signature;
import org.lmc.plan.repository.PlanRepository;
import org.lmc.plan.repository.TeamRepository;
import org.lmc.web.Caller;
import org.lmc.web.ProblemException;

/**
 * Joint sign-off and publication. A person signs with their own token: a district user of the team's organisation,
 * whose verified email is that of the team member in a signing role; the seat is bound to the token's subject at the
 * first signature. Only an endorsed version is published, and publishing refreshes the public record.
 */
@ApplicationScoped
public class PlanEndorsement {
    private final PlanRepository plans;
    private final TeamRepository teams;
    private final PlanLocks locks;
    private final PublicRecord publicRecord;
    private final Clock clock;

    PlanEndorsement(PlanRepository plans, TeamRepository teams, PlanLocks locks, PublicRecord publicRecord, Clock clock) {
        this.plans = plans;
        this.teams = teams;
        this.locks = locks;
        this.publicRecord = publicRecord;
        this.clock = clock;
    }

    /** A signature and whether it endorsed the version. */
    public record Signed(PlanVersion version, Signature signature, List<Signature> signatures) {
    }

    @Transactional
    public Signed sign(UUID planId, int number, Caller caller) {
        Plan plan = locks.lockForSignature(planId, caller);
        if (!caller.is(Caller.DISTRICT)) {
            throw ProblemException.forbidden("officials sign with their own district account; staff cannot sign for them");
        }
        PlanVersion version = plans.version(planId, number).orElseThrow(() -> ProblemException.notFound("version", planId + "/" + number));
        String subject = caller.tokenSubject().orElseThrow(() -> ProblemException.forbidden("signing needs a token with a subject"));
        String email = caller.verifiedEmail().orElseThrow(() -> ProblemException.forbidden(
                "signing needs a token with a verified email (email_verified true)"));
        ProjectedTeam team = teams.lock(plan.teamId()).orElseThrow(() -> ProblemException.notFound("team", plan.teamId()));
        ProjectedMember signer = team.withEmail(email).orElseThrow(() -> ProblemException.forbidden(
                "the token's email is not that of a member of this team"));
        if (team.subjectHoldsAnotherSeat(subject, signer)) {
            throw ProblemException.forbidden("this account already signs for another seat of the team");
        }
        if (!signer.bindSigner(subject)) {
            throw ProblemException.forbidden("this seat is bound to the account that first signed for it");
        }
        List<Signature> existing = plans.signatures(planId, number);
        Plan.Signed signed = plan.sign(version, existing, signer, subject, Now.of(clock));
        plans.getEntityManager().persist(signed.signature());
        locks.changed(signed.events());
        List<Signature> all = new ArrayList<>(existing);
        all.add(signed.signature());
        return new Signed(version, signed.signature(), all);
    }

    @Transactional
    public PlanVersion publish(UUID planId, int number, Caller caller) {
        Plan plan = locks.lockForChange(planId, caller);
        PlanVersion version = plans.version(planId, number).orElseThrow(() -> ProblemException.rule("no-such-version", "version",
                "the plan has no version " + number));
        Instant now = Now.of(clock);
        List<PendingEvent> events = plan.publish(version, now);
        plans.flush();
        publicRecord.published(plan, version, now);
        locks.changed(events);
        return version;
    }

    @Transactional
    public List<Signature> signatures(UUID planId, int number) {
        return plans.signatures(planId, number);
    }
}
