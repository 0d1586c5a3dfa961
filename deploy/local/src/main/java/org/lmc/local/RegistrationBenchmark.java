package org.lmc.local;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * {@code ./lmc bench}: team registration through the real stack (a Keycloak token checked on every request, validation,
 * an Idempotency-Key stored per request, the team, members and outbox row in one transaction, the relay sending to
 * Kafka) at each client count, beside the raw single-row JDBC insert rate into the same PostgreSQL measured in the same
 * run. Closed-loop clients, each on its own keep-alive connection; the table is printed and saved under .lmc/bench/.
 */
final class RegistrationBenchmark {
    /** Registration must reach this share of the raw insert rate at the highest client count, with p99 below the limit. */
    static final double TARGET_RATIO = 0.4;
    static final double TARGET_P99_MILLIS = 50;
    /** Valid NCES LEA id prefixes (state FIPS) and their states: 100,000 distinct districts each. */
    private static final String[][] STATES = {{"08", "CO"}, {"06", "CA"}, {"48", "TX"}, {"36", "NY"}, {"12", "FL"},
            {"17", "IL"}, {"42", "PA"}, {"39", "OH"}, {"13", "GA"}, {"37", "NC"}};

    private final StackConfig config;
    private final Console console;
    private final Function<String, String> jdbcUrlOf;
    private final List<Integer> clientCounts;
    private final Duration measure;
    private final Duration warmup;
    private final Http http = new Http();
    private final KeycloakTokens tokens;

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

    RegistrationBenchmark(StackConfig config, Console console, Function<String, String> jdbcUrlOf, Map<String, String> env) {
        this.config = config;
        this.console = console;
        this.jdbcUrlOf = jdbcUrlOf;
        this.clientCounts = Arrays.stream(env.getOrDefault("LMC_BENCH_CLIENTS", "2,32").split("[,\\s]+"))
                .map(String::trim).filter(s -> !s.isEmpty()).map(RegistrationBenchmark::clientCount).toList();
        this.measure = Duration.ofSeconds(seconds(env, "LMC_BENCH_SECONDS", 20));
        this.warmup = Duration.ofSeconds(seconds(env, "LMC_BENCH_WARMUP_SECONDS", 45));
        this.tokens = new KeycloakTokens(config, http);
    }

    /** The benchmark database for the raw inserts; created by the caller on the stack's PostgreSQL. */
    static final String RAW_DATABASE = "bench";

