package org.lmc.local;

import java.io.IOException;
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
import java.util.function.Function;

/**
 * {@code ./lmc bench}: team registration ({@code POST .../teams}: a Keycloak token checked, validation, an Idempotency-Key
 * stored, team + members + outbox row in one transaction, the relay sending to Kafka) and reading a team ({@code GET
 * /api/v1/teams/{t}}), beside pgbench's raw single-row insert rate into the same PostgreSQL, in the same run, at each
 * client count, for two rounds. The load comes from wrk and pgbench, each in its own process, never from a JVM that
 * hosts a service or the broker. Besides rates and latencies it reports the service's CPU time per request (process CPU
 * time over the phase, the relay's catching up included, divided by requests), which a busy machine distorts far less
 * than rates, and the service's resident memory after the load. The table is printed and saved under .lmc/bench/.
 */
final class RegistrationBenchmark {
    /** The targets: registrations at the highest client count against the raw insert rate, and latency. */
    static final double TARGET_POST_RATIO = 0.10;
    static final double TARGET_POST_P99_MILLIS = 50;
    static final double TARGET_POST_P50_MILLIS_LOWEST = 2;
    static final double TARGET_GET_RATIO = 0.25;
    static final double TARGET_GET_P99_MILLIS = 30;
    static final long TARGET_RSS_MIB = 300;
    /** The benchmark database for the raw inserts; created by the caller on the stack's PostgreSQL. */
    static final String RAW_DATABASE = "bench";
    /** Valid NCES LEA id prefixes (state FIPS) and their states: 100,000 distinct districts each. */
    private static final String[][] STATES = {{"08", "CO"}, {"06", "CA"}, {"48", "TX"}, {"36", "NY"}, {"12", "FL"},
            {"17", "IL"}, {"42", "PA"}, {"39", "OH"}, {"13", "GA"}, {"37", "NC"}};

    /** What the stack tells the benchmark about its processes. */
    interface Stack {
        Function<String, String> jdbcUrlOf();

        int postgresPort();

        /** The registration-service process. */
        long servicePid();

        long serviceRssKib();

        /** The service's JVM as it runs: its version and options (the class-data archive's included). */
        String serviceJvm();
    }

    private final StackConfig config;
    private final Console console;
    private final Stack stack;
    private final List<Integer> clientCounts;
    private final Duration measure;
    private final Duration warmup;
    private final Duration jitCap;
    private final int rounds;
    private final Http http = new Http();
    private final KeycloakTokens tokens;
    private final Path work;
    /** What registration-service (and its relay) asked PostgreSQL per registration in the last measured POST phase. */
    private String statementsPerRegistration = "";

    /** One measured phase; latencies in milliseconds (pgbench reports only its average). */
    record Phase(String workload, int round, int clients, long requests, long errors, double seconds, double p50, double p99,
            double averageMillis, double serviceCpuMillis, double jitShare) {
        double perSecond() {
            return requests / seconds;
        }

        /** Service CPU milliseconds per successful request; NaN for the raw inserts. */
        double cpuPerRequest() {
            return requests == 0 ? Double.NaN : serviceCpuMillis / requests;
        }
    }

    RegistrationBenchmark(StackConfig config, Console console, Stack stack, Map<String, String> env) {
        this.config = config;
        this.console = console;
        this.stack = stack;
        this.clientCounts = Arrays.stream(env.getOrDefault("LMC_BENCH_CLIENTS", "2,32").split("[,\\s]+"))
                .map(String::trim).filter(s -> !s.isEmpty()).map(RegistrationBenchmark::clientCount).toList();
        this.measure = Duration.ofSeconds(seconds(env, "LMC_BENCH_SECONDS", 20));
        this.warmup = Duration.ofSeconds(seconds(env, "LMC_BENCH_WARMUP_SECONDS", 45));
        this.jitCap = jitCap(env);
        this.rounds = (int) seconds(env, "LMC_BENCH_ROUNDS", 2);
        this.tokens = new KeycloakTokens(config, http);
        this.work = config.stateDir().resolve("bench-work");
    }

