package org.lmc.plan.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.lmc.contracts.plan.PlanEventTypes;
import org.lmc.contracts.plan.VersionEndorsed;
import org.lmc.contracts.registration.TeamMember;
import org.lmc.contracts.registration.TeamOrganisation;
import org.lmc.messaging.PendingEvent;
import org.lmc.web.ProblemException;

/** The plan aggregate: immutable versions, sign-off order, publication only when endorsed. */
class PlanTest {
    static final Instant AT = Instant.parse("2011-02-16T17:00:00Z");
    final ProjectedTeam team = new ProjectedTeam(UUID.randomUUID());
    final UUID superintendent = UUID.randomUUID();
    final UUID unionLeader = UUID.randomUUID();
    final UUID boardPresident = UUID.randomUUID();

    PlanTest() {
        team.describe(UUID.randomUUID(), new TeamOrganisation("DISTRICT", "0803360", "Denver Public Schools", "CO"), "CONFIRMED", List.of(
                new TeamMember(superintendent, "Tom Boasberg", "tboasberg@dpsk12.example.org", "SUPERINTENDENT", AT),
                new TeamMember(unionLeader, "Henry Roman", "hroman@dcta.example.org", "UNION_LEADER", AT),
                new TeamMember(boardPresident, "Nate Easley", "neasley@dpsk12.example.org", "BOARD_PRESIDENT", AT)), AT);
    }

    static JsonNode content(String goal) {
        return PlanContentTest.check("{\"title\": \"Plan\", \"principles\": [{\"principle\": 9, \"goals\": [{\"title\": \"" + goal
                + "\"}]}]}").content();
    }

    ProjectedMember member(String role) {
        return team.inRole(role).orElseThrow();
    }

    @Test
    void aVersionIsFrozenWhenTheDraftMovesOn() {
        Plan plan = Plan.open(UUID.randomUUID(), team, AT).plan();
        plan.saveDraft(content("Pay for learning gains"), AT);
        PlanVersion v1 = plan.submit("district", AT).version();
        plan.saveDraft(content("Pay for hard-to-staff schools"), AT);
        ((ObjectNode) v1.content()).put("title", "tampered copy");
        assertThat(v1.content().at("/principles/0/goals/0/title").asText()).isEqualTo("Pay for learning gains");
        assertThat(v1.content().get("title").asText()).isEqualTo("Plan");
        assertThat(plan.submit("district", AT).version().number()).isEqualTo(2);
    }

    @Test
    void oneSideAndTheBoardPresidentDoNotEndorseBothSidesDo() {
        Plan plan = Plan.open(UUID.randomUUID(), team, AT).plan();
        plan.saveDraft(content("Joint evaluation"), AT);
        PlanVersion version = plan.submit("district", AT).version();
        List<Signature> signatures = new ArrayList<>();
        Plan.Signed first = plan.sign(version, signatures, member("SUPERINTENDENT"), "sub-1", AT);
        signatures.add(first.signature());
        assertThat(first.events()).extracting(PendingEvent::type).containsExactly(PlanEventTypes.VERSION_SIGNED_V1);
        Plan.Signed board = plan.sign(version, signatures, member("BOARD_PRESIDENT"), "sub-3", AT);
        signatures.add(board.signature());
        assertThat(board.events()).extracting(PendingEvent::type).containsExactly(PlanEventTypes.VERSION_SIGNED_V1);
        assertThat(version.endorsed()).isFalse();
        assertThatThrownBy(() -> plan.publish(version, AT)).isInstanceOf(ProblemException.class).hasMessageContaining("not endorsed");
        assertThatThrownBy(() -> plan.sign(version, signatures, member("SUPERINTENDENT"), "sub-1", AT))
                .isInstanceOf(ProblemException.class).hasMessageContaining("already signed");

        Plan.Signed labor = plan.sign(version, signatures, member("UNION_LEADER"), "sub-2", AT);
        assertThat(labor.events()).extracting(PendingEvent::type)
                .containsExactly(PlanEventTypes.VERSION_SIGNED_V1, PlanEventTypes.VERSION_ENDORSED_V1);
        assertThat(((VersionEndorsed) labor.events().get(1).data()).signerRoles())
                .containsExactly("SUPERINTENDENT", "BOARD_PRESIDENT", "UNION_LEADER");
        assertThat(version.endorsed()).isTrue();
        assertThat(plan.publish(version, AT)).extracting(PendingEvent::type).containsExactly(PlanEventTypes.PLAN_PUBLISHED_V1);
        assertThatThrownBy(() -> plan.publish(version, AT)).hasMessageContaining("already published");
    }

    @Test
    void onlyTheLatestVersionIsSignedAndAClosedPlanChangesNoMore() {
        Plan plan = Plan.open(UUID.randomUUID(), team, AT).plan();
        plan.saveDraft(content("Goal"), AT);
        PlanVersion v1 = plan.submit("district", AT).version();
        plan.submit("district", AT);
        assertThatThrownBy(() -> plan.sign(v1, List.of(), member("UNION_LEADER"), "s", AT)).hasMessageContaining("superseded");
        assertThat(plan.close("team cancelled", AT)).extracting(PendingEvent::type).containsExactly(PlanEventTypes.PLAN_CLOSED_V1);
        assertThat(plan.close("team cancelled", AT)).isEmpty();
        assertThatThrownBy(() -> plan.saveDraft(content("x"), AT)).hasMessageContaining("closed");
    }
}
