package org.lmc.local;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Closed-loop clients in the launcher's JVM, for the funding benchmark: each client calls its work in a loop from one
 * shared start until the deadline, and the raw single-row JDBC insert rate into the same PostgreSQL as its baseline.
 * The launcher also hosts the local Kafka broker, so these figures include that contention; the registration
 * benchmark drives wrk and pgbench in processes of their own instead.
 */
final class ClosedLoopDriver {
    /** A funding payment must reach this share of the raw insert rate at the highest client count, with p99 below the limit. */
    static final double TARGET_RATIO = 0.10;
    static final double TARGET_P99_MILLIS = 50;
    static final String RAW_DATABASE = RegistrationBenchmark.RAW_DATABASE;

    private final Console console;
    private final Function<String, String> jdbcUrlOf;

    ClosedLoopDriver(Console console, Function<String, String> jdbcUrlOf) {
        this.console = console;
        this.jdbcUrlOf = jdbcUrlOf;
    }

    /** One measured phase. */
    record Phase(String workload, int clients, long ok, long errors, double seconds, long[] sortedNanos, String firstError) {
        double perSecond() {
            return ok / seconds;
        }

        double percentileMillis(double p) {
            if (sortedNanos.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100 * sortedNanos.length) - 1;
            return sortedNanos[Math.max(0, Math.min(index, sortedNanos.length - 1))] / 1e6;
        }
    }

    /** The work of one client: one request or insert per call; false when it failed. */
    interface Client extends AutoCloseable {
        boolean once() throws Exception;

        String lastError();

        @Override
        void close();
    }

    Phase rawInserts(int clients, Duration duration, String label) throws Exception {
        console.step(label + ": INSERT one row per transaction into " + RAW_DATABASE + ".raw_insert with " + clients
                + " clients for " + duration.toSeconds() + " s");
        return closedLoop("raw JDBC INSERT (1 row/tx)", clients, duration, () -> new Client() {
            private final Connection connection = connect(RAW_DATABASE);
            private final PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO raw_insert (id, org_id, name) VALUES (?, ?, ?)");
            private String lastError;

            @Override
            public boolean once() {
                try {
                    insert.setObject(1, UUID.randomUUID());
                    insert.setString(2, "0803360");
                    insert.setString(3, "Denver Public Schools");
                    insert.executeUpdate();
                    return true;
                } catch (SQLException e) {
                    lastError = e.getMessage();
                    return false;
                }
            }

            @Override
            public String lastError() {
                return lastError;
            }

            @Override
            public void close() {
                try {
                    connection.close();
                } catch (SQLException e) {
                    // the phase is over; a failed close changes no figure
                }
            }
        });
    }

    /** A client factory that may fail while connecting. */
    interface ClientFactory {
        Client open() throws Exception;
    }

    /** {@code clients} threads, each calling its client in a loop from one shared start until the deadline. */
    Phase closedLoop(String workload, int clients, Duration duration, ClientFactory factory) throws Exception {
        List<Client> opened = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            opened.add(factory.open());
        }
        long[][] latencies = new long[clients][];
        int[] counts = new int[clients];
        long[] errors = new long[clients];
        AtomicReference<String> firstError = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        long[] window = new long[2];
        for (int i = 0; i < clients; i++) {
            int me = i;
            Thread thread = new Thread(() -> {
                long[] mine = new long[1 << 16];
                int n = 0;
                Client client = opened.get(me);
                try {
                    start.await();
                    long deadline = window[1];
                    for (long now = System.nanoTime(); now < deadline; ) {
                        boolean ok;
                        try {
                            ok = client.once();
                        } catch (Exception e) {
                            ok = false;
                            firstError.compareAndSet(null, e.toString());
                        }
                        long after = System.nanoTime();
                        if (ok) {
                            if (n == mine.length) {
                                mine = Arrays.copyOf(mine, n * 2);
                            }
                            mine[n++] = after - now;
                        } else {
                            errors[me]++;
                            if (client.lastError() != null) {
                                firstError.compareAndSet(null, client.lastError());
                            }
                        }
                        now = after;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    latencies[me] = mine;
                    counts[me] = n;
                    client.close();
                }
            }, "lmc-bench-" + i);
            threads.add(thread);
            thread.start();
        }
        window[0] = System.nanoTime();
        window[1] = window[0] + duration.toNanos();
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - window[0]) / 1e9;
        long ok = 0;
        long failed = 0;
        for (int i = 0; i < clients; i++) {
            ok += counts[i];
            failed += errors[i];
        }
        long[] all = new long[(int) ok];
        int at = 0;
        for (int i = 0; i < clients; i++) {
            System.arraycopy(latencies[i], 0, all, at, counts[i]);
            at += counts[i];
        }
        Arrays.sort(all);
        Phase phase = new Phase(workload, clients, ok, failed, seconds, all, firstError.get());
        console.step(String.format(Locale.ROOT, "   %,d ok, %,d errors, %,.0f/s, p50 %.1f ms, p99 %.1f ms%s", ok, failed,
                phase.perSecond(), phase.percentileMillis(50), phase.percentileMillis(99),
                phase.firstError() == null ? "" : "; first error: " + brief(phase.firstError())));
        return phase;
    }

    static String table(List<Phase> phases) {
        StringBuilder out = new StringBuilder();
        out.append("| workload | clients | ok | errors | per second | p50 ms | p90 ms | p99 ms | max ms |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Phase p : phases) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %,d | %,d | %,.0f | %.2f | %.2f | %.2f | %.2f |%n", p.workload(),
                    p.clients(), p.ok(), p.errors(), p.perSecond(), p.percentileMillis(50), p.percentileMillis(90),
                    p.percentileMillis(99), p.percentileMillis(100)));
        }
        out.append("\n| clients | payments/s ÷ raw inserts/s | payment p99 ms | target |\n| ---: | ---: | ---: | --- |\n");
        int highest = phases.stream().mapToInt(Phase::clients).max().orElse(0);
        for (int i = 0; i + 1 < phases.size(); i += 2) {
            Phase raw = phases.get(i);
            Phase registration = phases.get(i + 1);
            double ratio = registration.perSecond() / raw.perSecond();
            String target = registration.clients() != highest ? "" : String.format(Locale.ROOT, "ratio >= %.2f: %s; p99 < %.0f ms: %s",
                    TARGET_RATIO, ratio >= TARGET_RATIO ? "met" : "NOT met", TARGET_P99_MILLIS,
                    registration.percentileMillis(99) < TARGET_P99_MILLIS ? "met" : "NOT met");
            out.append(String.format(Locale.ROOT, "| %d | %.3f | %.2f | %s |%n", registration.clients(), ratio,
                    registration.percentileMillis(99), target));
        }
        return out.toString().stripTrailing();
    }

    void prepareRawTable() throws SQLException {
        try (Connection c = connect(RAW_DATABASE)) {
            LoadTools.prepareRawTable(c);
        }
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrlOf.apply(database), "postgres", "postgres");
    }

    static String brief(String text) {
        String line = text.replaceAll("\\s+", " ");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
