package org.lmc.registration.domain;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.lmc.contracts.EventTypes;
import org.lmc.contracts.registration.BoothAssigned;
import org.lmc.contracts.registration.MemberAdded;
import org.lmc.contracts.registration.MemberCheckedIn;
import org.lmc.contracts.registration.MemberCommitted;
import org.lmc.contracts.registration.MemberReplaced;
import org.lmc.contracts.registration.PresenterDesignated;
import org.lmc.contracts.registration.TeamCancelled;
import org.lmc.contracts.registration.TeamConfirmed;
import org.lmc.contracts.registration.TeamMember;
import org.lmc.contracts.registration.TeamOrganisation;
import org.lmc.contracts.registration.TeamPromoted;
import org.lmc.contracts.registration.TeamRegistered;
import org.lmc.contracts.registration.TeamWaitlisted;
import org.lmc.messaging.PendingEvent;
import org.lmc.web.ProblemException;

/** A district or state team registered for one convening. Its methods return the events they cause. */
@Entity
@Table(name = "team")
public class Team {
    @Id
    private UUID id;
    @Column(name = "convening_id")
    private UUID conveningId;
    @Embedded
    private Organisation organisation;
    @Enumerated(EnumType.STRING)
    private TeamStatus status;
    private boolean presenting;
    @Column(name = "presenting_session")
    private String presentingSession;
    @Column(name = "registered_by")
    private String registeredBy;
    @Column(name = "registered_at")
    private Instant registeredAt;
    /** Order of completion among the convening's waitlisted teams; kept after promotion as history. */
    @Column(name = "waitlist_order")
    private Long waitlistOrder;
    @Column(name = "confirmed_at")
    private Instant confirmedAt;
    @Column(name = "cancelled_at")
    private Instant cancelledAt;
    @Column(name = "booth_number")
    private Integer boothNumber;
    @Version
    private long version;
    @OneToMany(mappedBy = "team", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("position")
    private List<Member> members = new ArrayList<>();

    protected Team() {
    }

    /**
     * A team as stored, for answers that read it and change nothing (TeamRepository.readWithMembers reads it in plain
     * SQL); its members are added with {@link Member#stored}. Never persisted or merged.
     */
    public static Team stored(UUID id, UUID conveningId, Organisation organisation, TeamStatus status, boolean presenting,
            String presentingSession, String registeredBy, Instant registeredAt, Long waitlistOrder, Instant confirmedAt,
            Instant cancelledAt, Integer boothNumber, long version) {
        Team team = new Team();
        team.id = id;
        team.conveningId = conveningId;
        team.organisation = organisation;
        team.status = status;
        team.presenting = presenting;
        team.presentingSession = presentingSession;
        team.registeredBy = registeredBy;
        team.registeredAt = registeredAt;
        team.waitlistOrder = waitlistOrder;
        team.confirmedAt = confirmedAt;
        team.cancelledAt = cancelledAt;
        team.boothNumber = boothNumber;
        team.version = version;
        return team;
    }

    /** What a new member brings: name, contact email and role slot. */
    public record NewMember(String name, String email, String role) {
    }

    /** A registration, as the team with the event it causes. */
    public record Registration(Team team, List<PendingEvent> events) {
    }

    /** Registers a whole team for {@code convening}: within its window, of an admitted kind, in its role slots. */
    public static Registration register(Convening convening, Organisation organisation, List<NewMember> newMembers,
            String registeredBy, Instant now) {
        convening.checkRegistrationOpen(now);
        if (newMembers.isEmpty()) {
            throw ProblemException.rule("no-members", "members", "members: a team registers with its members");
        }
        Set<String> emails = new HashSet<>();
        for (int i = 0; i < newMembers.size(); i++) {
            String email = newMembers.get(i).email().toLowerCase(Locale.ROOT);
            if (!emails.add(email)) {
                throw ProblemException.rule("duplicate-member", "members[" + i + "].email",
                        "members[" + i + "].email " + email + " is already on this team");
            }
        }
        convening.checkTeam(organisation.kind(), newMembers.stream().map(NewMember::role).toList(), false);
        Team team = new Team();
        team.id = UUID.randomUUID();
        team.conveningId = convening.id();
        team.organisation = organisation;
        team.status = TeamStatus.REGISTERED;
        team.registeredBy = registeredBy;
        team.registeredAt = now;
        for (int i = 0; i < newMembers.size(); i++) {
            NewMember m = newMembers.get(i);
            team.members.add(new Member(team, i, m.name().strip(), m.email().toLowerCase(Locale.ROOT), m.role()));
        }
        return new Registration(team, List.of(new PendingEvent(EventTypes.TEAM_REGISTERED_V1, team.id.toString(), team.registered())));
    }

    public Optional<Member> member(UUID memberId) {
        return members.stream().filter(m -> m.id().equals(memberId)).findFirst();
    }

    /** The required roles whose member has not committed yet, in the convening's order. */
    public List<String> awaitedRoles(List<String> requiredRoles) {
        return requiredRoles.stream()
                .filter(role -> members.stream().noneMatch(m -> m.role().equals(role) && m.committed()))
                .toList();
    }

    /** True when every required member has committed and the team has no place yet: confirm or waitlist it. */
    public boolean awaitsPlace(List<String> requiredRoles) {
        return status == TeamStatus.REGISTERED && awaitedRoles(requiredRoles).isEmpty();
    }

    /**
     * A member commits to attend (recorded by themself or by staff). A repeated commitment changes nothing
     * and causes no event, so a client may safely retry.
     */
    public List<PendingEvent> commit(UUID memberId, List<String> requiredRoles, String recordedBy, Instant now) {
        requireNotCancelled("its members no longer commit");
        Member member = member(memberId).orElseThrow(() -> ProblemException.notFound("member", memberId));
        if (!member.commit(recordedBy, now)) {
            return List.of();
        }
        return List.of(event(EventTypes.MEMBER_COMMITTED_V1, new MemberCommitted(id, conveningId, organisationPayload(),
                membersPayload(), members.size(), presenting, status.name(), member.id(), member.role(), now,
                awaitedRoles(requiredRoles))));
    }

    /** Binds member {@code memberId}'s seat to the token subject of the person acting for it (see SeatHolder). */
    public void bindMember(UUID memberId, String subject) {
        member(memberId).orElseThrow(() -> ProblemException.notFound("member", memberId)).bindTo(subject);
    }

    /**
     * Another person takes member slot {@code memberId} before the convening. The team's roles must still fit the
     * convening's slots. A new person or role must commit again; a confirmed or waitlisted team keeps its place
     * meanwhile (a district replacing an interim superintendent should not lose its place), and the event lists
     * the awaited roles so the new member can be reminded. Every replacement releases the seat's identity binding;
     * an identical one changes nothing else (and causes no event).
     */
    public List<PendingEvent> replaceMember(UUID memberId, NewMember replacement, Convening convening, Instant now) {
        requireNotCancelled("its members are no longer replaced");
        convening.checkNotStarted(now);
        Member member = member(memberId).orElseThrow(() -> ProblemException.notFound("member", memberId));
        String name = replacement.name().strip();
        String email = replacement.email().toLowerCase(Locale.ROOT);
        requireEmailFree(email, member);
        List<String> roles = members.stream().map(m -> m == member ? replacement.role() : m.role()).toList();
        try {
            convening.checkTeam(organisation.kind(), roles, presenting);
        } catch (ProblemException broken) {
            // The rule speaks of the team's member list; the field at fault in this request is the role.
            throw ProblemException.rule(broken.slug(), "role", broken.getMessage());
        }
        if (member.name().equals(name) && member.email().equals(email) && member.role().equals(replacement.role())) {
            // The same person again: nothing the team shows changes, but whoever acts for the seat next binds it anew.
            member.releaseIdentity();
            return List.of();
        }
        TeamMember previous = memberPayload(member);
        member.replace(name, email, replacement.role(), member.email().equals(email) && member.role().equals(replacement.role()));
        return List.of(event(EventTypes.MEMBER_REPLACED_V1, new MemberReplaced(id, conveningId, organisationPayload(), membersPayload(),
                members.size(), presenting, status.name(), memberId, previous, now,
                awaitedRoles(convening.requiredRolesOf(organisation.kind())))));
    }

    /**
     * A new member in an optional role, before the convening, within the team's size limit: a presenting team's is
     * larger. Required roles are filled at registration, so an addition never changes the team's status or place.
     */
    public List<PendingEvent> addMember(NewMember newcomer, Convening convening, Instant now) {
        requireNotCancelled("it takes no new members");
        convening.checkNotStarted(now);
        String email = newcomer.email().toLowerCase(Locale.ROOT);
        requireEmailFree(email, null);
        List<String> roles = new ArrayList<>(members.stream().map(Member::role).toList());
        roles.add(newcomer.role());
        try {
            convening.checkTeam(organisation.kind(), roles, presenting);
        } catch (ProblemException broken) {
            // The rule speaks of the team's member list; the field at fault in this request is the role.
            throw ProblemException.rule(broken.slug(), "team-too-large".equals(broken.slug()) ? null : "role", broken.getMessage());
        }
        int position = members.stream().mapToInt(Member::position).max().orElse(-1) + 1;
        Member member = new Member(this, position, newcomer.name().strip(), email, newcomer.role());
        members.add(member);
        return List.of(event(EventTypes.MEMBER_ADDED_V1, new MemberAdded(id, conveningId, organisationPayload(), membersPayload(),
                members.size(), presenting, status.name(), member.id(), member.role(), now)));
    }

    /**
     * The Department picks the team to lead breakout {@code session}, which raises its size limit. Naming the same
     * session again changes nothing; another session replaces it.
     */
    public List<PendingEvent> designatePresenter(String session, Convening convening, Instant now) {
        requireNotCancelled("it presents nothing");
        String title = session.strip();
        if (presenting && title.equals(presentingSession)) {
            return List.of();
        }
        presenting = true;
        presentingSession = title;
        return List.of(event(EventTypes.PRESENTER_DESIGNATED_V1, new PresenterDesignated(id, conveningId, organisationPayload(),
                membersPayload(), members.size(), presenting, status.name(), title, convening.maxPresentingTeamSize(), now)));
    }

    /** A member of a confirmed team arrives at the convening; a repeated check-in changes nothing. */
    public List<PendingEvent> checkIn(UUID memberId, Convening convening, String recordedBy, Instant now) {
        if (status != TeamStatus.CONFIRMED) {
            throw ProblemException.conflict("team-not-confirmed", "team " + id + " is " + status + "; only a confirmed team checks in");
        }
        convening.checkInProgress(now);
        Member member = member(memberId).orElseThrow(() -> ProblemException.notFound("member", memberId));
        if (!member.checkIn(recordedBy, now)) {
            return List.of();
        }
        return List.of(event(EventTypes.MEMBER_CHECKED_IN_V1, new MemberCheckedIn(id, conveningId, organisationPayload(), membersPayload(),
                members.size(), presenting, status.name(), memberId, member.role(), now)));
    }

    /** The convening had a place for this complete team; with it comes expo booth {@code booth}. */
    public List<PendingEvent> confirm(int booth, Instant now) {
        requireStatus(TeamStatus.REGISTERED, "confirmed");
        status = TeamStatus.CONFIRMED;
        confirmedAt = now;
        return List.of(event(EventTypes.TEAM_CONFIRMED_V1, new TeamConfirmed(id, conveningId, organisationPayload(),
                membersPayload(), members.size(), presenting, status.name(), now)), assignBooth(booth, now));
    }

    /** The convening was full: the team waits, {@code order} ranking it by completion, at {@code position} now. */
    public List<PendingEvent> waitlist(long order, int position, Instant now) {
        requireStatus(TeamStatus.REGISTERED, "waitlisted");
        status = TeamStatus.WAITLISTED;
        waitlistOrder = order;
        return List.of(event(EventTypes.TEAM_WAITLISTED_V1, new TeamWaitlisted(id, conveningId, organisationPayload(),
                membersPayload(), members.size(), presenting, status.name(), position, now)));
    }

    /** First on the waitlist, the team takes the place that cancelled team {@code freedBy} gave up, and a booth. */
    public List<PendingEvent> promote(UUID freedBy, int booth, Instant now) {
        requireStatus(TeamStatus.WAITLISTED, "promoted");
        status = TeamStatus.CONFIRMED;
        confirmedAt = now;
        return List.of(event(EventTypes.TEAM_PROMOTED_V1, new TeamPromoted(id, conveningId, organisationPayload(),
                membersPayload(), members.size(), presenting, status.name(), now, freedBy)), assignBooth(booth, now));
    }

    private PendingEvent assignBooth(int booth, Instant now) {
        boothNumber = booth;
        return event(EventTypes.BOOTH_ASSIGNED_V1, new BoothAssigned(id, conveningId, organisationPayload(), membersPayload(),
                members.size(), presenting, status.name(), booth, now));
    }

    /** The team withdraws, whatever its status; a second cancellation is a conflict, not a new event. */
    public List<PendingEvent> cancel(Instant now) {
        if (status == TeamStatus.CANCELLED) {
            throw ProblemException.conflict("team-already-cancelled", "team " + id + " was cancelled at " + cancelledAt);
        }
        TeamStatus previous = status;
        status = TeamStatus.CANCELLED;
        cancelledAt = now;
        // The booth goes back to the convening, for the team promoted in this team's place.
        boothNumber = null;
        return List.of(event(EventTypes.TEAM_CANCELLED_V1, new TeamCancelled(id, conveningId, organisationPayload(),
                membersPayload(), members.size(), presenting, status.name(), previous.name(), now)));
    }

    private void requireNotCancelled(String consequence) {
        if (status == TeamStatus.CANCELLED) {
            throw ProblemException.conflict("team-cancelled", "team " + id + " is cancelled; " + consequence);
        }
    }

    /** No member but {@code except} (when given) may have {@code email}: one person, one slot. */
    private void requireEmailFree(String email, Member except) {
        if (members.stream().anyMatch(m -> m != except && m.email().equals(email))) {
            throw ProblemException.rule("duplicate-member", "email", "email " + email + " is already on this team");
        }
    }

    private void requireStatus(TeamStatus expected, String becoming) {
        if (status != expected) {
            throw new IllegalStateException("team " + id + " is " + status + ", only a " + expected + " team can be " + becoming);
        }
    }

    private PendingEvent event(String type, Object payload) {
        return new PendingEvent(type, id.toString(), payload);
    }

    private TeamOrganisation organisationPayload() {
        return new TeamOrganisation(organisation.kind().name(), organisation.orgId(), organisation.name(), organisation.state());
    }

    private List<TeamMember> membersPayload() {
        return members.stream().map(Team::memberPayload).toList();
    }

    private static TeamMember memberPayload(Member m) {
        return new TeamMember(m.id(), m.name(), m.email(), m.role(), m.committedAt());
    }

    private TeamRegistered registered() {
        return new TeamRegistered(id, conveningId,
                new TeamRegistered.Organisation(organisation.kind().name(), organisation.orgId(), organisation.name(), organisation.state()),
                members.stream().map(m -> new TeamRegistered.Member(m.id(), m.name(), m.email(), m.role())).toList(),
                members.size(), presenting, status.name(), registeredAt);
    }

    public UUID id() {
        return id;
    }

    public UUID conveningId() {
        return conveningId;
    }

    public Organisation organisation() {
        return organisation;
    }

    public TeamStatus status() {
        return status;
    }

    public boolean presenting() {
        return presenting;
    }

    public String presentingSession() {
        return presentingSession;
    }

    public String registeredBy() {
        return registeredBy;
    }

    public Instant registeredAt() {
        return registeredAt;
    }

    public Long waitlistOrder() {
        return waitlistOrder;
    }

    public Instant confirmedAt() {
        return confirmedAt;
    }

    public Integer boothNumber() {
        return boothNumber;
    }

    public Instant cancelledAt() {
        return cancelledAt;
    }

    public long version() {
        return version;
    }

    /** Adds a member read back by {@link Member#stored}. */
    void addStored(Member member) {
        members.add(member);
    }

    public List<Member> members() {
        return List.copyOf(members);
    }
}
