package org.lmc.local;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Faults on the local stack's real processes while the demo's story plays through the public APIs with real tokens,
 * then a reconciliation: the story's own checks and {@link Reconciliation}'s from the databases and the topics.
 *
 * <p>The story's client is {@link Http#retrying}: it sends a request again, unchanged, through a refused connection, a
 * timeout or a 5xx, so payments and every other creating POST are retried with the same {@code Idempotency-Key}, as a
 * careful integrator's client does. Meanwhile one thread carries out the process faults of a {@link FaultSchedule}
 * drawn from the seed, one after the other at their moments: kill -9 of a service then its restart, SIGSTOP then
 * SIGCONT of a service, the Kafka broker down then up, PostgreSQL stopped fast or immediately then started; and the
 * client gives up on the keyed requests the schedule picks. When the story has played its convenings, the harness
 * waits for the schedule's end, then for the platform to drain (services ready, outboxes sent, consumer groups caught
 * up, notifications settled), and measures that drain from the end of the last fault.
 */
public final class FaultHarness {
    /** How long the platform may take to drain after the last fault before the checks run anyway (and then fail). */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(180);
    /** At most this many rounds of the story, whatever the schedule: the run stays bounded. */
    private static final int MAX_ROUNDS = 6;

    /**
     * A fault as carried out: when, what, and how long it took until the platform had it back; {@code target} is what
     * it hit (a service, PostgreSQL's shutdown mode, the request path a client gave up on).
     */
    record FaultRecord(FaultSchedule.Kind kind, String target, long startedMillis, long tookMillis, String what) {
    }

    /** What a fault run did and found. */
    public record Report(long seed, String plan, int storyRounds, Map<FaultSchedule.Kind, Integer> faultsByKind,
            int operationsAcknowledged, int retriedRequests, List<DemoStory.Check> invariants, long drainMillis,
            long drainAfterWritesMillis, long wallMillis, int eventsRead, int eventCopies, List<FaultRecord> faultLog) {
        public int faultCount() {
            return faultsByKind.values().stream().mapToInt(Integer::intValue).sum();
        }

        public List<DemoStory.Check> violations() {
            return invariants.stream().filter(c -> !c.holds()).toList();
        }
    }

    private final LocalStack stack;
    private final Console console;
    private final FaultSchedule schedule;
    private final DemoStory.Size size;
    private final List<FaultRecord> log = Collections.synchronizedList(new ArrayList<>());
    private final List<Reconciliation.Acknowledged> acknowledged = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger keyedRequests = new AtomicInteger();
    private final AtomicInteger operationsAcknowledged = new AtomicInteger();
    private final Set<HttpRequest> retried = ConcurrentHashMap.newKeySet();
    /** Requests the client gave up on, with the read timeout it gave up after. */
    private final List<String> faultFailures = Collections.synchronizedList(new ArrayList<>());
    private volatile long startedNanos;
    /** Rounds of the story played, and the drain time measured at the end of the last round (-1: did not drain). */
    private int rounds;
    private long drainMillis = -1;
    private long drainAfterWritesMillis = -1;
    private volatile long lastFaultEndedNanos;

    FaultHarness(LocalStack stack, Console console, FaultSchedule schedule, DemoStory.Size size) {
        this.stack = stack;
        this.console = console;
        this.schedule = schedule;
        this.size = size;
    }

    /** The end-to-end suite's run: the short plan over a story a little larger than the suite's small one. */
    public static Report shortRun(LocalStack stack, Console console, long seed) {
        return new FaultHarness(stack, console, FaultSchedule.draw(seed, FaultSchedule.Plan.shortRun()),
                new DemoStory.Size("faults", 10, 6, 1, 1, 1, 3, 3, 6, 4, 2)).run();
    }

    /** The story of {@code size} with the retrying client and the reconciliation, but no fault (the scale-out check). */
    static Report withoutFaults(LocalStack stack, Console console, DemoStory.Size size) {
        return new FaultHarness(stack, console, FaultSchedule.draw(0, FaultSchedule.Plan.none()), size).run();
    }

