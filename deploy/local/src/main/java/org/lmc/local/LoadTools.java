package org.lmc.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmarks' load generators and measures, each in its own process: wrk for HTTP (with a Lua done() that prints
 * its summary on one line), pgbench for the raw single-row insert rate of the same PostgreSQL, and a process's CPU time
 * from /proc. One copy for every benchmark of the stack.
 */
final class LoadTools {
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    /** The line wrk's done() prints: requests, non-2xx, socket errors, duration µs, p50 µs, p99 µs. Appended to every script. */
    static final String WRK_DONE = """
            function done(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("LMC-RESULT %d %d %d %d %d %d\\n", summary.requests, e.status,
                e.connect + e.read + e.write + e.timeout, summary.duration, latency:percentile(50), latency:percentile(99)))
            end
            """;

    /**
     * Lua that gives each request a number no other request of the run has: wrk's threads are numbered in setup(), and
     * thread {@code me} of {@code threads} takes {@code first + me}, then every {@code threads}-th number after it. A script
     * calls {@code next_number()}.
     */
    static String numberedRequests(int threads, long first) {
        return """
                local threads = %d
                local first = %d
                local started = 0
                function setup(thread)
                  thread:set("me", started)
                  started = started + 1
                end
                local n = 0
                function next_number()
                  local i = first + n * threads + me
                  n = n + 1
                  return i
                end
                """.formatted(threads, first);
    }

    private LoadTools() {
    }

    /** wrk's own summary: requests, non-2xx answers and socket errors, duration, percentiles in milliseconds. */
    record WrkResult(long requests, long errors, double seconds, double p50, double p99) {
        long ok() {
            return requests - errors;
        }

        double okPerSecond() {
            return ok() / seconds;
        }
    }

    /** pgbench's summary: transactions done and failed, their rate, the average latency in milliseconds. */
    record PgbenchResult(long done, long failed, double perSecond, double averageMillis) {
    }

    /** The tools a benchmark needs that the PATH lacks, each with how to get it; empty when all are there. */
    static List<String> missing(boolean wrk, boolean pgbench) {
        List<String> missing = new ArrayList<>();
        if (wrk && executable("wrk").isEmpty()) {
            missing.add("wrk (the HTTP load generator): on Debian or Ubuntu `sudo apt-get install wrk`, on macOS `brew install wrk`");
        }
        if (pgbench && executable("pgbench").isEmpty()) {
            missing.add("pgbench (the raw insert baseline): on Debian or Ubuntu `sudo apt-get install postgresql-client`"
                    + " (pgbench is in it), on macOS `brew install libpq`");
        }
        return missing;
    }

