package org.lmc.plan.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lmc.contracts.Topics;
import org.lmc.contracts.plan.PlanEventTypes;
import org.lmc.plan.service.ReminderSweep;
import org.lmc.testing.EventProbe;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.TestEvents;
import org.lmc.testing.TestTokens;

/** Milestone reminders: one per milestone, due date and threshold, however many sweeps run and however often. */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "plan"))
class ReminderSweepTest {
    static final LocalDate AS_OF = LocalDate.of(2031, 3, 1);
    @Inject
    ReminderSweep sweep;
    @Inject
    PlanRows rows;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void twoSweepsRacingSendEachReminderOnceAndALaterSweepSendsNone() throws Exception {
        PlanFixtures.Team team = PlanFixtures.district("Meriden Public Schools", "CT");
        UUID planId;
        try (TestEvents events = TestEvents.connect(bootstrap)) {
            planId = PlanFixtures.confirmedWithPlan(events, team);
        }
        // Due in 2 days (DUE_IN_3_DAYS), in 10 days (DUE_IN_14_DAYS), yesterday (OVERDUE), in 40 days (nothing yet), and one done.
        PlanFixtures.publish(team, planId, PlanFixtures.content("Teacher leadership academy", 3, "Peer coaching",
                AS_OF.plusDays(2), AS_OF.plusDays(10), AS_OF.minusDays(1), AS_OF.plusDays(40), AS_OF.plusDays(5)));
        Map<String, String> milestoneByTitle = rows.text("SELECT string_agg(title || '=' || id, ';') FROM plan_milestone WHERE plan_id = '"
                + planId + "'").lines().flatMap(l -> List.of(l.split(";")).stream()).map(kv -> kv.split("="))
                .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
        String done = milestoneByTitle.get("Milestone 5 of Teacher leadership academy");
        given().auth().oauth2(PlanFixtures.district(team)).contentType(ContentType.JSON)
                .body("{\"completedOn\": \"" + LocalDate.now(ZoneOffset.UTC) + "\"}")
                .post("/api/v1/plans/{p}/milestones/{m}/completion", planId, done).then().statusCode(200);

        try (EventProbe probe = EventProbe.open(bootstrap, Topics.PLAN_EVENTS)) {
            // Claims in the sweep's window only: the sweep also purges old claims (other tests' sweeps as of today), which
            // would lower a count of the whole table.
            String inWindow = "SELECT count(*) FROM plan_reminder WHERE due_date >= '" + AS_OF.minusDays(30) + "'";
            long claimedBefore = rows.count(inWindow);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CyclicBarrier start = new CyclicBarrier(2);
            try {
                Future<ReminderSweep.Result> first = pool.submit(() -> {
                    start.await();
                    return sweep.sweep(AS_OF);
                });
                Future<ReminderSweep.Result> second = pool.submit(() -> {
                    start.await();
                    return sweep.sweep(AS_OF);
                });
                // Other plans of the shared database may have reminders due too: every one sent is claimed once.
                assertThat(first.get().sent() + second.get().sent()).isEqualTo(rows.count(inWindow) - claimedBefore);
                assertThat(rows.count("SELECT count(*) FROM plan_reminder WHERE plan_id = '" + planId + "'")).isEqualTo(3);
            } finally {
                pool.shutdownNow();
            }
            // A restart and a later sweep on the same day: nothing is sent again.
            assertThat(sweep.sweep(AS_OF).sent()).isZero();
            given().auth().oauth2(TestTokens.admin()).post("/api/v1/admin/reminder-sweeps?asOf={d}", AS_OF.toString()).then().statusCode(200)
                    .body("asOf", equalTo(AS_OF.toString())).body("sent", equalTo(0));
            given().auth().oauth2(PlanFixtures.district(team)).post("/api/v1/admin/reminder-sweeps?asOf={d}", AS_OF.toString()).then().statusCode(403);

            // A marker after the sweeps on the plan's key: everything before it has arrived once it has.
            given().auth().oauth2(PlanFixtures.district(team)).contentType(ContentType.JSON)
                    .body("{\"completedOn\": \"" + LocalDate.now(ZoneOffset.UTC) + "\"}")
                    .post("/api/v1/plans/{p}/milestones/{m}/completion", planId, milestoneByTitle.get("Milestone 4 of Teacher leadership academy"))
                    .then().statusCode(200);
            probe.awaitType(PlanEventTypes.MILESTONE_COMPLETED_V1, planId.toString());
            List<EventProbe.Event> reminders = probe.drain(Duration.ZERO).stream().filter(e -> e.key().equals(planId.toString())
                    && !e.type().equals(PlanEventTypes.MILESTONE_COMPLETED_V1)).toList();
            assertThat(reminders).extracting(e -> e.type() + " " + e.data().get("title").asText() + " " + e.data().get("threshold").asText())
                    .containsExactlyInAnyOrder(
                            PlanEventTypes.MILESTONE_DUE_SOON_V1 + " Milestone 1 of Teacher leadership academy DUE_IN_3_DAYS",
                            PlanEventTypes.MILESTONE_DUE_SOON_V1 + " Milestone 2 of Teacher leadership academy DUE_IN_14_DAYS",
                            PlanEventTypes.MILESTONE_OVERDUE_V1 + " Milestone 3 of Teacher leadership academy OVERDUE");
            EventProbe.Event soon = reminders.stream().filter(e -> e.data().get("threshold").asText().equals("DUE_IN_3_DAYS")).findFirst().orElseThrow();
            assertThat(soon.data().get("milestoneId").asText()).isEqualTo(milestoneByTitle.get("Milestone 1 of Teacher leadership academy"));
            assertThat(soon.data().get("dueDate").asText()).isEqualTo(AS_OF.plusDays(2).toString());
            assertThat(soon.data().get("daysBefore").asInt()).isEqualTo(3);
            assertThat(soon.data().get("ownerRole").asText()).isEqualTo("UNION_LEADER");
            assertThat(soon.data().get("recipientRoles").toString()).isEqualTo("[\"UNION_LEADER\"]");
            assertThat(soon.data().get("memberId").asText()).isEqualTo(team.inRole("UNION_LEADER").memberId().toString());
            assertThat(soon.data().get("teamId").asText()).isEqualTo(team.teamId().toString());
        }
        assertThat(rows.count("SELECT count(*) FROM plan_reminder WHERE plan_id = '" + planId + "'")).isEqualTo(3);

        // Eight days on, the milestone due in ten days is two days away: now its three-day reminder.
        sweep.sweep(AS_OF.plusDays(8));
        assertThat(rows.text("SELECT string_agg(threshold, ',' ORDER BY threshold) FROM plan_reminder WHERE plan_id = '" + planId
                + "' AND milestone_id = '" + milestoneByTitle.get("Milestone 2 of Teacher leadership academy") + "'"))
                .isEqualTo("DUE_IN_14_DAYS,DUE_IN_3_DAYS");
    }
}
