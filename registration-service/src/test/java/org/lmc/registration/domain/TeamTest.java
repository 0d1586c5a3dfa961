package org.lmc.registration.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.lmc.contracts.EventTypes;
import org.lmc.contracts.registration.BoothAssigned;
import org.lmc.contracts.registration.MemberAdded;
import org.lmc.contracts.registration.MemberCheckedIn;
import org.lmc.contracts.registration.MemberCommitted;
import org.lmc.contracts.registration.MemberReplaced;
import org.lmc.contracts.registration.PresenterDesignated;
import org.lmc.contracts.registration.TeamCancelled;
import org.lmc.contracts.registration.TeamConfirmed;
import org.lmc.contracts.registration.TeamPromoted;
import org.lmc.contracts.registration.TeamWaitlisted;
import org.lmc.messaging.PendingEvent;
import org.lmc.web.ProblemException;

class TeamTest {
    static final Instant NOW = Instant.parse("2011-01-10T12:00:00Z");
    static final List<String> REQUIRED = ConveningTest.DISTRICT_ROLES;
    final Convening denver = ConveningTest.create(ConveningTest.denver2011());

    Team denverTeam() {
        return Team.register(denver, Organisation.district("0803360", "Denver Public Schools", "CO"), List.of(
                new Team.NewMember("Tom Boasberg", "superintendent@dpsk12.org", "SUPERINTENDENT"),
                new Team.NewMember("Henry Roman", "president@dcta.org", "UNION_LEADER"),
                new Team.NewMember("Nate Easley", "board@dpsk12.org", "BOARD_PRESIDENT")), "agency", NOW).team();
    }

    static UUID memberIn(Team team, String role) {
        return team.members().stream().filter(m -> m.role().equals(role)).findFirst().orElseThrow().id();
    }

    static Team complete(Team team) {
        for (String role : REQUIRED) {
            team.commit(memberIn(team, role), REQUIRED, "agency", NOW);
        }
        return team;
    }

    @Test
    void registrationAppliesTheConveningsRules() {
        assertThatThrownBy(() -> Team.register(denver, Organisation.state("OH", "Ohio"), List.of(
                new Team.NewMember("A", "a@ohio.gov", "CHIEF_STATE_SCHOOL_OFFICER")), "agency", NOW))
                .isInstanceOf(ProblemException.class).extracting("slug").isEqualTo("team-kind-not-allowed");
        assertThatThrownBy(() -> Team.register(denver, Organisation.district("0803360", "Denver Public Schools", "CO"), List.of(
                new Team.NewMember("A", "a@dpsk12.org", "SUPERINTENDENT")), "agency", ConveningTest.CLOSES))
                .isInstanceOf(ProblemException.class).extracting("slug").isEqualTo("registration-closed");
    }