    /**
     * The load generators this benchmark runs, each with how to get it when it is missing; empty when all are there.
     * Checked before the stack starts, so a missing tool costs no start-up.
     */
    static List<String> missingTools() {
        return LoadTools.missing(true, true);
    }

    /** Runs every phase; returns the table (also printed and saved). */
    String run() throws Exception {
        Files.createDirectories(work);
        String durability = durabilitySettings();
        console.line("");
        console.line("Benchmark: POST .../teams and GET /api/v1/teams/{t} against pgbench's raw single-row INSERT rate into the"
                + " same PostgreSQL (" + durability + "), " + measure.toSeconds() + " s per phase, clients " + clientCounts + ", "
                + rounds + " rounds, after a " + warmup.toSeconds() + " s warm-up. Load from wrk and pgbench in their own processes.");
        prepareRawTable();
        int most = clientCounts.stream().mapToInt(Integer::intValue).max().orElse(32);
        // The service needs tens of thousands of calls before its JIT is done; pgbench is hot after a second.
        List<String> teams = new ArrayList<>();
        registrations(most, warmup, 0, "warm-up", teams);
        LoadTools.warmUntilCompiled(console, stack.servicePid(), jitCap, slice -> registrations(most, slice, 0, "warm-up", teams));
        teamReads(most, Duration.ofSeconds(Math.max(5, warmup.toSeconds() / 4)), 0, "warm-up", teams);
        LoadTools.warmUntilCompiled(console, stack.servicePid(), jitCap, slice -> teamReads(most, slice, 0, "warm-up", teams));
        List<Phase> phases = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (int clients : clientCounts) {
                phases.add(rawInserts(clients, measure, round));
                phases.add(registrations(clients, measure, round, "measure", teams));
                phases.add(teamReads(clients, measure, round, "measure", teams));
            }
        }
        long rssMib = stack.serviceRssKib() / 1024;
        String table = table(phases, durability, rssMib, stack.serviceJvm());
        if (!statementsPerRegistration.isEmpty()) {
            table += "\n\nStatements per registration in the last POST phase (pg_stat_statements of the registration database:"
                    + " the request's and the relay's; BEGIN travels with the first statement, not in a round trip of its own):\n\n"
                    + statementsPerRegistration;
        }
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

    // ------------------------------------------------------------------ workloads

    private Phase rawInserts(int clients, Duration duration, int round) throws Exception {
        console.step("round " + round + ": pgbench, one INSERT per transaction into " + RAW_DATABASE + ".raw_insert, " + clients
                + " clients, " + duration.toSeconds() + " s");
        LoadTools.PgbenchResult raw = LoadTools.rawInserts(work, stack.postgresPort(), RAW_DATABASE, clients, duration);
        Phase phase = new Phase("raw INSERT (pgbench, 1 row/tx)", round, clients, raw.done(), raw.failed(), raw.done() / raw.perSecond(),
                Double.NaN, Double.NaN, raw.averageMillis(), Double.NaN, Double.NaN);
        console.step(String.format(Locale.ROOT, "   %,.0f/s, average %.3f ms", raw.perSecond(), raw.averageMillis()));
        return phase;
    }

