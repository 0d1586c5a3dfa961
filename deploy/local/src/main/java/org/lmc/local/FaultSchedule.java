package org.lmc.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.lmc.testing.embedded.EmbeddedPostgresServer;

/**
 * The faults of one run, drawn from a seed: the same seed and plan always give the same schedule (kinds, targets,
 * moments, durations, which requests the client gives up on). Process faults are timed from the start of the workload;
 * a client's give-up is tied to the ordinal of a keyed request, so it lands on the same request of the story.
 */
final class FaultSchedule {

    /** What a fault does to the running platform. */
    enum Kind {
        KILL_SERVICE("kill -9 of a service, then a restart"),
        PAUSE_SERVICE("SIGSTOP of a service past the consumer session timeout, then SIGCONT"),
        KAFKA_RESTART("Kafka broker stopped, then started on the same port and log directory"),
        POSTGRES_RESTART("PostgreSQL stopped (fast or immediate), then started on the same data and port"),
        CLIENT_GIVES_UP("the client hangs up mid-request, the answer unread, then sends it again with the same key");

        final String meaning;

        Kind(String meaning) {
            this.meaning = meaning;
        }
    }

    /**
     * One process fault at {@code atMillis} after the workload started. {@code holdMillis}: how long a paused service
     * stays stopped or the broker stays down; {@code shutdown}: PostgreSQL's shutdown mode.
     */
    record Fault(int number, Kind kind, long atMillis, ServiceDef service, long holdMillis, EmbeddedPostgresServer.Shutdown shutdown) {
        String describe() {
            return switch (kind) {
                case KILL_SERVICE -> "kill -9 " + service.module() + ", restart";
                case PAUSE_SERVICE -> "SIGSTOP " + service.module() + " for " + holdMillis + " ms, SIGCONT";
                case KAFKA_RESTART -> "Kafka down for " + holdMillis + " ms";
                case POSTGRES_RESTART -> "PostgreSQL " + shutdown.name().toLowerCase(Locale.ROOT) + " stop, start";
                case CLIENT_GIVES_UP -> "client gives up";
            };
        }
    }

    /**
     * How many faults of each kind, within which window of the workload, and over how many keyed requests the client's
     * give-ups are spread. {@code pauseMillis}: a pause lasts longer than the services' consumer session timeout (10 s,
     * {@code KafkaClients}), so the broker evicts the paused member and its partitions move.
     */
    record Plan(String name, int kills, int pauses, int kafkaRestarts, int postgresRestarts, int clientGiveUps, Duration window,
            int keyedRequests, long pauseMillis) {
        int total() {
            return kills + pauses + kafkaRestarts + postgresRestarts + clientGiveUps;
        }

        /** The end-to-end suite's run: about 50 faults in a couple of minutes of story. */
        static Plan shortRun() {
            return new Plan("short", 4, 2, 2, 2, 42, Duration.ofSeconds(90), 150, 12_000);
        }

        /** No fault at all: the story and the reconciliation alone. */
        static Plan none() {
            return new Plan("none", 0, 0, 0, 0, 0, Duration.ZERO, 0, 0);
        }

        /** {@code ./lmc faults}: over 200 faults while the demo's full story plays. */
        static Plan longRun() {
            return new Plan("long", 16, 4, 4, 4, 180, Duration.ofSeconds(330), 1500, 12_000);
        }
    }

    private final long seed;
    private final Plan plan;
    private final List<Fault> processFaults;
    /** Keyed request ordinal (1 = the first keyed request of the run) to the read timeout the client gives up after. */
    private final Map<Integer, Duration> giveUps;

    private FaultSchedule(long seed, Plan plan, List<Fault> processFaults, Map<Integer, Duration> giveUps) {
        this.seed = seed;
        this.plan = plan;
        this.processFaults = List.copyOf(processFaults);
        this.giveUps = Map.copyOf(giveUps);
    }

    /** Draws the schedule of {@code plan} from {@code seed}. */
    static FaultSchedule draw(long seed, Plan plan) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Kind> kinds = new ArrayList<>();
        addTimes(kinds, Kind.KILL_SERVICE, plan.kills());
        addTimes(kinds, Kind.PAUSE_SERVICE, plan.pauses());
        addTimes(kinds, Kind.KAFKA_RESTART, plan.kafkaRestarts());
        addTimes(kinds, Kind.POSTGRES_RESTART, plan.postgresRestarts());
        java.util.Collections.shuffle(kinds, new Random(random.nextLong()));
        // Every service is killed at least once (when there are as many kills as services), the rest at random.
        List<ServiceDef> killed = new ArrayList<>(List.of(ServiceDef.values()));
        java.util.Collections.shuffle(killed, new Random(random.nextLong()));
        long window = plan.window().toMillis();
        List<Long> moments = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            moments.add(2_000 + random.nextLong(Math.max(1, window - 2_000)));
        }
        moments.sort(Comparator.naturalOrder());
        List<Fault> faults = new ArrayList<>();
        int kills = 0;
        for (int i = 0; i < kinds.size(); i++) {
            Kind kind = kinds.get(i);
            ServiceDef anyService = ServiceDef.values()[random.nextInt(ServiceDef.values().length)];
            ServiceDef service = switch (kind) {
                case KILL_SERVICE -> kills < killed.size() ? killed.get(kills) : anyService;
                case PAUSE_SERVICE -> anyService;
                default -> null;
            };
            if (kind == Kind.KILL_SERVICE) {
                kills++;
            }
            long hold = switch (kind) {
                case PAUSE_SERVICE -> plan.pauseMillis() + random.nextLong(3_000);
                case KAFKA_RESTART -> 1_000 + random.nextLong(6_000);
                default -> 0;
            };
            EmbeddedPostgresServer.Shutdown shutdown = kind == Kind.POSTGRES_RESTART
                    ? EmbeddedPostgresServer.Shutdown.values()[random.nextInt(2)] : null;
            faults.add(new Fault(i + 1, kind, moments.get(i), service, hold, shutdown));
        }
        Map<Integer, Duration> giveUps = new TreeMap<>();
        while (giveUps.size() < Math.min(plan.clientGiveUps(), plan.keyedRequests())) {
            // From at once (the service reads a request whose client is gone) to about its usual time to answer.
            giveUps.put(1 + random.nextInt(plan.keyedRequests()), Duration.ofMillis(random.nextLong(40)));
        }
        return new FaultSchedule(seed, plan, faults, giveUps);
    }

    private static void addTimes(List<Kind> kinds, Kind kind, int times) {
        for (int i = 0; i < times; i++) {
            kinds.add(kind);
        }
    }

    long seed() {
        return seed;
    }

    Plan plan() {
        return plan;
    }

    List<Fault> processFaults() {
        return processFaults;
    }

    /** The read timeout the client gives up after on keyed request {@code ordinal}, or null. */
    Duration giveUpOn(int ordinal) {
        return giveUps.get(ordinal);
    }

    int plannedGiveUps() {
        return giveUps.size();
    }

    /** Counts of the scheduled process faults by kind. */
    Map<Kind, Integer> processFaultsByKind() {
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        processFaults.forEach(f -> counts.merge(f.kind(), 1, Integer::sum));
        return counts;
    }
}