    @Test
    void eachCommitmentSaysWhichRequiredRolesAreStillAwaitedAndARepeatChangesNothing() {
        Team team = denverTeam();
        List<PendingEvent> first = team.commit(memberIn(team, "UNION_LEADER"), REQUIRED, "district-0803360", NOW);
        assertThat(first).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventTypes.MEMBER_COMMITTED_V1);
            assertThat(e.aggregateId()).isEqualTo(team.id().toString());
            MemberCommitted data = (MemberCommitted) e.data();
            assertThat(data.role()).isEqualTo("UNION_LEADER");
            assertThat(data.status()).isEqualTo("REGISTERED");
            assertThat(data.awaitedRoles()).containsExactly("SUPERINTENDENT", "BOARD_PRESIDENT");
            assertThat(data.members()).filteredOn(m -> m.committedAt() != null).singleElement()
                    .satisfies(m -> assertThat(m.role()).isEqualTo("UNION_LEADER"));
        });
        assertThat(team.commit(memberIn(team, "UNION_LEADER"), REQUIRED, "agency", NOW.plusSeconds(5))).isEmpty();
        assertThat(team.member(memberIn(team, "UNION_LEADER")).orElseThrow().committedAt()).isEqualTo(NOW);
        assertThat(team.awaitsPlace(REQUIRED)).isFalse();

        complete(team);
        assertThat(team.awaitedRoles(REQUIRED)).isEmpty();
        assertThat(team.awaitsPlace(REQUIRED)).isTrue();
        assertThat(team.status()).isEqualTo(TeamStatus.REGISTERED);
    }

    @Test
    void anUnknownMemberIsNotFound() {
        Team team = denverTeam();
        assertThatThrownBy(() -> team.commit(UUID.randomUUID(), REQUIRED, "agency", NOW))
                .isInstanceOf(ProblemException.class).extracting("status").isEqualTo(404);
    }

    @Test
    void aCompleteTeamIsConfirmedOrWaitlistedAndItsEventCarriesTheNewStatus() {
        Team confirmed = complete(denverTeam());
        List<PendingEvent> events = confirmed.confirm(7, NOW);
        assertThat(events).extracting(PendingEvent::type).containsExactly(EventTypes.TEAM_CONFIRMED_V1, EventTypes.BOOTH_ASSIGNED_V1);
        TeamConfirmed data = (TeamConfirmed) events.get(0).data();
        assertThat(data.status()).isEqualTo("CONFIRMED");
        assertThat(data.teamSize()).isEqualTo(3);
        assertThat(data.members()).allSatisfy(m -> assertThat(m.committedAt()).isEqualTo(NOW));
        assertThat(((BoothAssigned) events.get(1).data()).boothNumber()).isEqualTo(7);
        assertThat(confirmed.status()).isEqualTo(TeamStatus.CONFIRMED);
        assertThat(confirmed.confirmedAt()).isEqualTo(NOW);
        assertThat(confirmed.boothNumber()).isEqualTo(7);
        assertThatThrownBy(() -> confirmed.confirm(8, NOW)).isInstanceOf(IllegalStateException.class);

        Team waitlisted = complete(denverTeam());
        assertThat(waitlisted.waitlist(7, 2, NOW)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventTypes.TEAM_WAITLISTED_V1);
            assertThat(((TeamWaitlisted) e.data()).waitlistPosition()).isEqualTo(2);
        });
        assertThat(waitlisted.waitlistOrder()).isEqualTo(7);
        assertThat(waitlisted.status()).isEqualTo(TeamStatus.WAITLISTED);
    }

    @Test
    void aWaitlistedTeamIsPromotedIntoTheFreedPlace() {
        Team team = complete(denverTeam());
        team.waitlist(1, 1, NOW);
        UUID freedBy = UUID.randomUUID();
        List<PendingEvent> events = team.promote(freedBy, 3, NOW);
        assertThat(events).extracting(PendingEvent::type).containsExactly(EventTypes.TEAM_PROMOTED_V1, EventTypes.BOOTH_ASSIGNED_V1);
        TeamPromoted data = (TeamPromoted) events.get(0).data();
        assertThat(data.status()).isEqualTo("CONFIRMED");
        assertThat(data.freedByTeamId()).isEqualTo(freedBy);
        assertThat(team.status()).isEqualTo(TeamStatus.CONFIRMED);
        assertThat(team.boothNumber()).isEqualTo(3);
        assertThatThrownBy(() -> team.promote(freedBy, 4, NOW)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void cancellingRemembersWhatTheTeamHeldAndHappensOnce() {
        Team team = complete(denverTeam());
        team.confirm(1, NOW);
        assertThat(team.cancel(NOW)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventTypes.TEAM_CANCELLED_V1);
            TeamCancelled data = (TeamCancelled) e.data();
            assertThat(data.status()).isEqualTo("CANCELLED");
            assertThat(data.previousStatus()).isEqualTo("CONFIRMED");
        });
        assertThat(team.cancelledAt()).isEqualTo(NOW);
        assertThat(team.boothNumber()).as("the booth goes back to the convening").isNull();
        assertThatThrownBy(() -> team.cancel(NOW)).isInstanceOf(ProblemException.class)
                .extracting("slug").isEqualTo("team-already-cancelled");
        assertThatThrownBy(() -> team.commit(memberIn(team, "SUPERINTENDENT"), REQUIRED, "agency", NOW))
                .isInstanceOf(ProblemException.class).extracting("slug").isEqualTo("team-cancelled");
    }

    @Test
    void replacingACommittedMemberResetsTheSlotButTheTeamKeepsItsPlace() {
        Team team = complete(denverTeam());
        team.confirm(1, NOW);
        UUID slot = memberIn(team, "SUPERINTENDENT");
        List<PendingEvent> events = team.replaceMember(slot, new Team.NewMember(" Susana Cordova ", "Interim@DPSK12.org", "SUPERINTENDENT"),
                denver, NOW.plusSeconds(60));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventTypes.MEMBER_REPLACED_V1);
            MemberReplaced data = (MemberReplaced) e.data();
            assertThat(data.memberId()).isEqualTo(slot);
            assertThat(data.previousMember().email()).isEqualTo("superintendent@dpsk12.org");
            assertThat(data.previousMember().committedAt()).isEqualTo(NOW);
            assertThat(data.awaitedRoles()).containsExactly("SUPERINTENDENT");
            assertThat(data.status()).isEqualTo("CONFIRMED");
        });
        Member replaced = team.member(slot).orElseThrow();
        assertThat(replaced.name()).isEqualTo("Susana Cordova");
        assertThat(replaced.email()).isEqualTo("interim@dpsk12.org");
        assertThat(replaced.committedAt()).isNull();
        assertThat(team.status()).isEqualTo(TeamStatus.CONFIRMED);
        assertThat(team.awaitsPlace(REQUIRED)).isFalse();

        // The same person under a corrected name keeps their commitment; an identical replacement is no change.
        team.commit(slot, REQUIRED, "agency", NOW.plusSeconds(120));
        assertThat(team.replaceMember(slot, new Team.NewMember("Susana Córdova", "interim@dpsk12.org", "SUPERINTENDENT"), denver, NOW))
                .singleElement().extracting(PendingEvent::type).isEqualTo(EventTypes.MEMBER_REPLACED_V1);
        assertThat(team.member(slot).orElseThrow().committedAt()).isEqualTo(NOW.plusSeconds(120));
        assertThat(team.replaceMember(slot, new Team.NewMember("Susana Córdova", "interim@dpsk12.org", "SUPERINTENDENT"), denver, NOW)).isEmpty();
    }

    @Test
    void aReplacementMustComeBeforeTheConveningAndFitItsSlots() {
        Team team = denverTeam();
        UUID slot = memberIn(team, "SUPERINTENDENT");
        Instant firstDay = Instant.parse("2011-02-15T00:00:00Z");
        assertThatThrownBy(() -> team.replaceMember(slot, new Team.NewMember("A", "a@dpsk12.org", "SUPERINTENDENT"), denver, firstDay))
                .isInstanceOf(ProblemException.class).extracting("slug").isEqualTo("convening-started");
        assertThatThrownBy(() -> team.replaceMember(slot, new Team.NewMember("A", "president@dcta.org", "SUPERINTENDENT"), denver, NOW))
                .isInstanceOf(ProblemException.class).extracting("slug").isEqualTo("duplicate-member");
        ProblemException wrongRole = catchThrowableOfType(ProblemException.class,
                () -> team.replaceMember(slot, new Team.NewMember("A", "a@dpsk12.org", "TEACHER"), denver, NOW));
        assertThat(wrongRole.slug()).isEqualTo("role-not-allowed");
        assertThat(wrongRole.errors()).singleElement().satisfies(f -> assertThat(f.field()).isEqualTo("role"));
        assertThat(team.member(slot).orElseThrow().email()).isEqualTo("superintendent@dpsk12.org");
        team.cancel(NOW);
        assertThatThrownBy(() -> team.replaceMember(slot, new Team.NewMember("A", "a@dpsk12.org", "SUPERINTENDENT"), denver, NOW))
                .isInstanceOf(ProblemException.class).extracting("slug").isEqualTo("team-cancelled");
    }

    @Test
    void membersOfAConfirmedTeamCheckInOnceDuringTheConvening() {
        Team registered = denverTeam();
        Instant firstDay = Instant.parse("2011-02-15T15:00:00Z");
        assertThatThrownBy(() -> registered.checkIn(memberIn(registered, "SUPERINTENDENT"), denver, "agency", firstDay))
                .isInstanceOf(ProblemException.class).extracting("slug").isEqualTo("team-not-confirmed");

        Team team = complete(denverTeam());
        team.confirm(1, NOW);
        UUID slot = memberIn(team, "UNION_LEADER");
        assertThatThrownBy(() -> team.checkIn(slot, denver, "agency", Instant.parse("2011-02-13T23:59:59Z")))
                .isInstanceOf(ProblemException.class).extracting("slug").isEqualTo("convening-not-in-progress");
        assertThat(team.checkIn(slot, denver, "agency", Instant.parse("2011-02-14T19:00:00Z"))).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventTypes.MEMBER_CHECKED_IN_V1);
            MemberCheckedIn data = (MemberCheckedIn) e.data();
            assertThat(data.role()).isEqualTo("UNION_LEADER");
            assertThat(data.checkedInAt()).isEqualTo(Instant.parse("2011-02-14T19:00:00Z"));
        });
        assertThat(team.checkIn(slot, denver, "agency", firstDay)).isEmpty();
        assertThat(team.member(slot).orElseThrow().checkedInAt()).isEqualTo(Instant.parse("2011-02-14T19:00:00Z"));
        assertThatThrownBy(() -> team.checkIn(slot, denver, "agency", Instant.parse("2011-02-18T00:00:00Z")))
                .isInstanceOf(ProblemException.class).extracting("slug").isEqualTo("convening-not-in-progress");
    }

    @Test
    void aPresentingTeamMayGrowInOptionalRolesUpToItsLargerLimit() {
        Convening.Definition d = ConveningTest.denver2011();
        Convening withTeachers = Convening.create(new Convening.Definition(d.title(), d.city(), d.startsOn(), d.endsOn(), d.capacityTeams(),
                d.registrationOpensAt(), d.registrationClosesAt(), d.teamKinds(), d.requiredRoles(), List.of("TEACHER", "PRINCIPAL"),
                3, 5), "admin", NOW);
        Team team = Team.register(withTeachers, Organisation.district("0803360", "Denver Public Schools", "CO"), List.of(
                new Team.NewMember("Tom Boasberg", "superintendent@dpsk12.org", "SUPERINTENDENT"),
                new Team.NewMember("Henry Roman", "president@dcta.org", "UNION_LEADER"),
                new Team.NewMember("Nate Easley", "board@dpsk12.org", "BOARD_PRESIDENT")), "agency", NOW).team();
        Team.NewMember teacher = new Team.NewMember("A Teacher", "teacher@dpsk12.org", "TEACHER");
        assertThatThrownBy(() -> team.addMember(teacher, withTeachers, NOW))
                .isInstanceOf(ProblemException.class).extracting("slug").isEqualTo("team-too-large");

        List<PendingEvent> designated = team.designatePresenter(" ProComp ", withTeachers, NOW);
        assertThat(designated).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventTypes.PRESENTER_DESIGNATED_V1);
            PresenterDesignated data = (PresenterDesignated) e.data();
            assertThat(data.session()).isEqualTo("ProComp");
            assertThat(data.maxTeamSize()).isEqualTo(5);
            assertThat(data.presenting()).isTrue();
        });
        assertThat(team.designatePresenter("ProComp", withTeachers, NOW)).isEmpty();

        assertThat(team.addMember(teacher, withTeachers, NOW)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventTypes.MEMBER_ADDED_V1);
            MemberAdded data = (MemberAdded) e.data();
            assertThat(data.role()).isEqualTo("TEACHER");
            assertThat(data.teamSize()).isEqualTo(4);
        });
        assertThat(team.members()).extracting(Member::position).containsExactly(0, 1, 2, 3);
        assertThatThrownBy(() -> team.addMember(new Team.NewMember("B", "TEACHER@dpsk12.org", "PRINCIPAL"), withTeachers, NOW))
                .isInstanceOf(ProblemException.class).extracting("slug").isEqualTo("duplicate-member");
        assertThatThrownBy(() -> team.addMember(new Team.NewMember("B", "b@dpsk12.org", "SUPERINTENDENT"), withTeachers, NOW))
                .isInstanceOf(ProblemException.class).extracting("slug").isEqualTo("required-role-repeated");
        team.addMember(new Team.NewMember("A Principal", "principal@dpsk12.org", "PRINCIPAL"), withTeachers, NOW);
        assertThatThrownBy(() -> team.addMember(new Team.NewMember("C", "c@dpsk12.org", "TEACHER"), withTeachers, NOW))
                .isInstanceOf(ProblemException.class).extracting("slug").isEqualTo("team-too-large");
        assertThat(team.awaitsPlace(REQUIRED)).as("optional members never hold up a team").isFalse();
    }
}