    private Phase registrations(int clients, Duration duration, int round, String label, List<String> teams) throws Exception {
        String conveningId = createConvening();
        String path = "/api/v1/convenings/" + conveningId + "/teams";
        Path script = work.resolve("register.lua");
        Files.writeString(script, registerScript(path, tokens.agency(), UUID.randomUUID().toString(), LoadTools.wrkThreads(clients)));
        console.step((round == 0 ? label : "round " + round) + ": wrk POST " + path + ", " + clients + " clients, "
                + duration.toSeconds() + " s");
        resetStatementCounts();
        LoadTools.Cpu before = LoadTools.cpu(stack.servicePid());
        LoadTools.WrkResult result = wrk(script, clients, duration);
        awaitOutboxDrained();
        LoadTools.Cpu cpu = LoadTools.cpu(stack.servicePid()).since(before);
        if (round > 0) {
            statementsPerRegistration = statementCounts(result.requests() - result.errors());
        }
        if (result.errors() > 0) {
            console.step("   " + result.errors() + " answers were not 201; the service log (.lmc/bench-stack/logs/) says why");
        }
        rememberTeams(conveningId, teams);
        return report(new Phase("POST .../teams (register)", round, clients, result.requests() - result.errors(), result.errors(),
                result.seconds(), result.p50(), result.p99(), Double.NaN, cpu.millis(), cpu.jitShare()));
    }

    private Phase teamReads(int clients, Duration duration, int round, String label, List<String> teams) throws Exception {
        Path script = work.resolve("read.lua");
        Files.writeString(script, readScript(teams, tokens.agency()));
        console.step((round == 0 ? label : "round " + round) + ": wrk GET /api/v1/teams/{t} over " + teams.size() + " teams, "
                + clients + " clients, " + duration.toSeconds() + " s");
        LoadTools.Cpu before = LoadTools.cpu(stack.servicePid());
        LoadTools.WrkResult result = wrk(script, clients, duration);
        LoadTools.Cpu cpu = LoadTools.cpu(stack.servicePid()).since(before);
        return report(new Phase("GET /api/v1/teams/{t}", round, clients, result.requests() - result.errors(), result.errors(),
                result.seconds(), result.p50(), result.p99(), Double.NaN, cpu.millis(), cpu.jitShare()));
    }

    private Phase report(Phase phase) {
        console.step(String.format(Locale.ROOT, "   %,d ok, %,d errors, %,.0f/s, p50 %.2f ms, p99 %.2f ms, service CPU %.3f ms/request"
                + " (JIT %.0f%%)", phase.requests(), phase.errors(), phase.perSecond(), phase.p50(), phase.p99(), phase.cpuPerRequest(),
                100 * phase.jitShare()));
        return phase;
    }

    private LoadTools.WrkResult wrk(Path script, int clients, Duration duration) throws Exception {
        return LoadTools.wrk(script, clients, duration, config.serviceUrl(ServiceDef.REGISTRATION));
    }

    /** The request of each call: a new district each time (unique per phase), its three officials, a new key. */
    static String registerScript(String path, String token, String phase, int threads) {
        StringBuilder states = new StringBuilder();
        for (String[] s : STATES) {
            states.append(states.length() == 0 ? "" : ", ").append("{\"").append(s[0]).append("\", \"").append(s[1]).append("\"}");
        }
        return LoadTools.numberedRequests(threads, 0) + """
                local states = {%s}
                function request()
                  local i = next_number()
                  local state = states[(math.floor(i / 100000) %% #states) + 1]
                  local lea = state[1] .. string.format("%%05d", i %% 100000)
                  local body = '{"organisation":{"kind":"DISTRICT","ncesLeaId":"' .. lea .. '","name":"District ' .. lea
                    .. '","state":"' .. state[2] .. '"},"members":['
                    .. '{"name":"Superintendent ' .. lea .. '","email":"superintendent@d' .. lea .. '.example.org","role":"SUPERINTENDENT"},'
                    .. '{"name":"Union Leader ' .. lea .. '","email":"president@u' .. lea .. '.example.org","role":"UNION_LEADER"},'
                    .. '{"name":"Board President ' .. lea .. '","email":"board@d' .. lea .. '.example.org","role":"BOARD_PRESIDENT"}]}'
                  return wrk.format("POST", "%s", {
                    ["Authorization"] = "Bearer %s",
                    ["Content-Type"] = "application/json",
                    ["Accept"] = "application/json",
                    ["Idempotency-Key"] = "%s-" .. i
                  }, body)
                end
                """.formatted(states, path, token, phase) + LoadTools.WRK_DONE;
    }