    /** {@code ./lmc faults}: the long plan over the demo's full story. */
    public static Report longRun(LocalStack stack, Console console, long seed) {
        return new FaultHarness(stack, console, FaultSchedule.draw(seed, FaultSchedule.Plan.longRun()), DemoStory.Size.full()).run();
    }

    /** The seed of a run: {@code configured} when it is a number, a new one when it is null, blank or {@code random}. */
    public static long seed(String configured) {
        if (configured == null || configured.isBlank() || configured.equals("random")) {
            return System.nanoTime() ^ System.currentTimeMillis() * 31;
        }
        try {
            return Long.parseLong(configured.trim());
        } catch (NumberFormatException e) {
            throw new StackConfig.ConfigException("the fault seed must be a number or 'random', not '" + configured + "'");
        }
    }

    Report run() {
        FaultSchedule.Plan plan = schedule.plan();
        console.line("");
        if (plan.total() == 0) {
            console.line("The story under the fault run's client and reconciliation, with no fault");
        } else {
            console.line("Fault run (" + plan.name() + "), seed " + schedule.seed() + " (replay: -Dlmc.faults.seed=" + schedule.seed()
                    + " or LMC_FAULTS_SEED=" + schedule.seed() + "): " + schedule.processFaults().size() + " process faults within "
                    + plan.window().toSeconds() + " s, the client giving up on " + schedule.plannedGiveUps() + " of the first "
                    + plan.keyedRequests() + " keyed requests");
        }
        schedule.processFaults().forEach(f -> console.line(String.format(Locale.ROOT, "  planned  +%6.1f s  #%-3d %s", f.atMillis() / 1e3,
                f.number(), f.describe())));
        Instant runStartedAt = Instant.now();
        startedNanos = System.nanoTime();
        Http http = Http.retrying(new ClientFaultsOfSchedule());
        Reconciliation reconciliation = new Reconciliation(stack::jdbcUrl, stack.kafkaBootstrap(), runStartedAt);
        Thread faults = new Thread(this::carryOutProcessFaults, "lmc-faults");
        faults.setDaemon(true);
        List<DemoStory.Check> invariants = new ArrayList<>();
        try {
            faults.start();
            playRound(1, http, faults, reconciliation, invariants);
        } finally {
            faults.interrupt();
            joinFaults(faults);
        }
        DemoActors actors = new DemoActors(stack.config(), http);
        invariants.addAll(reconciliation.check(List.copyOf(acknowledged), http, stack.config().serviceUrl(ServiceDef.FUNDING),
                actors.user("auditor")));
        faultFailures.forEach(f -> invariants.add(new DemoStory.Check("a fault was carried out and the platform came back", false, f)));
        invariants.add(new DemoStory.Check("the platform drained within " + DRAIN_TIMEOUT.toSeconds() + " s once the faults and the"
                + " story's writes were over", drainMillis >= 0, drainMillis >= 0 ? drainAfterWritesMillis + " ms, " + drainMillis
                + " ms after the last fault" : "still draining"));
        Map<FaultSchedule.Kind, Integer> byKind = new EnumMap<>(FaultSchedule.Kind.class);
        List<FaultRecord> done = List.copyOf(log);
        done.forEach(f -> byKind.merge(f.kind(), 1, Integer::sum));
        return new Report(schedule.seed(), plan.name(), rounds, byKind, operationsAcknowledged.get(), retried.size(), invariants,
                drainMillis, drainAfterWritesMillis, (System.nanoTime() - startedNanos) / 1_000_000, reconciliation.eventsRead(),
                reconciliation.eventCopies(), done);
    }

