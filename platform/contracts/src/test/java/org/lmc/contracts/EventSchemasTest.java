package org.lmc.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.lmc.contracts.registration.TeamRegistered;

class EventSchemasTest {

    private static TeamRegistered denverTeam() {
        return new TeamRegistered(UUID.randomUUID(), UUID.randomUUID(),
                new TeamRegistered.Organisation("DISTRICT", "0803360", "Denver Public Schools", "CO"),
                List.of(new TeamRegistered.Member(UUID.randomUUID(), "Tom Boasberg", "tboasberg@dpsk12.example.org", "SUPERINTENDENT")),
                1, false, "REGISTERED", Instant.parse("2011-01-10T12:00:00Z"));
    }

    @Test
    void everyEventTypeHasASchemaThatCompiles() {
        for (String type : EventTypes.ALL) {
            assertThat(EventSchemas.exists(type)).as(type).isTrue();
            assertThat(EventSchemas.violations(type, "{}".getBytes())).as(type).isNotEmpty();
        }
    }

    @Test
    void theProducersPayloadValidates() {
        assertThat(EventSchemas.violations(EventTypes.TEAM_REGISTERED_V1, EventJson.write(denverTeam()))).isEmpty();
    }

    @Test
    void violationsNameTheFieldAtFault() {
        TeamRegistered t = denverTeam();
        TeamRegistered badId = new TeamRegistered(t.teamId(), t.conveningId(),
                new TeamRegistered.Organisation("DISTRICT", "08033", "Denver Public Schools", "CO"),
                t.members(), 1, false, "REGISTERED", t.registeredAt());
        assertThat(EventSchemas.violations(EventTypes.TEAM_REGISTERED_V1, EventJson.write(badId)))
                .singleElement().asString().contains("orgId");
        byte[] badEmail = new String(EventJson.write(t)).replace("tboasberg@dpsk12.example.org", "not-an-email").getBytes();
        assertThatThrownBy(() -> EventSchemas.assertValid(EventTypes.TEAM_REGISTERED_V1, badEmail))
                .hasMessageContaining("email");
    }

    @Test
    void anUnknownTypeIsAnError() {
        assertThatThrownBy(() -> EventSchemas.violations("org.lmc.nope.v1", "{}".getBytes()))
                .hasMessageContaining("no schema for event type org.lmc.nope.v1");
    }

    @Test
    void familyDropsTheVersion() {
        assertThat(EventTypes.family("org.lmc.registration.team-registered.v12")).isEqualTo("org.lmc.registration.team-registered");
        assertThat(EventTypes.family("org.lmc.x")).isEqualTo("org.lmc.x");
    }
}