    /** Runs every phase; returns the table (also printed and saved). */
    String run() throws Exception {
        console.line("");
        console.line("Benchmark: team registration vs raw single-row JDBC inserts into the same PostgreSQL (as the local stack"
                + " runs it: embedded, fsync off), "
                + measure.toSeconds() + " s per phase, clients " + clientCounts + ", after a " + warmup.toSeconds() + " s warm-up.");
        prepareRawTable();
        registrations(clientCounts.get(clientCounts.size() - 1), warmup, "warm-up");
        // The JDBC path is short and hot after seconds; the service's needs tens of thousands of calls before the JIT is done.
        rawInserts(clientCounts.get(clientCounts.size() - 1), Duration.ofSeconds(Math.min(5, warmup.toSeconds())), "warm-up");
        List<Phase> phases = new ArrayList<>();
        for (int clients : clientCounts) {
            phases.add(rawInserts(clients, measure, "measure"));
            phases.add(registrations(clients, measure, "measure"));
        }
        String table = table(phases);
        console.line("");
        console.line(table);
        // Beside the benchmark's own stack state, which the next run clears.
        Path saved = config.stateDir().resolveSibling("bench").resolve("registration-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
        Files.createDirectories(saved.getParent());
        Files.writeString(saved, table + System.lineSeparator());
        console.line("Saved to " + config.root().relativize(saved));
        return table;
    }

    private Phase registrations(int clients, Duration duration, String label) throws Exception {
        String agencyToken = tokens.agency();
        String conveningId = createConvening();
        URI base = URI.create(config.serviceUrl(ServiceDef.REGISTRATION));
        String path = "/api/v1/convenings/" + conveningId + "/teams";
        AtomicInteger nextTeam = new AtomicInteger();
        console.step(label + ": POST " + path + " with " + clients + " clients for " + duration.toSeconds() + " s");
        Phase phase = closedLoop("POST .../teams (registration)", clients, duration, () -> new Client() {
            private final KeepAliveHttp connection = new KeepAliveHttp(base.getHost(), base.getPort());
            private String lastError;

            @Override
            public boolean once() throws IOException {
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("Authorization", "Bearer " + agencyToken);
                headers.put("Content-Type", "application/json");
                headers.put("Accept", "application/json");
                headers.put("Idempotency-Key", UUID.randomUUID().toString());
                KeepAliveHttp.Answer answer = connection.post(path, headers, team(nextTeam.getAndIncrement()));
                if (answer.status() != 201) {
                    lastError = answer.status() + " " + answer.body();
                    return false;
                }
                return true;
            }

            @Override
            public String lastError() {
                return lastError;
            }

            @Override
            public void close() {
                connection.close();
            }
        });
        awaitOutboxDrained();
        return phase;
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
        out.append("\n| clients | registrations/s ÷ raw inserts/s | registration p99 ms | target |\n| ---: | ---: | ---: | --- |\n");
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

    private String createConvening() {
        Http.Response created = http.postJson(config.serviceUrl(ServiceDef.REGISTRATION) + "/api/v1/convenings", tokens.user("admin"),
                benchConvening(), Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        if (created.status() != 201) {
            throw new DemoFailure("POST /api/v1/convenings answered " + created.status() + ": " + created.brief());
        }
        return created.json().path("id").asText();
    }

    /** The demo's convening with room for every team a phase registers. */
    private static Map<String, Object> benchConvening() {
        Map<String, Object> convening = new LinkedHashMap<>(DemoPath.convening());
        convening.put("title", "Registration benchmark");
        convening.put("capacityTeams", 100_000);
        return convening;
    }

    /** The n-th team of a phase: its own district, the three required officials. */
    static byte[] team(int n) {
        String[] state = STATES[(n / 100_000) % STATES.length];
        String leaId = state[0] + String.format(Locale.ROOT, "%05d", n % 100_000);
        try {
            return Http.JSON.writeValueAsBytes(DemoPath.districtTeam(leaId, "District " + leaId, state[1], List.of(
                    DemoPath.member("Superintendent " + leaId, "superintendent@d" + leaId + ".example.org", "SUPERINTENDENT"),
                    DemoPath.member("Union Leader " + leaId, "president@u" + leaId + ".example.org", "UNION_LEADER"),
                    DemoPath.member("Board President " + leaId, "board@d" + leaId + ".example.org", "BOARD_PRESIDENT"))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    void prepareRawTable() throws SQLException {
        try (Connection c = connect(RAW_DATABASE); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS raw_insert (id UUID PRIMARY KEY, org_id TEXT NOT NULL, name TEXT NOT NULL,"
                    + " created_at TIMESTAMPTZ NOT NULL DEFAULT now())");
            s.execute("TRUNCATE raw_insert");
        }
    }

    /** The relay must keep up: after a phase, every event it wrote reaches Kafka before the next phase starts. */
    private void awaitOutboxDrained() throws Exception {
        long start = System.nanoTime();
        long deadline = start + Duration.ofMinutes(2).toNanos();
        try (Connection c = connect(ServiceDef.REGISTRATION.database());
                PreparedStatement unsent = c.prepareStatement("SELECT count(*) FROM lmc_outbox WHERE sent_at IS NULL")) {
            while (true) {
                long left;
                try (ResultSet rs = unsent.executeQuery()) {
                    rs.next();
                    left = rs.getLong(1);
                }
                if (left == 0) {
                    console.step(String.format(Locale.ROOT, "   outbox drained %.1f s after the phase", (System.nanoTime() - start) / 1e9));
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new DemoFailure(left + " events still unsent two minutes after the phase: the relay did not keep up");
                }
                Thread.sleep(100);
            }
        }
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrlOf.apply(database), "postgres", "postgres");
    }

    private static int clientCount(String value) {
        try {
            int clients = Integer.parseInt(value);
            if (clients < 1 || clients > 512) {
                throw new NumberFormatException();
            }
            return clients;
        } catch (NumberFormatException e) {
            throw new StackConfig.ConfigException("LMC_BENCH_CLIENTS: '" + value + "' is not a client count from 1 to 512");
        }
    }

    static long seconds(Map<String, String> env, String variable, long fallback) {
        String value = env.getOrDefault(variable, "").trim();
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            long seconds = Long.parseLong(value);
            if (seconds < 1 || seconds > 3600) {
                throw new NumberFormatException();
            }
            return seconds;
        } catch (NumberFormatException e) {
            throw new StackConfig.ConfigException(variable + ": '" + value + "' is not a number of seconds from 1 to 3600");
        }
    }

    static String brief(String text) {
        String line = text.replaceAll("\\s+", " ");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
