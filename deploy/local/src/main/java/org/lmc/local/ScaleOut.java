package org.lmc.local;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.lmc.testing.SqlRows;
import org.lmc.testing.embedded.EmbeddedPostgresServer;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The scale-out check: two instances each of plan-, funding- and notification-service on one running stack, as a
 * cluster runs them (deploy/k8s gives every service at least two replicas). In order:
 * <ol>
 * <li>the second instances start and join their services' consumer groups: each group's partitions are shared, every
 * member holding some;</li>
 * <li>a story plays through the APIs while both instances of each service consume, relay the outbox they share and run
 * their schedules; the platform drains and the fault harness's reconciliation runs: every event applied once by each
 * consumer, no record sent twice (copies: 0; one relay per database holds the outbox's advisory lock);</li>
 * <li>the reminder sweep asked of both plan instances at the same moment, as of the same day: each reminder sent once;</li>
 * <li>kill -9 of every second instance: each group comes down to the first instance holding all its partitions, in
 * a time measured here (the broker notices a silent member after the session timeout, 10 s), and a new registration
 * reaches the district through the instances left.</li>
 * </ol>
 */
public final class ScaleOut {
    /** The session timeout (KafkaClients) plus a rebalance: a group must have settled on the survivor within this. */
    static final Duration TAKEOVER_LIMIT = Duration.ofSeconds(25);

    /** A consumer group as it stood: partitions held by each member. */
    public record Share(String group, List<Integer> partitionsPerMember) {
    }

    /** What the check did and found; {@code checks} hold its verdicts, the load's reconciliation among them. */
    public record Report(List<Share> shares, FaultHarness.Report load, int remindersSentFirst, int remindersSentSecond,
            long reminderEvents, Map<String, Long> takeoverMillis, long notificationMillisAfterKill, List<DemoStory.Check> checks,
            long wallMillis) {
        public List<DemoStory.Check> violations() {
            return checks.stream().filter(c -> !c.holds()).toList();
        }
    }

    private final LocalStack stack;
    private final Console console;
    private final List<DemoStory.Check> checks = new ArrayList<>();

    ScaleOut(LocalStack stack, Console console) {
        this.stack = stack;
        this.console = console;
    }

    /** Runs the check on {@code stack} (all four services running); the second instances are killed at its end. */
    public static Report run(LocalStack stack, Console console) {
        return new ScaleOut(stack, console).run();
    }

    Report run() {
        long started = System.nanoTime();
        console.line("");
        console.line("Scale-out: two instances each of " + LocalStack.SCALED_OUT.stream().map(ServiceDef::module)
                .collect(Collectors.joining(", ")));
        stack.startSecondInstances(LocalStack.SCALED_OUT);

        // 1. Both instances in each group, each holding partitions.
        List<Share> shares = new ArrayList<>();
        for (ServiceDef s : LocalStack.SCALED_OUT) {
            Share share = awaitGroup(s.module(), 2, Duration.ofSeconds(60));
            shares.add(share);
            check(s.module() + ": two members share the group's partitions", share.partitionsPerMember().size() == 2
                    && share.partitionsPerMember().stream().allMatch(n -> n > 0), "partitions per member " + share.partitionsPerMember());
        }

        // 2. The story through both instances, then the reconciliation.
        FaultHarness.Report load = FaultHarness.withoutFaults(stack, console, DemoStory.Size.small());
        checks.addAll(load.invariants());
        check("no record sent twice while two instances of each service relay its outbox", load.eventCopies() == 0,
                load.eventsRead() + " events, " + load.eventCopies() + " extra copies");

        // 3. Both plan instances sweep as of the same day at once.
        Sweeps sweeps = sweepOnBoth();

        // 4. The second instances die; the first take over their partitions; a new registration still arrives.
        Map<String, Long> takeover = new LinkedHashMap<>();
        long killedAt = System.nanoTime();
        LocalStack.SCALED_OUT.forEach(stack::killSecondInstance);
        console.step("kill -9 of every second instance");
        for (ServiceDef s : LocalStack.SCALED_OUT) {
            Share alone = awaitGroup(s.module(), 1, TAKEOVER_LIMIT.plusSeconds(30));
            long millis = (System.nanoTime() - killedAt) / 1_000_000;
            takeover.put(s.module(), millis);
            check(s.module() + ": the first instance holds every partition within " + TAKEOVER_LIMIT.toSeconds() + " s of the kill",
                    alone.partitionsPerMember().size() == 1 && millis <= TAKEOVER_LIMIT.toMillis(),
                    millis + " ms, partitions per member " + alone.partitionsPerMember());
        }
        DemoPath.Result after = new DemoPath(stack.config(), console, stack::mailsReceived).run();
        check("a registration after the kill reaches the district", after.notification().path("teamId").asText().equals(after.teamId()),
                after.notificationMillis() + " ms from registration to the district's inbox");

        Report report = new Report(List.copyOf(shares), load, sweeps.first, sweeps.second, sweeps.events, takeover,
                after.notificationMillis(), List.copyOf(checks), (System.nanoTime() - started) / 1_000_000);
        return report;
    }

    // ------------------------------------------------------------------ the sweep on both instances

    private record Sweeps(int first, int second, long events) {
    }

    /**
     * As of the day before the last open milestone falls due (so there is something to remind), both plan instances
     * sweep at the same moment. The claims in {@code plan_reminder} decide: reminders sent by both add up to the claims
     * made and to the reminder events written, never more.
     */
    private Sweeps sweepOnBoth() {
        SqlRows plan = rows(stack.jdbcUrl(ServiceDef.PLAN));
        String lastDueText = plan.text("SELECT max(m.due_date)::text FROM plan_milestone m JOIN plan p ON p.id = m.plan_id"
                + " WHERE p.status = 'OPEN' AND m.completed_on IS NULL");
        if (lastDueText == null) {
            check("both plan instances sweep at once", false, "no open milestone to remind of");
            return new Sweeps(0, 0, 0);
        }
        LocalDate asOf = LocalDate.parse(lastDueText).minusDays(1);
        Instant before = Instant.now().minusSeconds(1);
        Http http = new Http();
        String admin = new DemoActors(stack.config(), http).user("admin");
        String path = "/api/v1/admin/reminder-sweeps?asOf=" + asOf;
        CompletableFuture<Http.Response> first = CompletableFuture.supplyAsync(() -> http.postJson(
                stack.config().serviceUrl(ServiceDef.PLAN) + path, admin, Map.of(), Map.of()));
        CompletableFuture<Http.Response> second = CompletableFuture.supplyAsync(() -> http.postJson(
                stack.secondInstanceUrl(ServiceDef.PLAN) + path, admin, Map.of(), Map.of()));
        Http.Response a = first.join();
        Http.Response b = second.join();
        int sentFirst = a.json().path("sent").asInt(-1);
        int sentSecond = b.json().path("sent").asInt(-1);
        String since = "'" + before + "'::timestamptz";
        long claims = plan.number("SELECT count(*) FROM plan_reminder WHERE sent_at >= " + since);
        long events = plan.number("SELECT count(*) FROM lmc_outbox WHERE created_at >= " + since
                + " AND (event_type LIKE '%milestone-due-soon%' OR event_type LIKE '%milestone-overdue%')");
        console.step("both plan instances swept as of " + asOf + ": sent " + sentFirst + " and " + sentSecond + "; claims " + claims
                + ", reminder events " + events);
        check("both plan instances sweeping at once send each reminder once", a.status() == 200 && b.status() == 200
                && sentFirst + sentSecond > 0 && sentFirst + sentSecond == claims && claims == events,
                "statuses " + a.status() + "/" + b.status() + ", sent " + sentFirst + " + " + sentSecond + ", claims " + claims
                        + ", events " + events);
        return new Sweeps(sentFirst, sentSecond, events);
    }

    // ------------------------------------------------------------------ consumer groups

    /** Waits until {@code group} has {@code members} members, each with an assignment; its share then (or the last seen). */
    private Share awaitGroup(String group, int members, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Share last = new Share(group, List.of());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000", AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000"))) {
            while (System.nanoTime() < deadline) {
                try {
                    ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
                    List<Integer> perMember = d.members().stream().map(MemberDescription::assignment)
                            .map(a -> a.topicPartitions().size()).toList();
                    last = new Share(group, perMember);
                    if (perMember.size() == members && perMember.stream().allMatch(n -> n > 0)
                            && d.state().toString().equalsIgnoreCase("STABLE")) {
                        return last;
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    // the broker is busy or the group is rebalancing: ask again
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailure("interrupted while watching consumer group " + group);
        }
        return last;
    }

    // ------------------------------------------------------------------ helpers

    /** The plan database, read directly (what the APIs do not show: claims and outbox rows). */
    private static SqlRows rows(String jdbcUrl) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(jdbcUrl);
        dataSource.setUser(EmbeddedPostgresServer.USER);
        dataSource.setPassword(EmbeddedPostgresServer.PASSWORD);
        return new SqlRows(dataSource) {
        };
    }

    private void check(String name, boolean holds, String detail) {
        checks.add(new DemoStory.Check(name, holds, detail));
        console.step((holds ? "holds: " : "DOES NOT HOLD: ") + name + " (" + detail + ")");
    }

    /** The check's table. */
    public static void printReport(Report r, Console console) {
        String fmt = "  %-58s | %s";
        console.line("");
        console.line("Scale-out: two instances each of plan-, funding- and notification-service");
        for (Share s : r.shares()) {
            console.line(String.format(Locale.ROOT, fmt, s.group() + ": partitions per member", s.partitionsPerMember()));
        }
        console.line(String.format(Locale.ROOT, fmt, "writes acknowledged during the story", r.load().operationsAcknowledged()));
        console.line(String.format(Locale.ROOT, fmt, "events of the story on the topics (extra copies)", r.load().eventsRead() + " ("
                + r.load().eventCopies() + ")"));
        console.line(String.format(Locale.ROOT, fmt, "reminders sent by the first and the second plan instance", r.remindersSentFirst()
                + " + " + r.remindersSentSecond() + " (reminder events: " + r.reminderEvents() + ")"));
        r.takeoverMillis().forEach((group, millis) -> console.line(String.format(Locale.ROOT, fmt, group
                + ": all partitions on the survivor after the kill", String.format(Locale.ROOT, "%.1f s", millis / 1e3))));
        console.line(String.format(Locale.ROOT, fmt, "a registration after the kill reached the district in",
                String.format(Locale.ROOT, "%.1f s", r.notificationMillisAfterKill() / 1e3)));
        console.line(String.format(Locale.ROOT, fmt, "checks (violations)", r.checks().size() + " (" + r.violations().size() + ")"));
        console.line(String.format(Locale.ROOT, fmt, "wall time", String.format(Locale.ROOT, "%.0f s", r.wallMillis() / 1e3)));
        r.violations().forEach(c -> console.line("  VIOLATION " + c.name() + " (" + c.detail() + ")"));
    }
}
