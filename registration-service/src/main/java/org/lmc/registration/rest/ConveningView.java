package org.lmc.registration.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.lmc.registration.domain.Convening;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.lmc.registration.domain.OrganisationKind;
import org.lmc.registration.service.Convenings;

/** A convening as the API shows it. */
public record ConveningView(UUID id, String title, String city, LocalDate startsOn, LocalDate endsOn, int capacityTeams,
        Instant registrationOpensAt, Instant registrationClosesAt, List<OrganisationKind> teamKinds,
        Map<OrganisationKind, List<String>> requiredRoles, List<String> optionalRoles, int maxTeamSize,
        int maxPresentingTeamSize,
        @Schema(description = "teams holding a place") long confirmedTeams,
        @Schema(description = "places still free: capacityTeams - confirmedTeams") long placesLeft,
        @Schema(description = "complete teams waiting for a place") long waitlistedTeams) {

    /** The documented shape of a page of convenings (the endpoint answers with the platform's generic Page). */
    @Schema(name = "ConveningPage")
    public record PageSchema(List<ConveningView> items,
            @Schema(description = "pass as ?after= for the next page; absent on the last") String next) {
    }

    static ConveningView of(Convenings.WithOccupancy found) {
        Convening c = found.convening();
        return new ConveningView(c.id(), c.title(), c.city(), c.startsOn(), c.endsOn(), c.capacityTeams(), c.registrationOpensAt(),
                c.registrationClosesAt(), c.teamKinds(), c.requiredRoles(), c.optionalRoles(), c.maxTeamSize(), c.maxPresentingTeamSize(),
                found.confirmedTeams(), Math.max(0, c.capacityTeams() - found.confirmedTeams()), found.waitlistedTeams());
    }
}