    /**
     * Round {@code round} of the story. Once it has played its convenings, while faults are still to come, the next round
     * plays (with its own convenings, teams and accounts), so that the workload lasts as long as the schedule; the last
     * round waits for the schedule's end and for the platform to drain. Then each round checks its own story, the last
     * first, and its checks join {@code invariants}.
     */
    private void playRound(int round, Http http, Thread faults, Reconciliation reconciliation, List<DemoStory.Check> invariants) {
        rounds = round;
        DemoStory story = new DemoStory(stack.config(), console, size, stack::mailsReceived, http).deliveredAtLeastOnce();
        if (round > 1) {
            story.withoutReminderSweeps();
        }
        DemoStory.Outcome outcome = story.run(() -> {
            if (faults.isAlive() && round < MAX_ROUNDS) {
                console.step("faults still to come: another round of the story");
                playRound(round + 1, http, faults, reconciliation, invariants);
            } else {
                joinFaults(faults);
                drainMillis = drain(reconciliation);
            }
        });
        outcome.checks().forEach(c -> invariants.add(new DemoStory.Check("round " + round + " (run " + outcome.run() + "): " + c.name(),
                c.holds(), c.detail())));
    }

    private static void joinFaults(Thread faults) {
        try {
            faults.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailure("interrupted while the faults ran");
        }
    }

    // ------------------------------------------------------------------ process faults

    /**
     * Each process fault at its moment (or at once when the previous one ran late); whatever a fault took away is given
     * back even when the run is interrupted, so the stack is whole when this returns. A killed service restarts in the
     * background while the next faults go on (two services down at once, or a service starting while Kafka is down, is a
     * fault too), except that a fault on the same service waits for its restart, and a PostgreSQL restart for every
     * restart: a service starting against a database that is going down fails its migrations and exits, which is a
     * failed start, not a fault the platform has to survive.
     */
    private void carryOutProcessFaults() {
        Map<ServiceDef, CompletableFuture<Void>> restarting = new EnumMap<>(ServiceDef.class);
        try {
            for (FaultSchedule.Fault f : schedule.processFaults()) {
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
                long wait = f.atMillis() - elapsedMillis();
                if (wait > 0 && !sleepUninterrupted(wait)) {
                    break;
                }
                if (f.kind() == FaultSchedule.Kind.POSTGRES_RESTART) {
                    awaitRestarts(restarting.values());
                    restarting.clear();
                } else if (restarting.containsKey(f.service())) {
                    awaitRestarts(List.of(restarting.remove(f.service())));
                }
                long started = elapsedMillis();
                if (f.kind() == FaultSchedule.Kind.KILL_SERVICE) {
                    stack.killService(f.service());
                    console.step(String.format(Locale.ROOT, "fault #%d at +%.1f s: kill -9 %s; restarting", f.number(), started / 1e3,
                            f.service().module()));
                    restarting.put(f.service(), CompletableFuture.runAsync(() -> {
                        stack.restartService(f.service());
                        faultEnded(f, started);
                    }));
                } else {
                    carryOut(f, started);
                    faultEnded(f, started);
                }
            }
        } catch (RuntimeException e) {
            lastFaultEndedNanos = System.nanoTime();
            faultFailures.add(e.getMessage());
            console.step("FAULT FAILED: " + e.getMessage());
        } finally {
            try {
                awaitRestarts(restarting.values());
            } catch (RuntimeException e) {
                faultFailures.add(e.getMessage());
                console.step("FAULT FAILED: " + e.getMessage());
            }
        }
    }

    private void faultEnded(FaultSchedule.Fault f, long startedMillis) {
        lastFaultEndedNanos = System.nanoTime();
        String target = switch (f.kind()) {
            case KILL_SERVICE, PAUSE_SERVICE -> f.service().shortName();
            case POSTGRES_RESTART -> f.shutdown().name().toLowerCase(Locale.ROOT);
            default -> "broker";
        };
        record(f.kind(), target, startedMillis, f.describe());
    }

    private static void awaitRestarts(java.util.Collection<CompletableFuture<Void>> restarts) {
        for (CompletableFuture<Void> r : restarts) {
            try {
                r.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw new IllegalStateException("a killed service did not come back: " + e.getCause().getMessage(), e.getCause());
            }
        }
    }

