package org.lmc.registration.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.lmc.registration.domain.OrganisationKind;

/** Request bodies of the team endpoints. */
public final class TeamRequests {
    private TeamRequests() {
    }

    @Schema(name = "RegisterTeam", description = "A whole team registering for a convening")
    public record RegisterTeam(
            @NotNull @Valid OrganisationBody organisation,
            @NotNull @Size(min = 1, max = 20) List<@NotNull @Valid MemberBody> members) {
    }

    @Schema(name = "Organisation", description = "kind DISTRICT with ncesLeaId and state, or kind STATE with state")
    public record OrganisationBody(
            @NotNull @Schema(example = "DISTRICT") OrganisationKind kind,
            @Schema(example = "0803360", description = "7-digit NCES LEA id; first two digits = the state's FIPS code") String ncesLeaId,
            @NotBlank @Size(max = 200) @Schema(example = "Denver Public Schools") String name,
            @NotBlank @Pattern(regexp = "[A-Z]{2}", message = "must be a two-letter USPS code") @Schema(example = "CO") String state) {
    }

    @Schema(name = "NewMember")
    public record MemberBody(
            @NotBlank @Size(max = 200) @Schema(example = "Tom Boasberg") String name,
            @NotBlank @Size(max = 254) @Email(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+", message = "must be an email address")
            @Schema(example = "superintendent@dpsk12.org") String email,
            @NotBlank @Pattern(regexp = "[A-Z][A-Z_]{1,39}", message = "must be a role name in capitals, e.g. SUPERINTENDENT")
            @Schema(example = "SUPERINTENDENT") String role) {
    }

    @Schema(name = "DesignatePresenter", description = "The breakout session the team will lead")
    public record DesignatePresenter(
            @NotBlank @Size(max = 300) @Schema(example = "ProComp: paying for learning gains and hard-to-staff schools") String session) {
    }
}
