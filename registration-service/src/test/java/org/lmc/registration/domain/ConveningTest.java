package org.lmc.registration.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lmc.web.ProblemException;

class ConveningTest {
    static final Instant OPENS = Instant.parse("2010-12-01T00:00:00Z");
    static final Instant CLOSES = Instant.parse("2011-02-01T00:00:00Z");
    static final List<String> DISTRICT_ROLES = List.of("SUPERINTENDENT", "UNION_LEADER", "BOARD_PRESIDENT");
    static final List<String> STATE_ROLES = List.of("CHIEF_STATE_SCHOOL_OFFICER", "UNION_LEADER", "BOARD_PRESIDENT");

    static Convening.Definition denver2011() {
        return new Convening.Definition("Advancing Student Achievement Through Labor-Management Collaboration", "Denver",
                LocalDate.of(2011, 2, 15), LocalDate.of(2011, 2, 16), 150, OPENS, CLOSES, List.of(OrganisationKind.DISTRICT),
                Map.of(OrganisationKind.DISTRICT, DISTRICT_ROLES), List.of(), 3, 5);
    }

    static Convening.Definition cincinnati2012() {
        return new Convening.Definition("Collaborating to Transform the Teaching Profession", "Cincinnati",
                LocalDate.of(2012, 5, 23), LocalDate.of(2012, 5, 24), 200, OPENS, CLOSES,
                List.of(OrganisationKind.DISTRICT, OrganisationKind.STATE),
                Map.of(OrganisationKind.DISTRICT, DISTRICT_ROLES, OrganisationKind.STATE, STATE_ROLES), List.of("TEACHER", "PRINCIPAL"), 5, 6);
    }

    static Convening create(Convening.Definition d) {
        return Convening.create(d, "admin", OPENS);
    }

    static Convening.Definition with(Convening.Definition d, LocalDate endsOn, Instant closes, List<OrganisationKind> kinds,
            Map<OrganisationKind, List<String>> required, int maxTeamSize, int maxPresenting) {
        return new Convening.Definition(d.title(), d.city(), d.startsOn(), endsOn, d.capacityTeams(), d.registrationOpensAt(), closes,
                kinds, required, d.optionalRoles(), maxTeamSize, maxPresenting);
    }

    static void assertRule(Runnable action, String slug, String field) {
        ProblemException e = catchThrowableOfType(ProblemException.class, action::run);
        assertThat(e).as("expected rule " + slug).isNotNull();
        assertThat(e.status()).isEqualTo(422);
        assertThat(e.slug()).isEqualTo(slug);
        if (field == null) {
            assertThat(e.errors()).isEmpty();
        } else {
            assertThat(e.errors()).singleElement().satisfies(f -> assertThat(f.field()).isEqualTo(field));
        }
    }

    @Test
    void denverAndCincinnatiAreBothData() {
        Convening denver = create(denver2011());
        assertThat(denver.teamKinds()).containsExactly(OrganisationKind.DISTRICT);
        assertThat(denver.requiredRolesOf(OrganisationKind.DISTRICT)).isEqualTo(DISTRICT_ROLES);
        assertThat(denver.requiredRolesOf(OrganisationKind.STATE)).isEmpty();

        Convening cincinnati = create(cincinnati2012());
        assertThat(cincinnati.requiredRoles().keySet()).containsExactly(OrganisationKind.DISTRICT, OrganisationKind.STATE);
        assertThat(cincinnati.requiredRolesOf(OrganisationKind.STATE)).isEqualTo(STATE_ROLES);
        assertThat(cincinnati.optionalRoles()).containsExactly("TEACHER", "PRINCIPAL");
    }

