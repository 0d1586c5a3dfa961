package org.lmc.registration.rest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.lmc.registration.domain.Convening;
import org.lmc.registration.domain.OrganisationKind;

/** Request bodies of the convening endpoints. */
public final class ConveningRequests {
    private static final String ROLE = "[A-Z][A-Z_]{1,39}";
    private static final String ROLE_MESSAGE = "must be a role name in capitals, e.g. SUPERINTENDENT";

    private ConveningRequests() {
    }

    @Schema(name = "CreateConvening", description = "A convening with its capacity, registration window and role slots")
    public record CreateConvening(
            @NotBlank @Size(max = 300) @Schema(example = "Advancing Student Achievement Through Labor-Management Collaboration") String title,
            @NotBlank @Size(max = 100) @Schema(example = "Denver") String city,
            @NotNull @Schema(example = "2011-02-15") LocalDate startsOn,
            @NotNull @Schema(example = "2011-02-16") LocalDate endsOn,
            @NotNull @Min(1) @Max(100_000) @Schema(example = "150") Integer capacityTeams,
            @NotNull @Schema(example = "2010-12-01T00:00:00Z") Instant registrationOpensAt,
            @NotNull @Schema(example = "2011-02-01T00:00:00Z") Instant registrationClosesAt,
            @NotEmpty @Schema(example = "[\"DISTRICT\"]") List<@NotNull OrganisationKind> teamKinds,
            @NotEmpty @Schema(example = "{\"DISTRICT\": [\"SUPERINTENDENT\", \"UNION_LEADER\", \"BOARD_PRESIDENT\"]}",
                    description = "the roles every team of a kind must fill, one member each, keyed by team kind")
            Map<OrganisationKind, @NotEmpty @Size(max = 20) List<@NotNull @Pattern(regexp = ROLE, message = ROLE_MESSAGE) String>> requiredRoles,
            @Size(max = 20) @Schema(example = "[\"TEACHER\", \"PRINCIPAL\"]", description = "roles any team may add, within its size limit")
            List<@NotNull @Pattern(regexp = ROLE, message = ROLE_MESSAGE) String> optionalRoles,
            @NotNull @Min(1) @Max(50) @Schema(example = "3") Integer maxTeamSize,
            @NotNull @Min(1) @Max(50) @Schema(example = "5", description = "size limit of a team presenting a breakout session")
            Integer maxPresentingTeamSize) {

        Convening.Definition definition() {
            return new Convening.Definition(title, city, startsOn, endsOn, capacityTeams, registrationOpensAt, registrationClosesAt,
                    teamKinds, requiredRoles, optionalRoles == null ? List.of() : optionalRoles, maxTeamSize, maxPresentingTeamSize);
        }
    }
}