    /** Each call reads the next of the registered teams. */
    static String readScript(List<String> teams, String token) {
        StringBuilder ids = new StringBuilder();
        for (String id : teams) {
            ids.append(ids.length() == 0 ? "" : ",\n").append("\"/api/v1/teams/").append(id).append('"');
        }
        return """
                local paths = {%s}
                local n = 0
                function setup(thread)
                end
                function init(args)
                  n = math.random(#paths)
                end
                function request()
                  n = (n %% #paths) + 1
                  return wrk.format("GET", paths[n], {["Authorization"] = "Bearer %s", ["Accept"] = "application/json"})
                end
                """.formatted(ids, token) + LoadTools.WRK_DONE;
    }

    // ------------------------------------------------------------------ stack and tools

    /** Starts counting the registration database's statements afresh (pg_stat_statements, loaded by ./lmc bench). */
    private void resetStatementCounts() throws SQLException {
        try (Connection c = connect(ServiceDef.REGISTRATION.database()); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            s.execute("SELECT pg_stat_statements_reset()");
        }
    }

    /** A table of the statements since the reset, per registration, the harness's own look-ups left out. */
    private String statementCounts(long registrations) throws SQLException {
        if (registrations == 0) {
            return "";
        }
        StringBuilder out = new StringBuilder("| per registration | statement |\n| ---: | --- |\n");
        double total = 0;
        try (Connection c = connect(ServiceDef.REGISTRATION.database());
                PreparedStatement s = c.prepareStatement("SELECT calls, regexp_replace(query, '\\s+', ' ', 'g') FROM pg_stat_statements"
                        + " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
                        + " AND query NOT LIKE '%pg_stat_statements%' AND query NOT LIKE 'SELECT count(*) FROM lmc_outbox WHERE sent_at IS NULL%'"
                        + " ORDER BY calls DESC")) {
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    double perRegistration = rs.getLong(1) / (double) registrations;
                    total += perRegistration;
                    if (perRegistration >= 0.01) {
                        String query = rs.getString(2);
                        out.append(String.format(Locale.ROOT, "| %.2f | `%s` |%n", perRegistration,
                                (query.length() > 160 ? query.substring(0, 160) + "..." : query).replace("|", "\\|")));
                    }
                }
            }
        }
        return out.append(String.format(Locale.ROOT, "| **%.2f** | all statements |", total)).toString();
    }

    private String durabilitySettings() throws SQLException {
        try (Connection c = connect(RAW_DATABASE)) {
            return LoadTools.durabilitySettings(c);
        }
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

    /** Up to 10,000 teams of the convening, for the reads. */
    private void rememberTeams(String conveningId, List<String> teams) throws SQLException {
        if (teams.size() >= 10_000) {
            return;
        }
        try (Connection c = connect(ServiceDef.REGISTRATION.database());
                PreparedStatement s = c.prepareStatement("SELECT id FROM team WHERE convening_id = ? LIMIT ?")) {
            s.setObject(1, UUID.fromString(conveningId));
            s.setInt(2, 10_000 - teams.size());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    teams.add(rs.getString(1));
                }
            }
        }
    }

    private void prepareRawTable() throws SQLException {
        try (Connection c = connect(RAW_DATABASE)) {
            LoadTools.prepareRawTable(c);
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
        return DriverManager.getConnection(stack.jdbcUrlOf().apply(database), "postgres", "postgres");
    }

    // ------------------------------------------------------------------ the table

    static String table(List<Phase> phases, String durability, long rssMib, String serviceJvm) {
        StringBuilder out = new StringBuilder();
        out.append("PostgreSQL: ").append(durability).append(". Service JVM: ").append(serviceJvm).append(".\n\n");
        out.append("| round | workload | clients | ok | errors | per second | p50 ms | p99 ms | service CPU ms/request | of it JIT |\n");
        out.append("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Phase p : phases) {
            boolean raw = Double.isNaN(p.p50());
            out.append(String.format(Locale.ROOT, "| %d | %s | %d | %,d | %,d | %,.0f | %s | %s | %s | %s |%n", p.round(), p.workload(),
                    p.clients(), p.requests(), p.errors(), p.perSecond(),
                    raw ? String.format(Locale.ROOT, "avg %.3f", p.averageMillis()) : String.format(Locale.ROOT, "%.2f", p.p50()),
                    raw ? "" : String.format(Locale.ROOT, "%.2f", p.p99()),
                    raw ? "" : String.format(Locale.ROOT, "%.3f", p.cpuPerRequest()),
                    raw ? "" : String.format(Locale.ROOT, "%.0f%%", 100 * p.jitShare())));
        }
        out.append("\n| round | clients | POST ÷ raw | POST p50 / p99 ms | GET ÷ raw | GET p50 / p99 ms |\n");
        out.append("| ---: | ---: | ---: | ---: | ---: | ---: |\n");
        int most = phases.stream().mapToInt(Phase::clients).max().orElse(0);
        int fewest = phases.stream().mapToInt(Phase::clients).min().orElse(0);
        List<String> verdicts = new ArrayList<>();
        for (int i = 0; i + 2 < phases.size(); i += 3) {
            Phase raw = phases.get(i);
            Phase post = phases.get(i + 1);
            Phase get = phases.get(i + 2);
            double postRatio = post.perSecond() / raw.perSecond();
            double getRatio = get.perSecond() / raw.perSecond();
            out.append(String.format(Locale.ROOT, "| %d | %d | %.3f | %.2f / %.2f | %.3f | %.2f / %.2f |%n", raw.round(), raw.clients(),
                    postRatio, post.p50(), post.p99(), getRatio, get.p50(), get.p99()));
            String round = "round " + raw.round() + ", " + raw.clients() + " clients: ";
            if (raw.clients() == most) {
                verdicts.add(round + verdict("POST ÷ raw >= " + TARGET_POST_RATIO, postRatio >= TARGET_POST_RATIO)
                        + "; " + verdict("POST p99 < " + TARGET_POST_P99_MILLIS + " ms", post.p99() < TARGET_POST_P99_MILLIS)
                        + "; " + verdict("GET ÷ raw >= " + TARGET_GET_RATIO, getRatio >= TARGET_GET_RATIO)
                        + "; " + verdict("GET p99 < " + TARGET_GET_P99_MILLIS + " ms", get.p99() < TARGET_GET_P99_MILLIS));
            }
            if (raw.clients() == fewest && fewest != most) {
                verdicts.add(round + verdict("POST p50 < " + TARGET_POST_P50_MILLIS_LOWEST + " ms",
                        post.p50() < TARGET_POST_P50_MILLIS_LOWEST));
            }
        }
        verdicts.add("registration-service RSS after the load: " + rssMib + " MB; "
                + verdict("RSS < " + TARGET_RSS_MIB + " MB", rssMib < TARGET_RSS_MIB));
        out.append('\n');
        verdicts.forEach(v -> out.append("- ").append(v).append('\n'));
        return out.toString().stripTrailing();
    }

    private static String verdict(String target, boolean met) {
        return target + " " + (met ? "met" : "NOT met");
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

    /** At most this much more warm-up while the service's JIT compiles ({@code LMC_BENCH_JIT_SECONDS}, 90 by default). */
    static Duration jitCap(Map<String, String> env) {
        return Duration.ofSeconds(seconds(env, "LMC_BENCH_JIT_SECONDS", 90));
    }

    static long seconds(Map<String, String> env, String variable, long fallback) {
        return StackConfig.number(env, variable, fallback, 1, 3600);
    }
}