    @Test
    void aDefinitionThatContradictsItselfIsRefused() {
        Convening.Definition d = denver2011();
        Map<OrganisationKind, List<String>> required = d.requiredRoles();
        assertRule(() -> create(with(d, LocalDate.of(2011, 2, 14), CLOSES, d.teamKinds(), required, 3, 5)), "convening-dates-invalid", "endsOn");
        assertRule(() -> create(with(d, d.endsOn(), OPENS, d.teamKinds(), required, 3, 5)), "registration-window-invalid", "registrationClosesAt");
        assertRule(() -> create(with(d, d.endsOn(), CLOSES, List.of(), Map.of(), 3, 5)), "no-team-kinds", "teamKinds");
        assertRule(() -> create(with(d, d.endsOn(), CLOSES, List.of(OrganisationKind.DISTRICT, OrganisationKind.STATE), required, 3, 5)),
                "required-roles-mismatch", "requiredRoles");
        assertRule(() -> create(with(d, d.endsOn(), CLOSES, d.teamKinds(),
                Map.of(OrganisationKind.DISTRICT, List.of("SUPERINTENDENT", "SUPERINTENDENT")), 3, 5)), "required-role-repeated", "requiredRoles.DISTRICT");
        assertRule(() -> create(with(d, d.endsOn(), CLOSES, d.teamKinds(), required, 2, 5)), "team-size-below-required-roles", "maxTeamSize");
        assertRule(() -> create(with(d, d.endsOn(), CLOSES, d.teamKinds(), required, 3, 2)), "presenting-size-below-team-size", "maxPresentingTeamSize");
    }

    @Test
    void registrationIsOpenFromTheOpeningInstantUntilJustBeforeTheClosingOne() {
        Convening denver = create(denver2011());
        assertRule(() -> denver.checkRegistrationOpen(OPENS.minusSeconds(1)), "registration-not-open", null);
        assertThatCode(() -> denver.checkRegistrationOpen(OPENS)).doesNotThrowAnyException();
        assertThatCode(() -> denver.checkRegistrationOpen(CLOSES.minusMillis(1))).doesNotThrowAnyException();
        assertRule(() -> denver.checkRegistrationOpen(CLOSES), "registration-closed", null);
    }

    @Test
    void roleSlotsAreFilledOnceEachWithinTheSizeLimit() {
        Convening denver = create(denver2011());
        assertThatCode(() -> denver.checkTeam(OrganisationKind.DISTRICT, DISTRICT_ROLES, false)).doesNotThrowAnyException();
        assertRule(() -> denver.checkTeam(OrganisationKind.STATE, STATE_ROLES, false), "team-kind-not-allowed", "organisation.kind");
        assertRule(() -> denver.checkTeam(OrganisationKind.DISTRICT, List.of("SUPERINTENDENT", "BOARD_PRESIDENT"), false),
                "required-role-missing", "members");
        assertRule(() -> denver.checkTeam(OrganisationKind.DISTRICT, List.of("SUPERINTENDENT", "UNION_LEADER", "UNION_LEADER", "BOARD_PRESIDENT"), false),
                "required-role-repeated", "members[2].role");
        assertRule(() -> denver.checkTeam(OrganisationKind.DISTRICT, List.of("SUPERINTENDENT", "UNION_LEADER", "BOARD_PRESIDENT", "TEACHER"), false),
                "role-not-allowed", "members[3].role");

        Convening cincinnati = create(cincinnati2012());
        List<String> six = List.of("SUPERINTENDENT", "UNION_LEADER", "BOARD_PRESIDENT", "TEACHER", "TEACHER", "PRINCIPAL");
        assertRule(() -> cincinnati.checkTeam(OrganisationKind.DISTRICT, six, false), "team-too-large", "members");
        assertThatCode(() -> cincinnati.checkTeam(OrganisationKind.DISTRICT, six, true)).doesNotThrowAnyException();
        assertThatCode(() -> cincinnati.checkTeam(OrganisationKind.STATE, List.of("CHIEF_STATE_SCHOOL_OFFICER", "UNION_LEADER",
                "BOARD_PRESIDENT", "PRINCIPAL"), false)).doesNotThrowAnyException();
    }

    @Test
    void aTeamFindsRoomOnlyBelowCapacity() {
        Convening denver = create(denver2011());
        assertThat(denver.hasRoomBeside(149)).isTrue();
        assertThat(denver.hasRoomBeside(150)).isFalse();
    }
}
