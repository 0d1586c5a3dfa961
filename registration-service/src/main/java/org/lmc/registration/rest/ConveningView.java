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
@Schema(name = "Convening")
public record ConveningView(@Schema(example = "9b2f6d4e-1a7c-4e0b-8f3d-5c6a7b8e9f01") UUID id,
        @Schema(example = "Advancing Student Achievement Through Labor-Management Collaboration") String title,
        @Schema(example = "Denver") String city, @Schema(example = "2011-02-15") LocalDate startsOn,
        @Schema(example = "2011-02-16") LocalDate endsOn, @Schema(example = "150") int capacityTeams,
        @Schema(example = "2010-12-01T00:00:00Z") Instant registrationOpensAt,
        @Schema(example = "2011-01-31T23:59:59Z") Instant registrationClosesAt, List<OrganisationKind> teamKinds,
        Map<OrganisationKind, List<String>> requiredRoles, List<String> optionalRoles, int maxTeamSize,
        int maxPresentingTeamSize,
        @Schema(example = "148", description = "teams holding a place") long confirmedTeams,
        @Schema(example = "2", description = "places still free: capacityTeams - confirmedTeams") long placesLeft,
        @Schema(example = "0", description = "complete teams waiting for a place") long waitlistedTeams) {

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