    static Optional<Path> executable(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Two wrk threads at most: the machine's cores are shared with the service and PostgreSQL. */
    static int wrkThreads(int clients) {
        return Math.min(clients, 2);
    }

    /** Runs wrk with {@code script} (which must end with {@link #WRK_DONE}) against {@code baseUrl}. */
    static WrkResult wrk(Path script, int clients, Duration duration, String baseUrl) throws Exception {
        List<String> command = List.of(executable("wrk").orElseThrow().toString(), "-t", Integer.toString(wrkThreads(clients)),
                "-c", Integer.toString(clients), "-d", duration.toSeconds() + "s", "--timeout", "10s", "-s", script.toString(), baseUrl);
        String out = run(command, Map.of(), duration);
        Matcher m = Pattern.compile("LMC-RESULT (\\d+) (\\d+) (\\d+) (\\d+) (\\d+) (\\d+)").matcher(out);
        if (!m.find()) {
            throw new DemoFailure("wrk printed no result:\n" + out);
        }
        long errors = Long.parseLong(m.group(2)) + Long.parseLong(m.group(3));
        return new WrkResult(Long.parseLong(m.group(1)), errors, Long.parseLong(m.group(4)) / 1e6,
                Long.parseLong(m.group(5)) / 1e3, Long.parseLong(m.group(6)) / 1e3);
    }

    /** One measured wrk phase of a benchmark whose data grows ({@code size} plans, teams...); latencies in milliseconds. */
    record Phase(int size, String workload, int clients, long ok, long errors, double perSecond, double p50, double p99,
            double rawPerSecond, double cpuPerRequest, double jitShare) {
    }

    /** Runs {@code script} with wrk and measures the service's CPU time over the phase. */
    static Phase measure(Console console, int size, String workload, Path script, int clients, Duration duration, String baseUrl,
            long servicePid, double rawPerSecond) throws Exception {
        console.step(format("wrk %s at %,d, %d clients, %d s", workload, size, clients, duration.toSeconds()));
        Cpu before = cpu(servicePid);
        WrkResult result = wrk(script, clients, duration, baseUrl);
        Cpu used = cpu(servicePid).since(before);
        Phase phase = new Phase(size, workload, clients, result.ok(), result.errors(), result.okPerSecond(), result.p50(), result.p99(),
                rawPerSecond, result.ok() == 0 ? Double.NaN : used.millis() / (double) result.ok(), used.jitShare());
        console.step(format("   %,d ok, %,d errors, %,.0f/s, p50 %.2f ms, p99 %.2f ms, service CPU %.3f ms/request (JIT %.0f%%)",
                phase.ok(), phase.errors(), phase.perSecond(), phase.p50(), phase.p99(), phase.cpuPerRequest(), 100 * phase.jitShare()));
        return phase;
    }

    /** One slice of a warm-up's load. */
    interface Load {
        void run(Duration duration) throws Exception;
    }

    /** A slice of warm-up that found the JIT's compilers at most this busy (a share of one core) ends the warm-up. */
    static final double JIT_SETTLED_SHARE = 0.10;
    static final Duration JIT_SLICE = Duration.ofSeconds(10);

    /**
     * Warms up beyond the fixed warm-up while the JIT is still compiling: slices of the same load until the compiler
     * threads used at most {@link #JIT_SETTLED_SHARE} of a core in one, or {@code cap} has passed. C2 compiling on one of
     * the two cores took a minute to several after the fixed warm-ups here, so phases measured a half-compiled service
     * beside a busy compiler.
     */
    static void warmUntilCompiled(Console console, long servicePid, Duration cap, Load load) throws Exception {
        long added = 0;
        while (added < cap.toSeconds()) {
            long before = jitMillis(servicePid);
            long start = System.nanoTime();
            load.run(JIT_SLICE);
            double share = (jitMillis(servicePid) - before) / ((System.nanoTime() - start) / 1e6);
            added += JIT_SLICE.toSeconds();
            console.step(format("   the JIT's compilers used %.0f%% of a core over the last %d s", 100 * share, JIT_SLICE.toSeconds()));
            if (share <= JIT_SETTLED_SHARE) {
                return;
            }
        }
        console.step(format("   the JIT was still compiling after %d s more; measuring anyway", added));
    }

    /**
     * Measures read workloads at one data size: each warmed up at the most clients, then per client count pgbench's raw
     * insert rate followed by every workload, so each phase sits beside the raw rate of the same moment.
     */
    static List<Phase> measureReads(Console console, int size, String unit, Map<String, Path> workloads, List<Integer> clientCounts,
            Duration warmup, Duration jitCap, Duration duration, String baseUrl, long servicePid, Path work, int postgresPort,
            String rawDatabase) throws Exception {
        int most = clientCounts.stream().mapToInt(Integer::intValue).max().orElse(32);
        console.step(format("warm-up at %,d %s: each workload, %d clients, %d s each, longer while the JIT compiles", size, unit,
                most, warmup.toSeconds()));
        for (Path script : workloads.values()) {
            wrk(script, most, warmup, baseUrl);
            warmUntilCompiled(console, servicePid, jitCap, slice -> wrk(script, most, slice, baseUrl));
        }
        List<Phase> phases = new ArrayList<>();
        for (int clients : clientCounts) {
            console.step("pgbench, one INSERT per transaction, " + clients + " clients, " + duration.toSeconds() + " s");
            double raw = rawInserts(work, postgresPort, rawDatabase, clients, duration).perSecond();
            for (Map.Entry<String, Path> workload : workloads.entrySet()) {
                phases.add(measure(console, size, workload.getKey(), workload.getValue(), clients, duration, baseUrl, servicePid, raw));
            }
        }
        return phases;
    }

    /** The parts of a benchmark to run ({@code LMC_BENCH_PARTS}, comma-separated): all of {@code known} unless it names some. */
    static List<String> parts(Map<String, String> env, List<String> known) {
        List<String> parts = java.util.Arrays.stream(env.getOrDefault("LMC_BENCH_PARTS", String.join(",", known)).split("[,\\s]+"))
                .map(String::trim).filter(p -> !p.isEmpty()).toList();
        if (parts.isEmpty() || !known.containsAll(parts)) {
            throw new IllegalArgumentException("LMC_BENCH_PARTS lists " + String.join(", ", known) + ", comma-separated: " + parts);
        }
        return parts;
    }

    /** A wrk script that GETs {@code paths} in turn (each connection from a random start) with {@code headers}. */
    static Path pathsScript(Path file, List<String> paths, Map<String, String> headers) throws IOException {
        return pathsScript(file, paths, headers, false);
    }

    /**
     * The same; with {@code askAnew}, each request asks its {@code q=} text anew: every letter in a new mix of upper
     * and lower case and an English stop word slipped in at random (the text search drops both), so the database gets the
     * same search while a cache keyed by what was asked sees one it never saw. Each wrk thread draws from its own random
     * sequence: wrk starts every thread's Lua with the same seed, and two threads asking the same spellings in step would
     * ask every one twice.
     */
    static Path pathsScript(Path file, List<String> paths, Map<String, String> headers, boolean askAnew) throws IOException {
        StringBuilder list = new StringBuilder();
        for (String path : paths) {
            list.append(list.length() == 0 ? "" : ",\n").append('"').append(path).append('"');
        }
        StringBuilder header = new StringBuilder();
        headers.forEach((name, value) -> header.append(header.length() == 0 ? "" : ", ").append("[\"").append(name).append("\"] = \"")
                .append(value).append('"'));
        Files.writeString(file, """
                local paths = {%s}
                local fresh = %s
                local stopWords = {"the", "a", "an", "of", "and", "to", "in", "for", "on", "with", "at", "by", "from", "our",
                  "their", "its", "into", "about", "over", "is", "are", "was", "be", "this", "that", "these", "those", "all"}
                local n = 0
                local threads = 0
                local function mixed(letter)
                  if math.random(2) == 1 then return letter:upper() end
                  return letter:lower()
                end
                local function askedAnew(q)
                  local words = {}
                  for word in q:gmatch("[^+]+") do words[#words + 1] = (word:gsub("%%a", mixed)) end
                  table.insert(words, math.random(#words + 1), stopWords[math.random(#stopWords)])
                  return "q=" .. table.concat(words, "+")
                end
                function setup(thread)
                  threads = threads + 1
                  thread:set("threadNumber", threads)
                end
                function init(args)
                  math.randomseed(os.time() * 1009 + (threadNumber or 0) * 7919)
                  n = math.random(#paths)
                end
                function request()
                  n = (n %% #paths) + 1
                  local path = paths[n]
                  if fresh then
                    path = path:gsub("q=([^&]*)", askedAnew)
                  end
                  return wrk.format("GET", path, {%s})
                end
                """.formatted(list, askAnew, header) + WRK_DONE);
        return file;
    }

    /**
     * The table of a benchmark measured at a small and a large size: every phase with its ratio to the raw insert rate,
     * then per workload the verdicts at the most clients: p99 under its target at the large size, and p99 growing at most
     * {@code growthTarget} times from the small size to the large. Measured in several rounds, each verdict takes the
     * median p99 of each size's rounds.
     */
    static String sizedTable(List<Phase> phases, String unit, int small, int large, Map<String, Double> p99Targets,
            double growthTarget) {
        StringBuilder out = new StringBuilder();
        out.append("| ").append(unit).append(" | workload | clients | ok | errors | per second | ÷ raw insert rate | p50 ms | p99 ms"
                + " | service CPU ms/request | of it JIT |\n");
        out.append("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Phase p : phases) {
            out.append(format("| %,d | %s | %d | %,d | %,d | %,.0f | %.3f | %.2f | %.2f | %.3f | %.0f%% |%n", p.size(), p.workload(),
                    p.clients(), p.ok(), p.errors(), p.perSecond(), p.perSecond() / p.rawPerSecond(), p.p50(), p.p99(), p.cpuPerRequest(),
                    100 * p.jitShare()));
        }
        int most = phases.stream().mapToInt(Phase::clients).max().orElse(0);
        out.append('\n');
        for (String workload : phases.stream().map(Phase::workload).distinct().toList()) {
            List<Phase> atSmall = find(phases, small, workload, most);
            List<Phase> atLarge = find(phases, large, workload, most);
            if (atSmall.isEmpty() || atLarge.isEmpty() || !p99Targets.containsKey(workload)) {
                continue;
            }
            double p99Small = medianP99(atSmall);
            double p99Large = medianP99(atLarge);
            double growth = p99Large / p99Small;
            int target = p99Targets.get(workload).intValue();
            long errors = java.util.stream.Stream.concat(atSmall.stream(), atLarge.stream()).mapToLong(Phase::errors).sum();
            String rounds = atLarge.size() > 1 ? format(" (median of %d rounds)", atLarge.size()) : "";
            out.append(format("- %s, %d clients%s: p99 %.2f ms at %,d %s: %s; p99 at %,d ÷ p99 at %,d = %.2f: %s; errors %s%n", workload,
                    most, rounds, p99Large, large, unit, p99Large < target ? "under " + target + " ms, met" : "over " + target
                            + " ms, NOT met",
                    large, small, growth, growth <= growthTarget ? "at most " + growthTarget + ", met" : "over " + growthTarget + ", NOT met",
                    errors == 0 ? "none" : errors + " (NOT met)"));
        }
        return out.toString().stripTrailing();
    }

    /** Every round's phase of {@code workload} at {@code size} and {@code clients}, in the order measured. */
    private static List<Phase> find(List<Phase> phases, int size, String workload, int clients) {
        return phases.stream().filter(p -> p.size() == size && p.workload().equals(workload) && p.clients() == clients).toList();
    }

    /** The median p99 over rounds (the mean of the middle two for an even count). */
    static double medianP99(List<Phase> rounds) {
        double[] p99 = rounds.stream().mapToDouble(Phase::p99).sorted().toArray();
        int middle = p99.length / 2;
        return p99.length % 2 == 1 ? p99[middle] : (p99[middle - 1] + p99[middle]) / 2;
    }

    /** Creates (or empties) the raw insert table in {@code rawDatabase}. */
    static void prepareRawTable(Connection rawDatabase) throws SQLException {
        try (Statement s = rawDatabase.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS raw_insert (id UUID PRIMARY KEY, org_id TEXT NOT NULL, name TEXT NOT NULL,"
                    + " created_at TIMESTAMPTZ NOT NULL DEFAULT now())");
            s.execute("TRUNCATE raw_insert");
        }
    }

    /**
     * pgbench: one single-row INSERT per transaction into {@code database}.raw_insert, prepared statements; the table is
     * emptied and checkpointed after ({@link #settleRawTable}).
     */
    static PgbenchResult rawInserts(Path work, int postgresPort, String database, int clients, Duration duration) throws Exception {
        Path script = work.resolve("raw-insert.sql");
        Files.writeString(script, "INSERT INTO raw_insert (id, org_id, name) VALUES (gen_random_uuid(), '0803360', 'Denver Public Schools');\n");
        List<String> command = List.of(executable("pgbench").orElseThrow().toString(), "-h", "127.0.0.1",
                "-p", Integer.toString(postgresPort), "-U", "postgres", "-n", "-M", "prepared", "-f", script.toString(),
                "-c", Integer.toString(clients), "-j", Integer.toString(Math.min(clients, 2)), "-T", Long.toString(duration.toSeconds()),
                database);
        String out = run(command, Map.of("PGPASSWORD", "postgres"), duration);
        settleRawTable(postgresPort, database);
        long done = (long) number(out, "number of transactions actually processed: (\\d+)");
        long failed = out.contains("number of failed transactions") ? (long) number(out, "number of failed transactions: (\\d+)") : 0;
        return new PgbenchResult(done, failed, number(out, "tps = ([0-9.]+)"), number(out, "latency average = ([0-9.]+) ms"));
    }

    /**
     * Empties the raw insert table and checkpoints after pgbench: the rows it left (up to a million a phase, behind a
     * random-UUID key) would otherwise be vacuumed and analysed by autovacuum, and their pages written by a checkpoint,
     * during the next phases, and more of them at every phase, so a workload measured late in a run (the larger data
     * size) shared the machine with more of that work than one measured early (./lmc bench-plan: autovacuum of
     * raw_insert seen in pg_stat_activity during measured phases). Each raw rate also starts from an empty table.
     */
    private static void settleRawTable(int postgresPort, String database) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + database, "postgres",
                "postgres"); Statement s = c.createStatement()) {
            s.execute("TRUNCATE raw_insert");
            s.execute("CHECKPOINT");
        }
    }

    /** The PostgreSQL version and the durability settings the raw rate was measured under. */
    static String durabilitySettings(Connection c) throws SQLException {
        List<String> settings = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            for (String name : List.of("fsync", "synchronous_commit", "full_page_writes", "wal_sync_method")) {
                try (ResultSet rs = s.executeQuery("SHOW " + name)) {
                    rs.next();
                    settings.add(name + "=" + rs.getString(1));
                }
            }
            try (ResultSet rs = s.executeQuery("SHOW server_version")) {
                rs.next();
                settings.add(0, "PostgreSQL " + rs.getString(1).split(" ")[0]);
            }
        }
        return String.join(", ", settings);
    }

    /** User plus system CPU time of a process so far (Linux /proc; all its threads). */
    static long cpuMillis(long pid) throws IOException {
        return statMillis(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /** CPU time of a JVM so far, and the part of it its JIT compiler threads used. */
    record Cpu(long millis, long jitMillis) {
        Cpu since(Cpu before) {
            return new Cpu(millis - before.millis, jitMillis - before.jitMillis);
        }

        /** The JIT's part of the CPU time. */
        double jitShare() {
            return millis == 0 ? Double.NaN : jitMillis / (double) millis;
        }
    }

    static Cpu cpu(long pid) throws IOException {
        return new Cpu(cpuMillis(pid), jitMillis(pid));
    }

    /** CPU time of a JVM's compiler threads so far (HotSpot names them "C1 CompilerThread0", "C2 CompilerThread0"...). */
    static long jitMillis(long pid) throws IOException {
        long millis = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                        millis += statMillis(task.resolve("stat"));
                    }
                } catch (IOException gone) {
                    // A thread that ended between the listing and the read: its time is no compiler's now.
                }
            }
        }
        return millis;
    }

    private static long statMillis(Path stat) throws IOException {
        String line = Files.readString(stat);
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        // After the command name: state is field 3, utime field 14, stime field 15.
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * 1000 / CLOCK_TICKS_PER_SECOND;
    }

    static String run(List<String> command, Map<String, String> env, Duration duration) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process process = pb.start();
        byte[] out;
        try {
            out = process.getInputStream().readAllBytes();
            if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
                throw new DemoFailure(command.get(0) + " did not end");
            }
        } finally {
            process.destroyForcibly();
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new DemoFailure(Path.of(command.get(0)).getFileName() + " failed (exit " + process.exitValue() + "):\n" + text);
        }
        return text;
    }

    static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new DemoFailure("no '" + regex + "' in:\n" + text);
        }
        return Double.parseDouble(m.group(1));
    }

    static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
