package org.lmc.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.lmc.testing.embedded.EmbeddedPostgresServer;

/** The fault schedule is a function of its seed, and every plan holds what the issue asks of a fault run. */
class FaultScheduleTest {

    @Test
    void theSameSeedDrawsTheSameScheduleAndAnotherSeedAnother() {
        FaultSchedule a = FaultSchedule.draw(2011, FaultSchedule.Plan.shortRun());
        FaultSchedule b = FaultSchedule.draw(2011, FaultSchedule.Plan.shortRun());
        FaultSchedule c = FaultSchedule.draw(2012, FaultSchedule.Plan.shortRun());
        assertThat(b.processFaults()).isEqualTo(a.processFaults());
        assertThat(giveUps(b)).isEqualTo(giveUps(a));
        assertThat(c.processFaults()).isNotEqualTo(a.processFaults());
    }

    @Test
    void eachPlanKillsEveryServicePausesPastTheSessionTimeoutAndRestartsKafkaAndPostgres() {
        for (FaultSchedule.Plan plan : List.of(FaultSchedule.Plan.shortRun(), FaultSchedule.Plan.longRun())) {
            for (long seed = 1; seed <= 20; seed++) {
                FaultSchedule s = FaultSchedule.draw(seed, plan);
                List<FaultSchedule.Fault> faults = s.processFaults();
                Set<ServiceDef> killed = faults.stream().filter(f -> f.kind() == FaultSchedule.Kind.KILL_SERVICE)
                        .map(FaultSchedule.Fault::service).collect(Collectors.toSet());
                assertThat(killed).as(plan.name() + " seed " + seed).isEqualTo(EnumSet.allOf(ServiceDef.class));
                assertThat(s.processFaultsByKind()).containsEntry(FaultSchedule.Kind.KILL_SERVICE, plan.kills())
                        .containsEntry(FaultSchedule.Kind.PAUSE_SERVICE, plan.pauses())
                        .containsEntry(FaultSchedule.Kind.KAFKA_RESTART, plan.kafkaRestarts())
                        .containsEntry(FaultSchedule.Kind.POSTGRES_RESTART, plan.postgresRestarts());
                // The services' consumers have a 10 s session timeout (KafkaClients): a pause must outlast it.
                assertThat(faults.stream().filter(f -> f.kind() == FaultSchedule.Kind.PAUSE_SERVICE))
                        .allSatisfy(f -> assertThat(f.holdMillis()).isGreaterThan(Duration.ofSeconds(10).toMillis()));
                assertThat(faults.stream().filter(f -> f.kind() == FaultSchedule.Kind.POSTGRES_RESTART).map(FaultSchedule.Fault::shutdown))
                        .allSatisfy(m -> assertThat(m).isIn((Object[]) EmbeddedPostgresServer.Shutdown.values()));
                assertThat(faults).extracting(FaultSchedule.Fault::atMillis).isSorted()
                        .allSatisfy(t -> assertThat(t).isBetween(0L, plan.window().toMillis()));
                assertThat(s.plannedGiveUps()).isEqualTo(plan.clientGiveUps());
                assertThat(plan.total()).isGreaterThanOrEqualTo(plan.name().equals("long") ? 200 : 50);
            }
        }
    }

    private static List<Duration> giveUps(FaultSchedule s) {
        return IntStream.rangeClosed(1, s.plan().keyedRequests()).mapToObj(s::giveUpOn).toList();
    }
}