    /** A fault other than a kill, from start to its end (the paused service resumed, the broker or database back). */
    private void carryOut(FaultSchedule.Fault f, long started) {
        try {
            switch (f.kind()) {
                case PAUSE_SERVICE -> {
                    stack.pauseService(f.service(), true);
                    console.step(String.format(Locale.ROOT, "fault #%d at +%.1f s: SIGSTOP %s for %d ms", f.number(), started / 1e3,
                            f.service().module(), f.holdMillis()));
                    try {
                        sleepUninterrupted(f.holdMillis());
                    } finally {
                        stack.pauseService(f.service(), false);
                    }
                }
                case KAFKA_RESTART -> {
                    stack.kafkaRunning(false);
                    console.step(String.format(Locale.ROOT, "fault #%d at +%.1f s: Kafka down for %d ms", f.number(), started / 1e3,
                            f.holdMillis()));
                    try {
                        sleepUninterrupted(f.holdMillis());
                    } finally {
                        stack.kafkaRunning(true);
                    }
                }
                case POSTGRES_RESTART -> {
                    console.step(String.format(Locale.ROOT, "fault #%d at +%.1f s: PostgreSQL %s stop, start", f.number(), started / 1e3,
                            f.shutdown().name().toLowerCase(Locale.ROOT)));
                    stack.restartPostgres(f.shutdown());
                }
                default -> throw new IllegalArgumentException(f.kind() + " is not carried out here");
            }
        } catch (RuntimeException e) {
            throw new IllegalStateException("#" + f.number() + " " + f.describe() + ": " + e.getMessage(), e);
        }
    }

    /** Sleeps {@code millis}; false when interrupted (the interrupt is kept for the caller's loop). */
    private static boolean sleepUninterrupted(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private long elapsedMillis() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    private void record(FaultSchedule.Kind kind, String target, long startedMillis, String what) {
        FaultRecord r = new FaultRecord(kind, target, startedMillis, elapsedMillis() - startedMillis, what);
        log.add(r);
        console.step(String.format(Locale.ROOT, "fault at +%.1f s done in %d ms: %s", startedMillis / 1e3, r.tookMillis(), what));
    }

    // ------------------------------------------------------------------ draining

    /**
     * Waits, within {@link #DRAIN_TIMEOUT}, until every service answers ready, no outbox row is unsent, every consumer
     * group has read to the end of its topics and no notification is pending; the time from the end of the last fault
     * until then (the story may have written after it), or -1 when it did not drain.
     */
    private long drain(Reconciliation reconciliation) {
        // Called once the faults are over and the story wrote its last: from here on the platform only has to drain.
        long from = System.nanoTime();
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        Http plain = new Http();
        console.step("faults done; waiting for the platform to drain");
        String left = "";
        while (System.nanoTime() < deadline) {
            List<String> notReady = stack.config().services().stream()
                    .filter(s -> !plain.isOk(stack.config().serviceUrl(s) + "/q/health/ready")).map(ServiceDef::shortName).toList();
            long undrained = notReady.isEmpty() ? reconciliation.undrained() : -1;
            long lag = undrained == 0 ? Reconciliation.consumerLag(stack.kafkaBootstrap()) : -1;
            if (notReady.isEmpty() && undrained == 0 && lag == 0) {
                long now = System.nanoTime();
                long afterLastFault = (now - (lastFaultEndedNanos == 0 ? from : lastFaultEndedNanos)) / 1_000_000;
                drainAfterWritesMillis = (now - from) / 1_000_000;
                console.step("drained " + afterLastFault + " ms after the last fault, " + drainAfterWritesMillis
                        + " ms after the story's last write");
                return afterLastFault;
            }
            left = "not ready " + notReady + ", unsent or pending " + undrained + ", consumer lag " + lag;
            sleepUninterrupted(250);
        }
        console.step("not drained after " + DRAIN_TIMEOUT.toSeconds() + " s: " + left);
        return -1;
    }

    // ------------------------------------------------------------------ the client's faults and acknowledgements

    /** Tells the retrying client when to give up, and keeps what it was answered. */
    private final class ClientFaultsOfSchedule implements Http.ClientFaults {
        @Override
        public Duration giveUpAfter(HttpRequest request) {
            return schedule.giveUpOn(keyedRequests.incrementAndGet());
        }

        @Override
        public void gaveUp(HttpRequest request, Duration after) {
            record(FaultSchedule.Kind.CLIENT_GIVES_UP, request.method() + " " + request.uri().getPath()
                    .replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "{id}"), elapsedMillis(), "client hung up " + after.toMillis()
                    + " ms after sending " + request.method() + " " + request.uri().getPath() + ", sends it again with the same Idempotency-Key");
            retried.add(request);
        }

        @Override
        public void retrying(HttpRequest request, String reason) {
            retried.add(request);
        }

        @Override
        public void answered(HttpRequest request, Http.Response response) {
            if (!request.method().equals("GET") && response.status() / 100 == 2) {
                operationsAcknowledged.incrementAndGet();
                request.headers().firstValue(Http.IDEMPOTENCY_KEY).ifPresent(key -> {
                    String id = response.json().path("id").asText(null);
                    if (id != null) {
                        acknowledged.add(new Reconciliation.Acknowledged(request.uri().getPath(), key, id));
                    }
                });
            }
        }
    }

