package org.lmc.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
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
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * {@code ./lmc bench-plan}: the public plan database under read load. Published plans are seeded straight into
 * plan-service's tables (bench/plan-seed.sql: the rows its own write path leaves, search columns included), first
 * {@value #SMALL} and then {@value #LARGE}; at each size wrk, in its own process, runs a filtered text search
 * ({@code GET /api/v1/public/plans?q=...&state=...}, sometimes with a principle) and a plan page
 * ({@code GET /api/v1/public/plans/{p}}), and the same as web pages ({@code /plans?q=...}, {@code /plans/{p}}), at 2 and 32
 * clients, beside pgbench's raw single-row insert rate into the same PostgreSQL in the same run. {@code LMC_BENCH_ROUNDS}
 * (default 2) rounds alternate the sizes; the smaller is measured again on emptied tables seeded anew. The table is
 * printed and saved under .lmc/bench/.
 */
final class PlanBenchmark {
    static final int SMALL = 2_000;
    static final int LARGE = 20_000;
    static final String SEARCH_API = "search API (text + state [+ principle])";
    static final String SEARCH_API_FRESH = "search API, each asked anew (same searches, new case and a stop word: cache missed)";
    static final String PAGE_API = "plan API";
    static final String SEARCH_HTML = "directory page (HTML, same searches)";
    static final String PAGE_HTML = "plan page (HTML)";
    /** p99 targets at the most clients: the API's from the plan-service issue, the pages' from the pages issue. */
    static final Map<String, Double> TARGET_P99_MILLIS = Map.of(SEARCH_API, 50.0, SEARCH_API_FRESH, 50.0, PAGE_API, 50.0, SEARCH_HTML, 100.0, PAGE_HTML, 100.0);
    static final double TARGET_GROWTH = 1.5;
    private static final String[] TERMS = {"evaluation", "peer review", "compensation", "community schools", "bargaining",
            "mentoring", "graduation", "turnaround", "teacher leaders", "restorative", "budget", "recruitment retention",
            "early childhood", "curriculum", "governance", "professional learning"};
    private static final String[] STATES = {"AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN",
            "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC",
            "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY"};

    private final StackConfig config;
    /** The service's JVM as it runs (version and options), for the table's heading. */
    private final String serviceJvm;
    private final Console console;
    private final Function<String, String> jdbcUrlOf;
    private final int postgresPort;
    private final long servicePid;
    private final List<Integer> clientCounts;
    private final Duration measure;
    private final Duration warmup;
    private final Duration jitCap;
    private final Path work;
    /** Which parts run ({@code LMC_BENCH_PARTS}): search (API, asked anew, directory page), page (API and HTML); both by default. */
    private final List<String> parts;
    /** How many times both sizes are measured ({@code LMC_BENCH_ROUNDS}, default 2). */
    private final int rounds;
    /**
     * Results per page the searches ask for ({@code LMC_BENCH_SEARCH_LIMIT}; unset, the API's default of 20): with 20, a
     * search's page holds about 7 plans at 2,000 and is full at 20,000, so a smaller page shows how much of the growth is
     * the longer answer rather than the search.
     */
    private final Integer searchLimit;

    PlanBenchmark(StackConfig config, Console console, Function<String, String> jdbcUrlOf, int postgresPort, long servicePid,
            String serviceJvm, Map<String, String> env) {
        this.config = config;
        this.serviceJvm = serviceJvm;
        this.console = console;
        this.jdbcUrlOf = jdbcUrlOf;
        this.postgresPort = postgresPort;
        this.servicePid = servicePid;
        this.clientCounts = Arrays.stream(env.getOrDefault("LMC_BENCH_CLIENTS", "2,32").split("[,\\s]+"))
                .map(String::trim).filter(s -> !s.isEmpty()).map(Integer::parseInt).toList();
        this.measure = Duration.ofSeconds(RegistrationBenchmark.seconds(env, "LMC_BENCH_SECONDS", 20));
        this.warmup = Duration.ofSeconds(RegistrationBenchmark.seconds(env, "LMC_BENCH_WARMUP_SECONDS", 30));
        this.jitCap = RegistrationBenchmark.jitCap(env);
        this.work = config.stateDir().resolve("bench-work");
        this.parts = LoadTools.parts(env, List.of("search", "page"));
        this.rounds = (int) RegistrationBenchmark.seconds(env, "LMC_BENCH_ROUNDS", 2);
        // Up to the API's largest page, 100.
        this.searchLimit = env.getOrDefault("LMC_BENCH_SEARCH_LIMIT", "").isBlank() ? null
                : (int) StackConfig.number(env, "LMC_BENCH_SEARCH_LIMIT", 20, 1, 100);
    }

    static List<String> missingTools() {
        return LoadTools.missing(true, true);
    }

    String run() throws Exception {
        Files.createDirectories(work);
        String durability;
        try (Connection raw = connect(RegistrationBenchmark.RAW_DATABASE)) {
            LoadTools.prepareRawTable(raw);
            durability = LoadTools.durabilitySettings(raw);
        }
        console.line("");
        console.line("Benchmark: the public plan database (filtered text search and plan page, as API and as web pages, wrk) at " + SMALL + " and " + LARGE
                + " published plans, clients " + clientCounts + ", " + measure.toSeconds() + " s per phase, beside pgbench's raw"
                + " single-row INSERT rate into the same PostgreSQL (" + durability + ")" + pageSize() + ".");
        List<LoadTools.Phase> phases = new ArrayList<>();
        String seeding = "";
        int seeded = 0;
        // Rounds alternate the sizes (2,000, 20,000, back to 2,000, 20,000 again), so the JIT's warming and whatever else
        // drifts over a run fall on both sizes, and the verdicts take each size's median.
        for (int round = 1; round <= rounds; round++) {
            for (int size : List.of(SMALL, LARGE)) {
                long start = System.nanoTime();
                if (size < seeded) {
                    // Deleted plans would leave the tables and their indexes as large as at the larger size; emptied and
                    // seeded again, the smaller size is the same database as in the first round.
                    emptyPlanTables();
                    seeded = 0;
                }
                seed(seeded, size);
                double seconds = (System.nanoTime() - start) / 1e9;
                seeding += LoadTools.format("%s%,d plans seeded in %.1f s", seeding.isEmpty() ? "" : "; ", size - seeded, seconds);
                console.step(LoadTools.format("   round %d: %,d published plans in the database (%,d added in %.1f s)", round, size,
                        size - seeded, seconds));
                seeded = size;
                phases.addAll(measureAt(size));
            }
        }
        String table = "PostgreSQL: " + durability + ". Service JVM: " + serviceJvm + ". Seeding: " + seeding + pageSize() + ".\n\n"
                + LoadTools.sizedTable(phases, "plans", SMALL, LARGE, TARGET_P99_MILLIS, TARGET_GROWTH);
        console.line("");
        console.line(table);
        Path saved = config.stateDir().resolveSibling("bench").resolve("plan-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
        Files.createDirectories(saved.getParent());
        Files.writeString(saved, table + System.lineSeparator());
        console.line("Saved to " + config.root().relativize(saved));
        return table;
    }

    /** Every workload at one size: the API agencies call and the web pages the public opens, over the same searches and plans. */
    private List<LoadTools.Phase> measureAt(int size) throws Exception {
        List<String> searches = searchPaths(size, searchLimit);
        List<String> pages = pagePaths(size);
        Map<String, Path> workloads = new LinkedHashMap<>();
        if (parts.contains("search")) {
            workloads.put(SEARCH_API, script("search.lua", searches, "application/json"));
            // The service caches a search's answer until a published plan changes: the same searches spelled anew
            // show what the database's ranked search costs when the cache cannot help.
            workloads.put(SEARCH_API_FRESH, LoadTools.pathsScript(work.resolve("search-fresh.lua"), searches,
                    Map.of("Accept", "application/json"), true));
            workloads.put(SEARCH_HTML, script("search-html.lua", searches.stream().map(q -> q.replace("/api/v1/public/plans", "/plans"))
                    .toList(), "text/html"));
        }
        if (parts.contains("page")) {
            workloads.put(PAGE_API, script("page.lua", pages, "application/json"));
            workloads.put(PAGE_HTML, script("page-html.lua", pages.stream().map(q -> q.replace("/api/v1/public/plans", "/plans")).toList(),
                    "text/html"));
        }
        return LoadTools.measureReads(console, size, "plans", workloads, clientCounts, warmup, jitCap, measure, baseUrl(), servicePid, work,
                postgresPort, RegistrationBenchmark.RAW_DATABASE);
    }

    /** Plans {@code from} to {@code to - 1}, in batches of 2,000 (one transaction each), then vacuumed, analysed and checkpointed. */
    private void seed(int from, int to) throws SQLException, IOException {
        String sql;
        try (InputStream in = PlanBenchmark.class.getResourceAsStream("/bench/plan-seed.sql")) {
            if (in == null) {
                throw new IllegalStateException("bench/plan-seed.sql is missing from the launcher");
            }
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = connect(ServiceDef.PLAN.database())) {
            c.setAutoCommit(false);
            for (int batch = from; batch < to; batch += 2_000) {
                try (Statement s = c.createStatement()) {
                    s.execute(sql.replace(":from", Integer.toString(batch)).replace(":to", Integer.toString(Math.min(to, batch + 2_000))));
                }
                c.commit();
            }
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                // The load then meets a settled database, as a running service's would be: no autovacuum of the bulk load's
                // rows and no checkpoint of its writes during the measurement, and no trail of dead revisions (the
                // directory's triggers moved its one row once per seeded row) behind the primary key every cached search reads.
                s.execute("VACUUM (ANALYZE) plan, plan_version, plan_signature, plan_measure, plan_measure_value, plan_milestone, plan_team,"
                        + " plan_team_member, public_directory");
                s.execute("CHECKPOINT");
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM plan WHERE published_version IS NOT NULL")) {
                    rs.next();
                    if (rs.getLong(1) < to) {
                        throw new DemoFailure("only " + rs.getLong(1) + " published plans after seeding " + to);
                    }
                }
            }
        }
    }

    /** Empties every table the seed writes (TRUNCATE: files and indexes start over, as in a fresh database). */
    private void emptyPlanTables() throws SQLException {
        try (Connection c = connect(ServiceDef.PLAN.database()); Statement s = c.createStatement()) {
            s.execute("TRUNCATE plan_measure_value, plan_measure, plan_reminder, plan_milestone, assistance_request, plan_signature,"
                    + " plan_version, plan, plan_team_member, plan_team");
        }
    }

    /** How many results a search asks for, when not the API's default. */
    private String pageSize() {
        return searchLimit == null ? "" : "; searches ask for " + searchLimit + " results a page (limit=" + searchLimit + ")";
    }

    /** 400 searches as the public types them: a term, a state, and a principle for one in three; {@code limit} when not null. */
    private static List<String> searchPaths(int plans, Integer limit) {
        Random random = new Random(plans);
        List<String> paths = new ArrayList<>();
        for (int n = 0; n < 400; n++) {
            String term = TERMS[random.nextInt(TERMS.length)].replace(" ", "+");
            String path = "/api/v1/public/plans?q=" + term + "&state=" + STATES[random.nextInt(STATES.length)];
            path = n % 3 == 0 ? path + "&principle=" + (1 + random.nextInt(10)) : path;
            paths.add(limit == null ? path : path + "&limit=" + limit);
        }
        return paths;
    }

    /** 2,000 pages spread over every seeded plan (the seed's ids derive from the plan's number). */
    private List<String> pagePaths(int plans) throws SQLException {
        List<String> paths = new ArrayList<>();
        try (Connection c = connect(ServiceDef.PLAN.database()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM plan WHERE published_version IS NOT NULL ORDER BY md5(id::text) LIMIT 2000")) {
            while (rs.next()) {
                paths.add("/api/v1/public/plans/" + rs.getString(1));
            }
        }
        if (paths.size() < Math.min(plans, 2000)) {
            throw new DemoFailure("only " + paths.size() + " plans to read");
        }
        return paths;
    }

    private Path script(String name, List<String> paths, String accept) throws IOException {
        return LoadTools.pathsScript(work.resolve(name), paths, Map.of("Accept", accept));
    }

    private String baseUrl() {
        return config.serviceUrl(ServiceDef.PLAN);
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrlOf.apply(database), "postgres", "postgres");
    }
}
