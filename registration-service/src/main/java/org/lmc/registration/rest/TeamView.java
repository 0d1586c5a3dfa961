package org.lmc.registration.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.lmc.registration.domain.Team;
import org.lmc.web.Caller;

/** A team as the API shows it. */
@Schema(name = "Team")
public record TeamView(@Schema(example = "3f0c9a52-8d1e-4c53-9a51-2b9e8f6c1d20") UUID id,
        @Schema(example = "9b2f6d4e-1a7c-4e0b-8f3d-5c6a7b8e9f01") UUID conveningId, OrganisationView organisation,
        @Schema(example = "CONFIRMED", enumeration = {"REGISTERED", "CONFIRMED", "WAITLISTED", "CANCELLED"},
                description = "REGISTERED until every required role has committed; then CONFIRMED or WAITLISTED") String status,
        @Schema(example = "false") boolean presenting,
        @Schema(description = "the breakout session a presenting team leads") String presentingSession,
        @Schema(description = "1 = next to be promoted; present only while the team is WAITLISTED") Integer waitlistPosition,
        @Schema(example = "17", description = "expo booth, unique within the convening; present while the team is CONFIRMED") Integer boothNumber,
        List<MemberView> members, @Schema(example = "2011-01-10T15:04:05Z") Instant registeredAt,
        @Schema(example = "2011-01-12T09:30:00Z") Instant confirmedAt, Instant cancelledAt) {

    /** The documented shape of a page of teams (the endpoint answers with the platform's generic Page). */
    @Schema(name = "TeamPage")
    public record PageSchema(List<TeamView> items, @Schema(description = "pass as ?after= for the next page; absent on the last") String next) {
    }

    @Schema(name = "TeamChanges")
    public record ChangesSchema(List<TeamView> items,
            @Schema(description = "send as ?since= next time; the same token when nothing changed") String next,
            @Schema(description = "true when more changes are ready now") boolean more) {
    }

    @Schema(name = "TeamOrganisation")
    public record OrganisationView(@Schema(example = "DISTRICT") String kind,
            @Schema(example = "0803360", description = "NCES LEA id of a district, USPS code of a state") String orgId,
            @Schema(example = "Denver Public Schools") String name, @Schema(example = "CO") String state) {
    }

    @Schema(name = "TeamMember")
    public record MemberView(@Schema(example = "5e8d2c1b-7f4a-4b9e-a6c3-0d1e2f3a4b5c") UUID id,
            @Schema(example = "Tom Boasberg") String name,
            @Schema(example = "superintendent@dpsk12.org", nullable = true, description = "contact email: shown to admin, agency and"
                    + " the team's own district users; null for funders and auditors, who see names and roles only") String email,
            @Schema(example = "SUPERINTENDENT") String role,
            @Schema(example = "2011-01-11T16:00:00Z", description = "when the member committed to attend; absent until then") Instant committedAt,
            @Schema(description = "arrival at the convening, recorded by event staff") Instant checkedInAt) {
    }

    /** The team as {@code caller} may see it: members' emails only for those who see the organisation's contact details. */
    static TeamView of(Team team, Integer waitlistPosition, Caller caller) {
        var o = team.organisation();
        boolean contacts = caller.seesContactDetailsOf(o.orgId());
        return new TeamView(team.id(), team.conveningId(), new OrganisationView(o.kind().name(), o.orgId(), o.name(), o.state()),
                team.status().name(), team.presenting(), team.presentingSession(), waitlistPosition, team.boothNumber(),
                team.members().stream().map(m -> new MemberView(m.id(), m.name(), contacts ? m.email() : null, m.role(), m.committedAt(), m.checkedInAt())).toList(),
                team.registeredAt(), team.confirmedAt(), team.cancelledAt());
    }
}