    // ------------------------------------------------------------------ the table

    /** The run's table: faults by kind, operations acknowledged, invariants, violations, drain time; then each violation. */
    public static void printReport(Report r, Console console) {
        List<String[]> rows = new ArrayList<>();
        for (FaultSchedule.Kind kind : FaultSchedule.Kind.values()) {
            int n = r.faultsByKind().getOrDefault(kind, 0);
            String targets = r.faultLog().stream().filter(f -> f.kind() == kind)
                    .collect(Collectors.groupingBy(FaultRecord::target, java.util.TreeMap::new, Collectors.counting()))
                    .entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
            rows.add(new String[] {"faults: " + kind.meaning, n + (targets.isEmpty() ? "" : " (" + targets + ")")});
        }
        rows.add(new String[] {"faults in all", Integer.toString(r.faultCount())});
        rows.add(new String[] {"rounds of the story played", Integer.toString(r.storyRounds())});
        rows.add(new String[] {"operations acknowledged (writes answered 2xx)", Integer.toString(r.operationsAcknowledged())});
        rows.add(new String[] {"requests the client had to send again", Integer.toString(r.retriedRequests())});
        rows.add(new String[] {"events of the run on the topics (extra copies)", r.eventsRead() + " (" + r.eventCopies() + ")"});
        rows.add(new String[] {"invariants checked", Integer.toString(r.invariants().size())});
        rows.add(new String[] {"violations", Integer.toString(r.violations().size())});
        rows.add(new String[] {"drain time after the last fault (after the story's last write)", r.drainMillis() < 0 ? "did not drain"
                : String.format(Locale.ROOT, "%.1f s (%.1f s)", r.drainMillis() / 1e3, r.drainAfterWritesMillis() / 1e3)});
        rows.add(new String[] {"wall time of the run", String.format(Locale.ROOT, "%.0f s", r.wallMillis() / 1e3)});
        int width = rows.stream().mapToInt(x -> x[0].length()).max().orElse(10);
        console.line("");
        console.line("Fault run " + r.plan() + ", seed " + r.seed());
        for (String[] row : rows) {
            console.line(String.format(Locale.ROOT, "  %-" + width + "s | %s", row[0], row[1]));
        }
        for (DemoStory.Check c : r.violations()) {
            console.line("  VIOLATION " + c.name() + " (" + c.detail() + ")");
        }
        console.line("Replay this schedule with seed " + r.seed() + ".");
    }
}
