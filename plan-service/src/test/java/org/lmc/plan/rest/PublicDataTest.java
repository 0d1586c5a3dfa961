package org.lmc.plan.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.TestEvents;
import org.lmc.testing.access.PublicDataScan;

/**
 * Every public plan answer (found in the OpenAPI document) read with no token once a plan is published and signed: the
 * signers' names and roles are the public record, their emails and the unsigned board president's are not.
 */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "plan"))
class PublicDataTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void publicAnswersHoldNoEmailsNorAccountDetails() {
        PlanFixtures.Team team = PlanFixtures.district("Meriden Public Schools", "CT");
        UUID plan;
        try (TestEvents events = TestEvents.connect(bootstrap)) {
            plan = PlanFixtures.confirmedWithPlan(events, team);
        }
        PlanFixtures.publish(team, plan, PlanFixtures.content("Teacher leadership academy", 3, "Peer coaching in every school",
                LocalDate.now(ZoneOffset.UTC).plusDays(40)));
        PublicDataScan scan = PublicDataScan.of().id("plan", plan)
                .prepare("GET /api/v1/public/plans", call -> call.query("q=leadership&limit=100"));
        team.members().forEach(m -> scan.never(m.email()).never("sub-" + m.memberId()));
        PublicDataScan.Result result = scan.run();
        System.out.println("plan public reads scanned: " + result.read());
        assertThat(result.read()).hasSize(3);
        assertThat(result.findings()).isEmpty();
    }
}
