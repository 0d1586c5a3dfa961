package org.lmc.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * {@code ./lmc bench-funding}: the funding-service under load, every load from wrk and pgbench in processes of their own.
 * <ol>
 * <li>Payments ({@code POST /api/v1/payments}: a Keycloak token checked, an Idempotency-Key stored, the grant's and the
 * invoice's row locks, a balanced journal entry checked at commit, an outbox row, an audit-chain append) at each client
 * count, beside pgbench's raw single-row insert rate into the same PostgreSQL in the same run; the approved invoices
 * being paid are seeded by SQL with ids wrk can compute, so each request pays a different one.</li>
 * <li>A CSV export of 1,000,000 ledger lines, timed, with the service's peak RSS sampled from /proc.</li>
 * <li>The public funding record at {@value #SMALL} and {@value #LARGE} teams whose travel was paid (bench/funding-seed.sql,
 * 200 teams to a convening): the team funding API, the team's page ("who paid for this team's trip") and the
 * convening's page, at each client count.</li>
 * </ol>
 * The table is printed and saved under .lmc/bench/.
 */
final class FundingBenchmark {
    static final double TARGET_RATIO = 0.10;
    static final double TARGET_P99_MILLIS = 50;
    static final int EXPORT_LINES = 1_000_000;
    /** Approved invoices seeded for the payments: more than twice the fastest run seen here pays in its phases. */
    static final int INVOICES = 400_000;
    static final int SMALL = 2_000;
    static final int LARGE = 20_000;
    static final int TEAMS_PER_CONVENING = 200;
    static final String PAYMENTS = "POST /api/v1/payments";
    static final String TEAM_API = "team funding API";
    static final String TEAM_HTML = "team funding page (HTML)";
    static final String CONVENING_HTML = "convening funding page (HTML, 200 teams)";
    /** p99 targets at the most clients: the API's as for every API, the pages' from the pages issue. */
    static final Map<String, Double> PAGE_TARGETS = Map.of(TEAM_API, 50.0, TEAM_HTML, 100.0, CONVENING_HTML, 100.0);

    private final StackConfig config;
    /** The service's JVM as it runs (version and options), for the table's heading. */
    private final String serviceJvm;
    private final Console console;
    private final Function<String, String> jdbcUrlOf;
    private final int postgresPort;
    private final long servicePid;
    private final List<Integer> clientCounts;
    /** Which parts run ({@code LMC_BENCH_PARTS}): payments, export, record (the public funding record); all by default. */
    private final List<String> parts;
    private final Duration measure;
    private final Duration warmup;
    private final Duration jitCap;
    private final Path work;
    private final Http http = new Http();
    private final KeycloakTokens tokens;

    FundingBenchmark(StackConfig config, Console console, Function<String, String> jdbcUrlOf, int postgresPort, long servicePid,
            String serviceJvm, Map<String, String> env) {
        this.config = config;
        this.serviceJvm = serviceJvm;
        this.console = console;
        this.jdbcUrlOf = jdbcUrlOf;
        this.postgresPort = postgresPort;
        this.servicePid = servicePid;
        this.parts = LoadTools.parts(env, List.of("payments", "export", "record"));
        this.clientCounts = Arrays.stream(env.getOrDefault("LMC_BENCH_CLIENTS", "2,32").split("[,\\s]+")).map(String::trim)
                .filter(s -> !s.isEmpty()).map(Integer::parseInt).toList();
        this.measure = Duration.ofSeconds(RegistrationBenchmark.seconds(env, "LMC_BENCH_SECONDS", 20));
        this.warmup = Duration.ofSeconds(RegistrationBenchmark.seconds(env, "LMC_BENCH_WARMUP_SECONDS", 45));
        this.jitCap = RegistrationBenchmark.jitCap(env);
        this.work = config.stateDir().resolve("bench-work");
        this.tokens = new KeycloakTokens(config, http);
    }

    static List<String> missingTools() {
        return LoadTools.missing(true, true);
    }

    String run() throws Exception {
        Files.createDirectories(work);
        String durability;
        try (Connection raw = DriverManager.getConnection(jdbcUrlOf.apply(RegistrationBenchmark.RAW_DATABASE), "postgres", "postgres")) {
            LoadTools.prepareRawTable(raw);
            durability = LoadTools.durabilitySettings(raw);
        }
        console.line("");
        List<String> measured = new ArrayList<>();
        if (parts.contains("payments")) {
            measured.add("payments (POST /api/v1/payments, an Idempotency-Key each)");
        }
        if (parts.contains("export")) {
            measured.add("a CSV export of " + EXPORT_LINES + " ledger lines");
        }
        if (parts.contains("record")) {
            measured.add("the public funding record at " + SMALL + " and " + LARGE + " teams");
        }
        console.line("Benchmark: " + String.join(", ", measured) + "; clients " + clientCounts + ", "
                + measure.toSeconds() + " s per phase, beside pgbench's raw single-row INSERT rate into the same PostgreSQL ("
                + durability + "). Load from wrk and pgbench in their own processes.");
        List<String> sections = new ArrayList<>();
        sections.add("PostgreSQL: " + durability + ". Service JVM: " + serviceJvm + ".");
        if (parts.contains("payments")) {
            sections.add(payments());
        }
        if (parts.contains("export")) {
            sections.add(export(tokens.user("admin")));
        }
        if (parts.contains("record")) {
            sections.add(pages());
        }
        String table = String.join("\n\n", sections);
        console.line("");
        console.line(table);
        Path saved = config.stateDir().resolveSibling("bench").resolve("funding-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
        Files.createDirectories(saved.getParent());
        Files.writeString(saved, table + System.lineSeparator());
        console.line("Saved to " + config.root().relativize(saved));
        return table;
    }

    // ------------------------------------------------------------------ payments

    private String payments() throws Exception {
        String admin = tokens.user("admin");
        UUID grant = createGrant(admin, "us-department-of-education", "US Department of Education", "FEDERAL_EVENT_COST",
                100_000_000_000L, "Payments benchmark", UUID.randomUUID());
        seedApprovedInvoices(grant, INVOICES);
        int most = clientCounts.stream().mapToInt(Integer::intValue).max().orElse(32);
        long[] firstUnpaid = {payments(most, warmup, 1, "warm-up")};
        LoadTools.warmUntilCompiled(console, servicePid, jitCap,
                slice -> firstUnpaid[0] = payments(most, slice, firstUnpaid[0], "warm-up"));
        long next = firstUnpaid[0];
        LoadTools.rawInserts(work, postgresPort, RegistrationBenchmark.RAW_DATABASE, most, Duration.ofSeconds(Math.min(5, warmup.toSeconds())));
        List<LoadTools.Phase> phases = new ArrayList<>();
        for (int clients : clientCounts) {
            console.step("pgbench, one INSERT per transaction, " + clients + " clients, " + measure.toSeconds() + " s");
            double raw = LoadTools.rawInserts(work, postgresPort, RegistrationBenchmark.RAW_DATABASE, clients, measure).perSecond();
            Path script = work.resolve("pay.lua");
            Files.writeString(script, payScript(tokens.user("admin"), next, LoadTools.wrkThreads(clients)));
            LoadTools.Phase phase = LoadTools.measure(console, INVOICES, PAYMENTS, script, clients, measure, baseUrl(), servicePid, raw);
            phases.add(phase);
            next = nextInvoice(next, phase.ok() + phase.errors(), clients);
        }
        StringBuilder out = new StringBuilder(LoadTools.sizedTable(phases, "approved invoices", 0, 0, Map.of(), 0));
        LoadTools.Phase top = phases.stream().filter(p -> p.clients() == most).findFirst().orElseThrow();
        double ratio = top.perSecond() / top.rawPerSecond();
        out.append(LoadTools.format("%n%n- payments at %d clients: %.3f of the raw insert rate (target at least %.2f: %s), p99 %.2f ms"
                + " (target under %.0f ms: %s), errors %s; service RSS after the payments %.0f MB", most, ratio, TARGET_RATIO,
                ratio >= TARGET_RATIO ? "met" : "NOT met", top.p99(), TARGET_P99_MILLIS, top.p99() < TARGET_P99_MILLIS ? "met" : "NOT met",
                phases.stream().mapToLong(LoadTools.Phase::errors).sum() == 0 ? "none" : "some (NOT met)", rssKb("VmRSS") / 1024.0));
        return out.toString();
    }

    /** One wrk phase of payments, for the warm-up; returns the first invoice number no request of it can have taken. */
    private long payments(int clients, Duration duration, long first, String label) throws Exception {
        Path script = work.resolve("pay.lua");
        Files.writeString(script, payScript(tokens.user("admin"), first, LoadTools.wrkThreads(clients)));
        console.step(label + ": wrk " + PAYMENTS + ", " + clients + " clients, " + duration.toSeconds() + " s");
        LoadTools.WrkResult result = LoadTools.wrk(script, clients, duration, baseUrl());
        return nextInvoice(first, result.requests(), clients);
    }

    /**
     * wrk's threads take invoice numbers in turn (thread t the numbers first + t, first + t + threads, ...), and a thread may
     * have sent up to one request per connection beyond those counted, so the next phase starts past every number any of
     * them can have reached.
     */
    private static long nextInvoice(long first, long requests, int clients) {
        int threads = LoadTools.wrkThreads(clients);
        return first + threads * (requests + clients + 1);
    }

    /** Each request pays the next approved invoice of its thread, with a new Idempotency-Key. */
    static String payScript(String token, long first, int threads) {
        return LoadTools.numberedRequests(threads, first) + """
                function request()
                  local i = next_number()
                  return wrk.format("POST", "/api/v1/payments", {
                    ["Authorization"] = "Bearer %s",
                    ["Content-Type"] = "application/json",
                    ["Accept"] = "application/json",
                    ["Idempotency-Key"] = "%s-" .. i
                  }, '{"invoiceId": "' .. string.format("00000000-0000-4000-8000-%%012x", i) .. '"}')
                end
                """.formatted(token, UUID.randomUUID()) + LoadTools.WRK_DONE;
    }

    private UUID createGrant(String admin, String funder, String funderName, String kind, long budget, String title, UUID convening)
            throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("INSERT INTO funder (id, name) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            s.setString(1, funder);
            s.setString(2, funderName);
            s.executeUpdate();
        }
        Map<String, Object> terms = new LinkedHashMap<>();
        terms.put("title", title);
        terms.put("currency", "USD");
        terms.put("budgetCents", budget);
        terms.put("drawOrder", 0);
        if (kind.equals("FOUNDATION_TRAVEL_GRANT")) {
            terms.put("estimatedCostPerTravellerCents", 150_000);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("funderId", funder);
        body.put("conveningId", convening.toString());
        body.put("kind", kind);
        body.put("terms", terms);
        Http.Response created = http.postJson(baseUrl() + "/api/v1/grants", admin, body, Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        if (created.status() != 201) {
            throw new DemoFailure("POST /api/v1/grants answered " + created.status() + ": " + created.brief());
        }
        return UUID.fromString(created.json().path("id").asText());
    }

    /** Approved invoices of one cent each, numbered 1 to count in their ids, and the one balanced entry that made them payable. */
    private void seedApprovedInvoices(UUID grant, int count) throws SQLException {
        console.step("seeding " + count + " approved invoices");
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO invoice (id, grant_id, vendor, category, amount_cents, currency, receipt_issuer, receipt_date,"
                        + " receipt_sha256, status, submitted_by, submitted_at, decided_by, decided_at) SELECT ('00000000-0000-4000-8000-'"
                        + " || lpad(to_hex(n), 12, '0'))::uuid, '" + grant + "', 'Bench Staffing', 'EVENT_STAFFING', 1, 'USD', 'Bench Staffing',"
                        + " DATE '2011-02-16', repeat('a', 64), 'APPROVED', 'admin-seed', now(), 'admin-b-seed', now()"
                        + " FROM generate_series(1, " + count + ") n");
                UUID entry = UUID.randomUUID();
                s.execute("INSERT INTO journal_entry (id, grant_id, kind, recorded_at, recorded_by, memo) VALUES ('" + entry + "', '"
                        + grant + "', 'INVOICE_APPROVED', now(), 'bench-seed', 'seeded approvals')");
                s.execute("INSERT INTO journal_line (entry_id, grant_id, account, amount_cents, currency) VALUES ('" + entry + "', '"
                        + grant + "', 'AVAILABLE', " + (-count) + ", 'USD'), ('" + entry + "', '" + grant + "', 'PAYABLE', " + count + ", 'USD')");
            }
            c.commit();
        }
    }

    // ------------------------------------------------------------------ the public funding record

    private String pages() throws Exception {
        String admin = tokens.user("admin");
        List<LoadTools.Phase> phases = new ArrayList<>();
        String seeding = "";
        int seeded = 0;
        try (Connection seedConnection = connect()) {
            try (Statement s = seedConnection.createStatement()) {
                s.execute("CREATE TEMP TABLE seed_grant (k INT PRIMARY KEY, grant_id UUID NOT NULL, convening_id UUID NOT NULL)");
            }
            for (int size : List.of(SMALL, LARGE)) {
                long start = System.nanoTime();
                seedPaidTeams(seedConnection, admin, seeded, size);
                double seconds = (System.nanoTime() - start) / 1e9;
                seeding += LoadTools.format("%s%,d teams seeded in %.1f s", seeding.isEmpty() ? "" : "; ", size - seeded, seconds);
                console.step(LoadTools.format("   %,d teams with paid travel in the database (%,d added in %.1f s)", size, size - seeded, seconds));
                seeded = size;
                Map<String, Path> workloads = new LinkedHashMap<>();
                List<String> teams = ids("SELECT id FROM team ORDER BY md5(id::text) LIMIT 2000");
                List<String> convenings = ids("SELECT DISTINCT convening_id FROM team");
                workloads.put(TEAM_API, LoadTools.pathsScript(work.resolve("team-api.lua"),
                        teams.stream().map(t -> "/api/v1/public/teams/" + t + "/funding").toList(), Map.of("Accept", "application/json")));
                workloads.put(TEAM_HTML, LoadTools.pathsScript(work.resolve("team-html.lua"),
                        teams.stream().map(t -> "/funding/teams/" + t).toList(), Map.of("Accept", "text/html")));
                workloads.put(CONVENING_HTML, LoadTools.pathsScript(work.resolve("convening-html.lua"),
                        convenings.stream().map(c -> "/funding/convenings/" + c).toList(), Map.of("Accept", "text/html")));
                Duration pageWarmup = Duration.ofSeconds(Math.min(20, warmup.toSeconds()));
                phases.addAll(LoadTools.measureReads(console, size, "teams", workloads, clientCounts, pageWarmup, jitCap, measure, baseUrl(),
                        servicePid, work, postgresPort, RegistrationBenchmark.RAW_DATABASE));
            }
        }
        return "Public funding record. Seeding: " + seeding + ".\n\n"
                + LoadTools.sizedTable(phases, "teams", SMALL, LARGE, PAGE_TARGETS, PlanBenchmark.TARGET_GROWTH);
    }

    /** Teams {@code from} to {@code to - 1} with paid travel, a travel grant per 200 (made through the API), in batches of 2,000. */
    private void seedPaidTeams(Connection c, String admin, int from, int to) throws SQLException, IOException {
        String sql;
        try (InputStream in = FundingBenchmark.class.getResourceAsStream("/bench/funding-seed.sql")) {
            if (in == null) {
                throw new IllegalStateException("bench/funding-seed.sql is missing from the launcher");
            }
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (PreparedStatement grants = c.prepareStatement("INSERT INTO seed_grant (k, grant_id, convening_id) VALUES (?, ?, ?)")) {
            for (int k = from / TEAMS_PER_CONVENING; k < to / TEAMS_PER_CONVENING; k++) {
                UUID convening = UUID.nameUUIDFromBytes(("lmc-bench-funding-convening-" + k).getBytes(StandardCharsets.UTF_8));
                UUID grant = createGrant(admin, "ford-foundation", "Ford Foundation", "FOUNDATION_TRAVEL_GRANT", 100_000_000L,
                        "Travel to convening " + k + " (benchmark)", convening);
                grants.setInt(1, k);
                grants.setObject(2, grant);
                grants.setObject(3, convening);
                grants.executeUpdate();
            }
        }
        c.setAutoCommit(false);
        for (int batch = from; batch < to; batch += 2_000) {
            try (Statement s = c.createStatement()) {
                s.execute(sql.replace(":from", Integer.toString(batch)).replace(":to", Integer.toString(Math.min(to, batch + 2_000))));
            }
            c.commit();
        }
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            for (String table : List.of("team", "team_member", "entitlement", "claim", "payment", "funding_grant")) {
                s.execute("VACUUM ANALYZE " + table);
            }
            try (ResultSet rs = s.executeQuery("SELECT count(DISTINCT c.team_id) FROM claim c JOIN payment p ON p.claim_id = c.id")) {
                rs.next();
                if (rs.getLong(1) < to) {
                    throw new DemoFailure("only " + rs.getLong(1) + " teams with paid claims after seeding " + to);
                }
            }
        }
    }

    private List<String> ids(String query) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private String baseUrl() {
        return config.serviceUrl(ServiceDef.FUNDING);
    }

    /** Seeds a grant with EXPORT_LINES journal lines (balanced pairs), then streams its CSV and samples the service's RSS. */
    private String export(String admin) throws Exception {
        UUID grant = createGrant(admin, "us-department-of-education", "US Department of Education", "FEDERAL_EVENT_COST", EXPORT_LINES,
                "Export benchmark", UUID.randomUUID());
        console.step("seeding " + EXPORT_LINES + " journal lines");
        long seedStart = System.nanoTime();
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                // One transaction posting a million lines to two accounts would make the per-line balance trigger
                // quadratic (each update walks the row's versions written earlier in the same transaction), so the seed
                // inserts balanced pairs with triggers off and books their total on the accounts once. Superuser only.
                s.execute("SET LOCAL session_replication_role = replica");
                s.execute("CREATE TEMP TABLE seed_entry ON COMMIT DROP AS SELECT gen_random_uuid() AS id, n FROM generate_series(1, "
                        + EXPORT_LINES / 2 + ") n");
                s.execute("INSERT INTO journal_entry (id, grant_id, kind, recorded_at, recorded_by, memo) SELECT id, '" + grant
                        + "', 'ENTITLEMENT_RESERVED', now(), 'bench-seed', 'seeded' FROM seed_entry");
                s.execute("INSERT INTO journal_line (entry_id, grant_id, account, amount_cents, currency) SELECT id, '" + grant
                        + "', a.account, a.amount, 'USD' FROM seed_entry, (VALUES ('AVAILABLE', -1), ('RESERVED', 1)) a(account, amount)"
                        + " ORDER BY n, a.amount");
                s.execute("UPDATE ledger_account SET balance_cents = balance_cents + CASE account WHEN 'AVAILABLE' THEN " + (-EXPORT_LINES / 2)
                        + " ELSE " + (EXPORT_LINES / 2) + " END WHERE grant_id = '" + grant + "' AND account IN ('AVAILABLE', 'RESERVED')");
            }
            c.commit();
        }
        console.step(String.format(Locale.ROOT, "   seeded in %.1f s", (System.nanoTime() - seedStart) / 1e9));
        long before = rssKb("VmRSS");
        AtomicLong peak = new AtomicLong(before);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                peak.accumulateAndGet(rssKb("VmRSS"), Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "lmc-bench-rss");
        sampler.start();
        console.step("GET /api/v1/grants/" + grant + "/ledger.csv");
        long start = System.nanoTime();
        HttpURLConnection get = (HttpURLConnection) URI.create(config.serviceUrl(ServiceDef.FUNDING) + "/api/v1/grants/" + grant
                + "/ledger.csv").toURL().openConnection();
        get.setRequestProperty("Authorization", "Bearer " + admin);
        long lines = 0;
        long bytes = 0;
        long firstByteNanos = 0;
        try (InputStream in = get.getInputStream()) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (firstByteNanos == 0) {
                    firstByteNanos = System.nanoTime() - start;
                }
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        running.set(false);
        sampler.join();
        long hwm = rssKb("VmHWM");
        String result = String.format(Locale.ROOT, "| export | lines (with header) | MB | first byte s | wall s | service RSS before MB"
                + " | peak RSS during MB | service VmHWM MB | target |%n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |%n"
                + "| ledger.csv | %,d | %.1f | %.2f | %.1f | %.0f | %.0f | %.0f | wall < 30 s: %s; peak < 512 MB: %s |", lines, bytes / 1e6,
                firstByteNanos / 1e9, seconds, before / 1024.0, peak.get() / 1024.0, hwm / 1024.0, seconds < 30 ? "met" : "NOT met",
                peak.get() / 1024.0 < 512 ? "met" : "NOT met");
        console.step("   " + lines + " lines in " + String.format(Locale.ROOT, "%.1f s", seconds));
        return result;
    }

    private long rssKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + servicePid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrlOf.apply(ServiceDef.FUNDING.database()), "postgres", "postgres");
    }
}
