package org.lmc.local;

import java.io.InputStream;
import java.net.HttpURLConnection;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * {@code ./lmc bench-funding}: payments through the real funding-service (a Keycloak token checked on every request, an
 * Idempotency-Key stored per request, the grant's row lock, the claim's row lock, a balanced journal entry checked at
 * commit, an outbox row, an audit-chain append) at each client count, beside the raw single-row JDBC insert rate into
 * the same PostgreSQL in the same run; then a CSV export of 1,000,000 ledger lines, timed, with the service's peak RSS
 * sampled from /proc while it streams. The approved invoices being paid, and the million lines, are seeded by SQL
 * (balanced entries, through the same triggers), so that only the measured call runs through the API.
 */
final class FundingBenchmark {
    static final double TARGET_P99_MILLIS = 50;
    static final int EXPORT_LINES = 1_000_000;

    private final StackConfig config;
    private final Console console;
    private final Function<String, String> jdbcUrlOf;
    private final long servicePid;
    private final ClosedLoopDriver driver;
    private final List<Integer> clientCounts;
    private final Duration measure;
    private final Duration warmup;
    private final Http http = new Http();
    private final KeycloakTokens tokens;

    FundingBenchmark(StackConfig config, Console console, Function<String, String> jdbcUrlOf, long servicePid, Map<String, String> env) {
        this.config = config;
        this.console = console;
        this.jdbcUrlOf = jdbcUrlOf;
        this.servicePid = servicePid;
        this.driver = new ClosedLoopDriver(console, jdbcUrlOf);
        this.clientCounts = Arrays.stream(env.getOrDefault("LMC_BENCH_CLIENTS", "2,32").split("[,\\s]+")).map(String::trim)
                .filter(s -> !s.isEmpty()).map(Integer::parseInt).toList();
        this.measure = Duration.ofSeconds(RegistrationBenchmark.seconds(env, "LMC_BENCH_SECONDS", 20));
        this.warmup = Duration.ofSeconds(RegistrationBenchmark.seconds(env, "LMC_BENCH_WARMUP_SECONDS", 45));
        this.tokens = new KeycloakTokens(config, http);
    }

