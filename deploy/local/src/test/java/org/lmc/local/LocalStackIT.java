package org.lmc.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmc.testing.embedded.Ports;

/**
 * The whole local stack (PostgreSQL, Kafka, SMTP, Keycloak with the real realm file, the four built services)
 * on free ports, so it never collides with a stack already running, the demo path against it, a district user's
 * attempt to act as a teammate by email ({@link IdentityExperiment}), then the end-to-end suite: the demo's story
 * ({@link DemoStory}) at its small size, and every number it produced checked against every other through the APIs;
 * then the funder's audit desk in a browser on what the story left ({@link DeskExperiment}) and a district's officials
 * signing their plan in the district portal ({@link PortalExperiment}); last, on the same stack,
 * the short fault run ({@link FaultHarness}): about 50 faults drawn from {@code lmc.faults.seed} while another story
 * plays, then the reconciliation, which must find no violation; and the scale-out check ({@link ScaleOut}): two
 * instances each of plan-, funding- and notification-service under a story, then the second ones killed.
 */
class LocalStackIT {

    @Test
    void anAgencyRegistersATeamAndTheDistrictIsTold(@TempDir Path temp) throws Exception {
        Path root = Path.of(System.getProperty("lmc.root", "../..")).toAbsolutePath().normalize();
        StackConfig config = StackConfig.onFreePorts(root, temp.resolve("state"), System.getenv());
        assertThat(LocalStack.missingServices(config)).as("services built before this test").isEmpty();
        Console console = new Console(System.out);

        DemoPath.Result result;
        DemoStory.Outcome story;
        FaultHarness.Report faults;
        ScaleOut.Report scale;
        try (LocalStack stack = LocalStack.start(config, console)) {
            result = new DemoPath(config, console, stack::mailsReceived).run();
            long identityStarted = System.nanoTime();
            new IdentityExperiment(config).run(result.teamId());
            System.out.println("identity experiment: " + (System.nanoTime() - identityStarted) / 1_000_000 + " ms");
            long storyStarted = System.nanoTime();
            story = new DemoStory(config, console, DemoStory.Size.small(), stack::mailsReceived).run();
            DemoStory.printSummary(story, console);
            System.out.println("demo story (small): " + (System.nanoTime() - storyStarted) / 1_000_000 + " ms");
            long deskStarted = System.nanoTime();
            new DeskExperiment(config).run(story.convenings().get(0).conveningId(), story.convenings().get(1).conveningId());
            System.out.println("desk experiment: " + (System.nanoTime() - deskStarted) / 1_000_000 + " ms");
            long portalStarted = System.nanoTime();
            new PortalExperiment(config).run(story.convenings().get(0).conveningId());
            System.out.println("portal experiment: " + (System.nanoTime() - portalStarted) / 1_000_000 + " ms");
            System.out.println("RSS (KiB): " + stack.rssKib());

            // Then faults on the same stack while a story plays, and the reconciliation after it drained.
            long seed = FaultHarness.seed(System.getProperty("lmc.faults.seed"));
            System.out.println("fault run seed: " + seed + " (replay: -Dlmc.faults.seed=" + seed + ")");
            faults = FaultHarness.shortRun(stack, console, seed);
            FaultHarness.printReport(faults, console);

            // Last, two instances each of the services that consume: shared partitions, effects once, takeover on a kill.
            long scaleStarted = System.nanoTime();
            scale = ScaleOut.run(stack, console);
            ScaleOut.printReport(scale, console);
            System.out.println("scale-out: " + (System.nanoTime() - scaleStarted) / 1_000_000 + " ms");
        }

        assertThat(result.issuer()).isEqualTo(config.issuer());
        assertThat(result.agencyRoles()).contains("agency");
        assertThat(result.agencyAudience()).contains("lmc-api");
        assertThat(result.unauthenticatedStatus()).isEqualTo(401);
        assertThat(result.teamHttpStatus()).isEqualTo(201);
        assertThat(result.teamStatus()).isEqualTo("REGISTERED");
        assertThat(result.districtOrgId()).isEqualTo(DemoPath.ORG_ID);
        assertThat(result.notification().path("orgId").asText()).isEqualTo(DemoPath.ORG_ID);
        assertThat(result.notification().path("teamId").asText()).isEqualTo(result.teamId());
        assertThat(result.notification().path("eventType").asText()).isEqualTo(DemoPath.TEAM_REGISTERED);

        // The end-to-end suite: the demo's story, small, and every number agreeing with every other.
        assertThat(story.checks()).as("checks of the story").hasSizeGreaterThan(25);
        assertThat(story.checks().stream().filter(c -> !c.holds()).toList()).as("checks that do not hold").isEmpty();
        DemoStory.ConveningResult denver = story.convenings().get(0);
        assertThat(denver.registered()).isEqualTo(8);
        assertThat(denver.confirmed()).isEqualTo(5);
        assertThat(denver.waitlisted()).isEqualTo(1);
        assertThat(denver.incomplete()).isEqualTo(1);
        assertThat(denver.cancelled()).isEqualTo(1);
        assertThat(denver.promotedTeamId()).isNotNull();
        assertThat(denver.presenters()).isEqualTo(1);
        assertThat(denver.travellersReserved()).isEqualTo(4 * 3 + 5);
        assertThat(denver.claimsPaid()).isEqualTo((5 + 3) * 3);
        assertThat(denver.invoicesPaid()).isEqualTo(4);
        assertThat(denver.invoicesPaidCents()).isEqualTo(3_120_500);
        assertThat(denver.plansPublished()).isEqualTo(2);
        assertThat(denver.paidByFunder()).containsEntry("us-department-of-education", 3_120_500L)
                .containsEntry("ford-foundation", denver.claimsPaidCents());
        DemoStory.ConveningResult cincinnati = story.convenings().get(1);
        assertThat(cincinnati.confirmed()).isEqualTo(4);
        assertThat(cincinnati.paidByFunder().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(cincinnati.claimsPaidCents());
        assertThat(story.answers()).anySatisfy(a -> assertThat(a).contains("Baltimore City Public Schools").contains("2 travelled on personal leave"));

        // The fault run: every kind of fault happened, and nothing was lost, duplicated or overspent.
        assertThat(faults.faultsByKind().keySet()).as("fault kinds carried out (seed " + faults.seed() + ")")
                .containsExactlyInAnyOrder(FaultSchedule.Kind.values());
        assertThat(faults.faultCount()).as("faults carried out (seed " + faults.seed() + ")")
                .isEqualTo(FaultSchedule.Plan.shortRun().total());
        assertThat(faults.faultLog().stream().filter(f -> f.kind() == FaultSchedule.Kind.KILL_SERVICE).map(FaultHarness.FaultRecord::target)
                .distinct()).as("every service killed").hasSize(ServiceDef.values().length);
        assertThat(faults.invariants()).as("invariants checked").hasSizeGreaterThan(30);
        assertThat(faults.violations()).as("violations (replay with -Dlmc.faults.seed=" + faults.seed() + ")").isEmpty();
        assertThat(faults.drainMillis()).as("drain time after the last fault").isNotNegative();
        assertThat(faults.drainAfterWritesMillis()).as("drain time after the story's last write")
                .isBetween(0L, FaultHarness.DRAIN_TIMEOUT.toMillis());

        // Scale-out: both instances held partitions, nothing applied or sent twice, the survivors took over in time.
        assertThat(scale.shares()).as("consumer groups of the doubled services").hasSize(LocalStack.SCALED_OUT.size())
                .allSatisfy(share -> assertThat(share.partitionsPerMember()).hasSize(2).allMatch(n -> n > 0));
        assertThat(scale.load().eventCopies()).as("records sent twice by two relays").isZero();
        assertThat(scale.remindersSentFirst() + scale.remindersSentSecond()).as("reminders of the sweep on both instances")
                .isPositive().isEqualTo((int) scale.reminderEvents());
        assertThat(scale.takeoverMillis().values()).as("takeover after kill -9").allMatch(ms -> ms <= ScaleOut.TAKEOVER_LIMIT.toMillis());
        assertThat(scale.violations()).as("scale-out violations").isEmpty();

        // Stopped means stopped: no port still listening, no child process left.
        for (StackConfig.PortUse use : config.portUses()) {
            assertThat(Ports.inUse(use.port())).as(use.what() + " port " + use.port() + " after close").isFalse();
        }
        List<ProcessHandle> left = ProcessHandle.current().descendants().toList();
        for (ProcessHandle h : left) {
            h.onExit().get(10, TimeUnit.SECONDS);
        }
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
                .as("processes left behind").isEmpty();
    }
}