    String run() throws Exception {
        console.line("");
        console.line("Benchmark: payments (POST /api/v1/payments, an Idempotency-Key each) vs raw single-row JDBC inserts into the"
                + " same PostgreSQL (embedded, fsync off), " + measure.toSeconds() + " s per phase, clients " + clientCounts
                + ", after a " + warmup.toSeconds() + " s warm-up; then a CSV export of " + EXPORT_LINES + " ledger lines.");
        driver.prepareRawTable();
        String admin = tokens.user("admin");
        UUID grant = createGrant(admin, 100_000_000_000L, "Payments benchmark");
        int highest = clientCounts.stream().mapToInt(Integer::intValue).max().orElse(32);
        // Enough approved invoices for the fastest rate seen here, with room to spare.
        ConcurrentLinkedQueue<UUID> approved = seedApprovedInvoices(grant, 400_000);
        payments(admin, approved, highest, warmup, "warm-up");
        driver.rawInserts(highest, Duration.ofSeconds(Math.min(5, warmup.toSeconds())), "warm-up");
        List<ClosedLoopDriver.Phase> phases = new ArrayList<>();
        for (int clients : clientCounts) {
            phases.add(driver.rawInserts(clients, measure, "measure"));
            phases.add(payments(admin, approved, clients, measure, "measure"));
        }
        String export = export(admin);
        String table = ClosedLoopDriver.table(phases);
        table = table + "\n\n" + export;
        console.line("");
        console.line(table);
        Path saved = config.stateDir().resolveSibling("bench").resolve("funding-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
        Files.createDirectories(saved.getParent());
        Files.writeString(saved, table + System.lineSeparator());
        console.line("Saved to " + config.root().relativize(saved));
        return table;
    }

    private UUID createGrant(String admin, long budget, String title) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO funder (id, name) VALUES ('us-department-of-education', 'US Department of Education')"
                    + " ON CONFLICT DO NOTHING");
        }
        Map<String, Object> terms = new LinkedHashMap<>();
        terms.put("title", title);
        terms.put("currency", "USD");
        terms.put("budgetCents", budget);
        terms.put("drawOrder", 0);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("funderId", "us-department-of-education");
        body.put("conveningId", UUID.randomUUID().toString());
        body.put("kind", "FEDERAL_EVENT_COST");
        body.put("terms", terms);
        Http.Response created = http.postJson(config.serviceUrl(ServiceDef.FUNDING) + "/api/v1/grants", admin, body,
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        if (created.status() != 201) {
            throw new DemoFailure("POST /api/v1/grants answered " + created.status() + ": " + created.brief());
        }
        return UUID.fromString(created.json().path("id").asText());
    }

    /** Approved invoices of one cent each, and the one balanced entry that made their total payable. */
    private ConcurrentLinkedQueue<UUID> seedApprovedInvoices(UUID grant, int count) throws SQLException {
        console.step("seeding " + count + " approved invoices");
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO invoice (id, grant_id, vendor, category, amount_cents, currency, receipt_issuer, receipt_date,"
                        + " receipt_sha256, status, submitted_by, submitted_at, decided_by, decided_at) SELECT gen_random_uuid(), '" + grant
                        + "', 'Bench Staffing', 'EVENT_STAFFING', 1, 'USD', 'Bench Staffing', DATE '2011-02-16', repeat('a', 64), 'APPROVED',"
                        + " 'admin-seed', now(), 'admin-b-seed', now() FROM generate_series(1, " + count + ")");
                UUID entry = UUID.randomUUID();
                s.execute("INSERT INTO journal_entry (id, grant_id, kind, recorded_at, recorded_by, memo) VALUES ('" + entry + "', '"
                        + grant + "', 'INVOICE_APPROVED', now(), 'bench-seed', 'seeded approvals')");
                s.execute("INSERT INTO journal_line (entry_id, grant_id, account, amount_cents, currency) VALUES ('" + entry + "', '"
                        + grant + "', 'AVAILABLE', " + (-count) + ", 'USD'), ('" + entry + "', '" + grant + "', 'PAYABLE', " + count + ", 'USD')");
            }
            c.commit();
            ConcurrentLinkedQueue<UUID> ids = new ConcurrentLinkedQueue<>();
            try (PreparedStatement q = c.prepareStatement("SELECT id FROM invoice WHERE grant_id = ? AND status = 'APPROVED'")) {
                q.setObject(1, grant);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getObject(1, UUID.class));
                    }
                }
            }
            c.commit();
            return ids;
        }
    }

    private ClosedLoopDriver.Phase payments(String admin, ConcurrentLinkedQueue<UUID> approved, int clients, Duration duration,
            String label) throws Exception {
        URI base = URI.create(config.serviceUrl(ServiceDef.FUNDING));
        console.step(label + ": POST /api/v1/payments with " + clients + " clients for " + duration.toSeconds() + " s");
        return driver.closedLoop("POST /api/v1/payments", clients, duration, () -> new ClosedLoopDriver.Client() {
            private final KeepAliveHttp connection = new KeepAliveHttp(base.getHost(), base.getPort());
            private String lastError;

            @Override
            public boolean once() throws java.io.IOException {
                UUID invoice = approved.poll();
                if (invoice == null) {
                    lastError = "no approved invoice left to pay";
                    return false;
                }
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("Authorization", "Bearer " + admin);
                headers.put("Content-Type", "application/json");
                headers.put("Accept", "application/json");
                headers.put("Idempotency-Key", UUID.randomUUID().toString());
                KeepAliveHttp.Answer answer = connection.post("/api/v1/payments", headers,
                        ("{\"invoiceId\": \"" + invoice + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
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
    }

    /** Seeds a grant with EXPORT_LINES journal lines (balanced pairs), then streams its CSV and samples the service's RSS. */
    private String export(String admin) throws Exception {
        UUID grant = createGrant(admin, EXPORT_LINES, "Export benchmark");
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
