package org.lmc.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.lmc.testing.embedded.Directories;
import org.lmc.testing.embedded.EmbeddedKafkaBroker;
import org.lmc.testing.embedded.EmbeddedPostgresServer;
import org.lmc.testing.embedded.EmbeddedSmtpServer;
import org.lmc.testing.embedded.Ports;

/**
 * The whole platform on one machine without Docker: PostgreSQL 17, a Kafka broker and an SMTP server inside
 * this JVM (PostgreSQL as its own server process), Keycloak and the four services as child processes.
 *
 * <p>{@code LocalStack up} runs it until Ctrl-C; {@code LocalStack demo [--keep]} also plays the demo ({@link DemoPath},
 * then {@link DemoStory}) through the REST APIs, on the stack already running when there is one; {@code LocalStack infra} starts only PostgreSQL, Kafka, SMTP and Keycloak.
 * Exit codes: 0 done, 1 failed, 2 a port is taken or the configuration is wrong.
 */
public final class LocalStack implements AutoCloseable {
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final StackConfig config;
    private final Console console;
    /** The services' JDK, chosen at the first start (serviceJvm()). */
    private ServiceJvm serviceJvm;
    /** Set for ./lmc bench: PostgreSQL counts statements (pg_stat_statements) so the benchmark can report them. */
    private boolean countStatements;
    /** A benchmark's stack: the per-caller write limit is off (one load generator writes as one caller). */
    private boolean benchmark;
    /** The services whose run writes their class-data archive as they stop ({@link #classDataArchive}). */
    private final Set<ServiceDef> writingArchives = java.util.EnumSet.noneOf(ServiceDef.class);
    private final String stackId = UUID.randomUUID().toString();
    private final Map<ServiceDef, ChildProcess> services = new EnumMap<>(ServiceDef.class);
    /** Each service's command line, kept so that a restart runs exactly what the first start ran. */
    private final Map<ServiceDef, List<String>> serviceCommands = new EnumMap<>(ServiceDef.class);
    /** Second instances ({@code ./lmc up --replicas 2}, the scale-out check): the same command on another port. */
    private final Map<ServiceDef, ChildProcess> secondInstances = new EnumMap<>(ServiceDef.class);
    private final Map<ServiceDef, Integer> secondPorts = new EnumMap<>(ServiceDef.class);
    private EmbeddedPostgresServer postgres;
    private EmbeddedKafkaBroker kafka;
    private EmbeddedSmtpServer smtp;
    private ChildProcess keycloak;
    private Process watchdog;
    private boolean closed;

    private LocalStack(StackConfig config, Console console) {
        this.config = config;
        this.console = console;
    }

    // ------------------------------------------------------------------ command line

    public static void main(String[] args) {
        int code;
        try {
            code = run(args, System.out);
        } catch (StackConfig.ConfigException e) {
            System.out.println("lmc: " + e.getMessage());
            code = 2;
        }
        System.out.flush();
        System.exit(code);
    }

    static int run(String[] args, PrintStream out) {
        String mode = args.length == 0 ? "up" : args[0];
        boolean keep = false;
        int replicas = 1;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--keep")) {
                keep = true;
            } else if (args[i].equals("--replicas") && i + 1 < args.length && mode.equals("up")
                    && List.of("1", "2").contains(args[i + 1])) {
                replicas = Integer.parseInt(args[++i]);
            } else {
                out.println("lmc: unknown option " + args[i]);
                usage(out);
                return 2;
            }
        }
        if (mode.equals("help") || mode.equals("--help") || mode.equals("-h")) {
            usage(out);
            return 0;
        }
        if (!List.of("up", "demo", "infra", "bench", "bench-notification", "bench-funding", "bench-plan", "faults").contains(mode)) {
            out.println("lmc: unknown command " + mode);
            usage(out);
            return 2;
        }
        Path root = Path.of(System.getProperty("lmc.root", ".")).toAbsolutePath().normalize();
        StackConfig config = StackConfig.fromEnvironment(root, System.getenv());
        if (mode.equals("infra")) {
            config = config.withServices(java.util.Set.of());
        }
        if (mode.equals("bench") || mode.equals("bench-funding")) {
            // A fresh stack of its own, so each run measures the same empty start and its tens of thousands of teams
            // and events never reach the everyday stack (whose notification-service would have to read them all);
            // registration alone unless LMC_SERVICES says otherwise, so no other service competes for the cores.
            Path benchState = freshState(config, "bench-stack", out);
            if (benchState == null) {
                return 1;
            }
            config = config.withStateDir(benchState);
            List<String> missingTools = mode.equals("bench") ? RegistrationBenchmark.missingTools() : FundingBenchmark.missingTools();
            if (!missingTools.isEmpty()) {
                out.println("lmc: the benchmark needs, and did not find on the PATH:");
                missingTools.forEach(tool -> out.println("  - " + tool));
                return 1;
            }
            if (System.getenv().getOrDefault("LMC_SERVICES", "").isBlank()) {
                config = config.withServices(java.util.Set.of(mode.equals("bench") ? ServiceDef.REGISTRATION : ServiceDef.FUNDING));
            }
        }
        if (mode.equals("bench-notification") || mode.equals("bench-plan")) {
            // The same reasons as bench: a fresh stack of its own, the measured service alone.
            Path benchState = freshState(config, mode + "-stack", out);
            if (benchState == null) {
                return 1;
            }
            config = config.withStateDir(benchState).withServices(java.util.Set.of(mode.equals("bench-plan") ? ServiceDef.PLAN
                    : ServiceDef.NOTIFICATION));
            if (mode.equals("bench-plan") && !PlanBenchmark.missingTools().isEmpty()) {
                out.println("lmc: the benchmark needs, and did not find on the PATH:");
                PlanBenchmark.missingTools().forEach(tool -> out.println("  - " + tool));
                return 1;
            }
        }
        long faultSeed = 0;
        if (mode.equals("faults")) {
            // Faults kill and restart what runs: a fresh stack of its own, never the everyday one (.lmc/faults-stack).
            Path faultState = freshState(config, "faults-stack", out);
            if (faultState == null) {
                return 1;
            }
            config = config.withStateDir(faultState).withServices(java.util.Set.of(ServiceDef.values()));
            faultSeed = FaultHarness.seed(System.getProperty("lmc.faults.seed", System.getenv("LMC_FAULTS_SEED")));
        }
        quietEmbeddedLogging(config);
        Console console = new Console(out);

        if (mode.equals("demo") && runningStack(config)) {
            // ./lmc demo --keep, then ./lmc demo: play the story again on the stack already running.
            console.step("A local stack already answers on these ports; playing the demo on it.");
            return demo(config, console, null) ? 0 : 1;
        }
        try {
            checkPorts(config);
        } catch (Ports.PortInUseException e) {
            out.println("lmc: " + e.getMessage());
            return 2;
        }
        if (mode.equals("demo")) {
            for (ServiceDef needed : List.of(ServiceDef.REGISTRATION, ServiceDef.NOTIFICATION)) {
                if (!config.services().contains(needed)) {
                    out.println("lmc: the demo needs " + needed.module() + "; LMC_SERVICES leaves it out");
                    return 2;
                }
            }
        }
        List<ServiceDef> missing = missingServices(config);
        if (!missing.isEmpty()) {
            out.println("lmc: not built: " + missing.stream().map(s -> s.module() + "/target/quarkus-app/quarkus-run.jar")
                    .collect(Collectors.joining(", ")) + ". Build with ./mvnw -q install -DskipTests (./lmc does it),"
                    + " or leave them out with LMC_SERVICES=" + config.services().stream().filter(s -> !missing.contains(s))
                    .map(ServiceDef::shortName).collect(Collectors.joining(",")));
            return 1;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        LocalStack stack = new LocalStack(config, console);
        stack.countStatements = mode.equals("bench");
        stack.benchmark = mode.startsWith("bench");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (stack.stopIfRunning()) {
                console.line("Stopped.");
            }
            stopped.countDown();
        }, "lmc-shutdown"));
        try {
            stack.startAll();
        } catch (Ports.PortInUseException e) {
            out.println("lmc: " + e.getMessage());
            stack.close();
            return 2;
        } catch (StartupException e) {
            out.println("lmc: " + e.getMessage());
            stack.close();
            return 1;
        } catch (RuntimeException e) {
            out.println("lmc: the stack did not start: " + e);
            e.printStackTrace(out);
            stack.close();
            return 1;
        }
        if (replicas == 2) {
            try {
                stack.startSecondInstances(SCALED_OUT);
            } catch (RuntimeException e) {
                out.println("lmc: a second instance did not start: " + e.getMessage());
                stack.stopAndReport();
                return 1;
            }
        }
        stack.printSummary();

        if (mode.startsWith("bench")) {
            try {
                stack.postgres.ensureDatabase(RegistrationBenchmark.RAW_DATABASE);
                switch (mode) {
                    case "bench" -> new RegistrationBenchmark(config, console, stack.benchmarkView(), System.getenv()).run();
                    case "bench-notification" -> new NotificationBenchmark(config, console, stack.kafka.bootstrapServers(),
                            stack.postgres::jdbcUrl, stack.services.get(ServiceDef.NOTIFICATION).pid(), System.getenv()).run();
                    case "bench-plan" -> new PlanBenchmark(config, console, stack.postgres::jdbcUrl, stack.postgres.port(),
                            stack.services.get(ServiceDef.PLAN).pid(), stack.serviceJvmAsRun(ServiceDef.PLAN), System.getenv()).run();
                    default -> new FundingBenchmark(config, console, stack.postgres::jdbcUrl, stack.postgres.port(),
                            stack.services.get(ServiceDef.FUNDING).pid(), stack.serviceJvmAsRun(ServiceDef.FUNDING),
                            System.getenv()).run();
                }
            } catch (Exception e) {
                out.println("Benchmark FAILED: " + e);
                stack.stopAndReport();
                return 1;
            }
            stack.stopAndReport();
            return 0;
        }
        if (mode.equals("faults")) {
            boolean clean = faults(stack, console, faultSeed, "short".equals(System.getenv("LMC_FAULTS_PLAN")));
            if (!clean) {
                out.println("Logs: " + stack.relative(config.logsDir()) + "/");
            }
            stack.stopAndReport();
            return clean ? 0 : 1;
        }
        if (mode.equals("demo")) {
            if (!demo(config, console, stack::mailsReceived)) {
                out.println("Logs: " + stack.relative(config.logsDir()) + "/");
                stack.stopAndReport();
                return 1;
            }
            if (!keep) {
                stack.stopAndReport();
                return 0;
            }
        }
        console.line("Running; Ctrl-C stops everything.");
        stack.watchChildren();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** An emptied state folder {@code name} below the everyday stack's, for a stack of its own; null (said why) when it cannot be. */
    private static Path freshState(StackConfig config, String name, PrintStream out) {
        Path state = config.stateDir().resolve(name);
        try {
            Directories.deleteTree(state);
            return state;
        } catch (java.io.UncheckedIOException e) {
            out.println("lmc: cannot clear " + state + ": " + e.getMessage());
            return null;
        }
    }

    private static void usage(PrintStream out) {
        out.println("""
                Usage: ./lmc <command>
                  up [--replicas 2]  build what is missing, start the local stack, run until Ctrl-C (--replicas 2: a
                                second instance each of plan-, funding- and notification-service, on their port + 10)
                  demo [--keep] start the stack (or play on the one already running on these ports), play Denver 2011
                                and Cincinnati 2012 through the APIs with real tokens, check every number, print the
                                summary, stop (--keep: keep the stack running afterwards, until Ctrl-C;
                                LMC_DEMO_SIZE=small: the end-to-end suite's small story)
                  infra         only PostgreSQL, Kafka, SMTP and Keycloak (to run services from an IDE)
                  bench         start the stack with registration-service, measure registration POST and team GET (wrk)
                                against pgbench's raw inserts at 2 and 32 clients, print the table (saved in
                                .lmc/bench/), stop (LMC_BENCH_CLIENTS 2,32; LMC_BENCH_SECONDS 20;
                                LMC_BENCH_WARMUP_SECONDS 45, longer while the JIT compiles, up to
                                LMC_BENCH_JIT_SECONDS 90 more; LMC_BENCH_ROUNDS 2; needs wrk and pgbench)
                  bench-notification  start the stack with notification-service, put team-confirmed events on Kafka
                                at 200/s and higher rates, measure webhook arrival rate and latency p50/p99, stop
                                (LMC_BENCH_RATES 400,600,800,1200; LMC_BENCH_SECONDS 30; LMC_BENCH_WARMUP_SECONDS 30)
                  bench-plan    start the stack with plan-service, seed 2,000 then 20,000 published plans, measure the
                                public search and plan page (wrk) at 2 and 32 clients beside pgbench's raw inserts, again
                                for each round, print the table (saved in .lmc/bench/), stop (LMC_BENCH_CLIENTS,
                                LMC_BENCH_SECONDS 20, LMC_BENCH_WARMUP_SECONDS 30, LMC_BENCH_ROUNDS 2; needs wrk and pgbench)
                  bench-funding start the stack with funding-service, measure payments (Idempotency-Key each) against
                                raw JDBC inserts at 2 and 32 clients, and a CSV ledger export of 1,000,000 lines, stop
                  faults        start a fresh stack (.lmc/faults-stack/), play the demo's full story with retrying clients
                                while over 200 faults drawn from a seed hit it (kill -9 and restart of each service, SIGSTOP
                                past the consumer session timeout, Kafka and PostgreSQL restarts, clients giving up
                                mid-request), let it drain, reconcile, print the table, stop; exit 0 when nothing is
                                violated (LMC_FAULTS_SEED replays a run; LMC_FAULTS_PLAN=short: the test suite's 50 faults)
                  help          this text

                Ports (environment variables, defaults): LMC_POSTGRES_PORT 55432, LMC_KAFKA_PORT 9092,
                  LMC_SMTP_PORT 2525, LMC_KEYCLOAK_PORT 8180, LMC_REGISTRATION_PORT 8081, LMC_PLAN_PORT 8082,
                  LMC_FUNDING_PORT 8083, LMC_NOTIFICATION_PORT 8084
                Other: LMC_SERVICES (e.g. registration,notification), LMC_SERVICE_JAVA_OPTS, LMC_START_TIMEOUT
                  (seconds, 180), LMC_CACHE_DIR (unpacked Keycloak; default ~/.cache/lmc), LMC_KEYCLOAK_HOME
                State: .lmc/ (PostgreSQL and Kafka data, Keycloak's database, logs in .lmc/logs/)""");
    }

    /** Kafka and the embedded servers log through slf4j-simple: into .lmc/logs/embedded.log, warnings only. */
    private static void quietEmbeddedLogging(StackConfig config) {
        if (System.getProperty("org.slf4j.simpleLogger.logFile") == null) {
            StackConfig.createDirectories(config.logsDir());
            System.setProperty("org.slf4j.simpleLogger.logFile", config.logsDir().resolve("embedded.log").toString());
        }
    }

    // ------------------------------------------------------------------ API (also for the end-to-end test)

    /** Starts everything and waits until all is ready; on failure stops what started and throws. */
    public static LocalStack start(StackConfig config, Console console) {
        checkPorts(config);
        LocalStack stack = new LocalStack(config, console);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** Every port the stack needs must be free; otherwise one line per taken port. */
    public static void checkPorts(StackConfig config) {
        List<String> problems = new ArrayList<>();
        for (StackConfig.PortUse use : config.portUses()) {
            try {
                Ports.requireFree(use.port(), use.what(), use.variable());
            } catch (Ports.PortInUseException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new Ports.PortInUseException(String.join(System.lineSeparator() + "lmc: ", problems));
        }
    }

    /**
     * The demo: the first path (one registration, its notification), then the story ({@link DemoStory}, full size unless
     * {@code LMC_DEMO_SIZE=small}) with its summary table; true when every check held.
     */
    static boolean demo(StackConfig config, Console console, java.util.function.IntSupplier mails) {
        long started = System.nanoTime();
        DemoStory.Size size = "small".equals(System.getenv("LMC_DEMO_SIZE")) ? DemoStory.Size.small() : DemoStory.Size.full();
        try {
            new DemoPath(config, console, mails).run();
            DemoStory.Outcome outcome = new DemoStory(config, console, size, mails).run();
            DemoStory.printSummary(outcome, console);
            console.line("");
            console.line(String.format(Locale.ROOT, "Demo %s in %.0f s (story %s, run %s).", outcome.allHold() ? "passed" : "FAILED",
                    (System.nanoTime() - started) / 1e9, size.name(), outcome.run()));
            return outcome.allHold();
        } catch (DemoFailure e) {
            console.line("Demo FAILED: " + e.getMessage());
            return false;
        }
    }

    /** The fault run ({@link FaultHarness}) on a running stack and its table; true when no invariant is violated. */
    static boolean faults(LocalStack stack, Console console, long seed, boolean shortRun) {
        try {
            FaultHarness.Report report = shortRun ? FaultHarness.shortRun(stack, console, seed) : FaultHarness.longRun(stack, console, seed);
            FaultHarness.printReport(report, console);
            return report.violations().isEmpty();
        } catch (DemoFailure e) {
            console.line("Fault run FAILED (seed " + seed + "): " + e.getMessage());
            return false;
        }
    }

    /** True when every service of the configuration answers ready on its port: a stack is already running there. */
    static boolean runningStack(StackConfig config) {
        Http http = new Http();
        return !config.services().isEmpty() && http.isOk(config.issuer() + "/.well-known/openid-configuration")
                && config.services().stream().allMatch(s -> http.isOk(config.serviceUrl(s) + "/q/health/ready"));
    }

    public static List<ServiceDef> missingServices(StackConfig config) {
        return config.services().stream().filter(s -> !Files.isRegularFile(s.runJar(config.root()))).toList();
    }

    public StackConfig config() {
        return config;
    }

    /** Mail the stack's SMTP server received. */
    public int mailsReceived() {
        return smtp == null ? 0 : smtp.received().size();
    }

    private void startAll() {
        StackConfig.createDirectories(config.logsDir());
        console.step("Starting the LMC local stack (state in " + relative(config.stateDir()) + ", logs in "
                + relative(config.logsDir()) + ")");
        watchdog = Watchdog.start(stackId, config.stateDir().resolve("postgres"));

        long kcStart = System.nanoTime();
        console.step("Keycloak starting on " + config.keycloakUrl() + " (log: " + relative(config.logsDir().resolve("keycloak.log")) + ")");
        CompletableFuture<KeycloakServer> kc = new CompletableFuture<>();
        Thread kcThread = new Thread(() -> {
            try {
                kc.complete(KeycloakServer.startAndAwait(config, stackId, console, this::registerKeycloak));
            } catch (Throwable t) {
                kc.completeExceptionally(t);
            }
        }, "lmc-keycloak-start");
        kcThread.setDaemon(true);
        kcThread.start();

        Path pgData = config.stateDir().resolve("postgres");
        postgres = EmbeddedPostgresServer.start(config.postgresPort(), pgData, postgresSettings(benchmark, countStatements));
        for (ServiceDef s : ServiceDef.values()) {
            postgres.ensureDatabase(s.database());
        }
        console.step("PostgreSQL on 127.0.0.1:" + postgres.port() + ", databases "
                + List.of(ServiceDef.values()).stream().map(ServiceDef::database).collect(Collectors.joining(", ")));
        kafka = EmbeddedKafkaBroker.start(config.kafkaPort(), config.stateDir().resolve("kafka"), Map.of());
        console.step("Kafka on " + kafka.bootstrapServers());
        smtp = EmbeddedSmtpServer.start(config.smtpPort());
        console.step("SMTP on 127.0.0.1:" + smtp.port());

        try {
            kc.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new StartupException("Keycloak did not start: " + cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while Keycloak started");
        }
        console.step(String.format(Locale.ROOT, "Keycloak ready in %.1f s: realm %s, issuer %s",
                (System.nanoTime() - kcStart) / 1e9, StackConfig.REALM, config.issuer()));

        if (!config.services().isEmpty()) {
            startServices();
        }
        console.step(String.format(Locale.ROOT, "Ready in %.1f s", console.elapsedSeconds()));
    }

    /**
     * PostgreSQL's settings for a stack. Commits wait until their WAL has reached the operating system
     * ({@code synchronous_commit=on}; the embedded server's default is off), so a write PostgreSQL acknowledged survives
     * a crash of PostgreSQL itself: with it off, an immediate stop lost the last commits a consumer had already confirmed
     * to Kafka, and their events were never applied (found by the fault harness). fsync stays off: only a crash of the
     * machine loses what the operating system holds. A benchmark keeps the embedded defaults its table reports, and may
     * count statements.
     */
    static Map<String, String> postgresSettings(boolean benchmark, boolean countStatements) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (!benchmark) {
            settings.put("synchronous_commit", "on");
        }
        if (countStatements) {
            settings.put("shared_preload_libraries", "pg_stat_statements");
        }
        return settings;
    }

    /** Refuses to start anything once the stack is stopping; the caller holds the stack's lock. */
    private void requireOpen(String refusal) {
        if (closed) {
            throw new StartupException(refusal);
        }
    }

    private synchronized void registerKeycloak(ChildProcess process) {
        if (closed) {
            process.stop(STOP_GRACE);
            throw new StartupException("stopped while Keycloak was starting");
        }
        keycloak = process;
    }

    private void startServices() {
        ServiceJvm jvm = serviceJvm();
        // LMC_SERVICE_IMAGES=true: run each service from the image the build made (./lmc images), unpacked; needs root.
        boolean runImages = Boolean.parseBoolean(System.getenv().getOrDefault("LMC_SERVICE_IMAGES", "false").trim());
        long started = System.nanoTime();
        synchronized (this) {
            requireOpen("stopped while starting");
            for (ServiceDef s : config.services()) {
                if (runImages) {
                    ServiceImage image = ServiceImage.unpack(s, config.root(), config.stateDir().resolve("images"));
                    serviceCommands.put(s, image.command(config.serviceJavaOptions()));
                    services.put(s, launchService(s, false));
                    continue;
                }
                List<String> command = new ArrayList<>();
                command.add(jvm.java().toString());
                command.addAll(config.serviceJavaOptions());
                command.addAll(jvm.versionOptions(config.serviceJavaOptions()));
                command.add("-jar");
                command.add(s.runJar(config.root()).getFileName().toString());
                List<String> training = classDataArchive(s, command, jvm);
                serviceCommands.put(s, List.copyOf(command));
                if (!training.equals(command)) {
                    writingArchives.add(s);
                }
                services.put(s, launchService(s, training, false));
            }
        }
        console.step("Starting " + config.services().stream().map(ServiceDef::module).collect(Collectors.joining(", "))
                + (runImages ? " from their images" : " on Java " + jvm.describe()));
        awaitReady(new LinkedHashMap<>(services), started);
        if (benchmark && !writingArchives.isEmpty()) {
            startAgainWithArchives();
        }
    }

    /**
     * A benchmark never measures a run that writes its class-data archive: with -XX:ArchiveClassesAtExit the JVM served
     * payments about 40% slower (./lmc bench-funding at 2 clients: 455/s against 803/s the next run, the service's CPU
     * per request 1.85 against 1.09 ms). So the services that are writing one stop once ready (the archive then holds
     * the classes of their start) and start again with it.
     */
    private void startAgainWithArchives() {
        long started = System.nanoTime();
        console.step("Writing the class-data archives of " + writingArchives.stream().map(ServiceDef::module)
                .collect(Collectors.joining(", ")) + " (a benchmark measures the services as they run with them)");
        Map<ServiceDef, ChildProcess> waiting = new LinkedHashMap<>();
        for (ServiceDef s : List.copyOf(writingArchives)) {
            ChildProcess writing;
            synchronized (this) {
                requireOpen("stopped while starting");
                writing = services.get(s);
            }
            // Not under the stack's lock: a stop of the stack (Ctrl-C) must not wait for the archive's writing.
            writing.stop(Duration.ofSeconds(60));
            List<String> command = classDataArchive(s, new ArrayList<>(serviceCommands.get(s)), serviceJvm());
            if (command.stream().anyMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit"))) {
                throw new StartupException(s.module() + " wrote no class-data archive as it stopped; see "
                        + relative(config.logsDir().resolve(s.module() + ".log")));
            }
            synchronized (this) {
                requireOpen("stopped while starting");
                serviceCommands.put(s, command);
                ChildProcess p = launchService(s, true);
                services.put(s, p);
                waiting.put(s, p);
            }
        }
        writingArchives.clear();
        awaitReady(waiting, started);
    }

    /** The JDK the services run on ({@link ServiceJvm#choose}), chosen once per stack. */
    public synchronized ServiceJvm serviceJvm() {
        if (serviceJvm == null) {
            serviceJvm = ServiceJvm.choose(System.getenv(), Path.of(System.getProperty("java.home")));
        }
        return serviceJvm;
    }

    /**
     * The service's class-data archive (AppCDS), {@code app-cds-<JDK version>.jsa} beside its jar, which starts it about a
     * fifth sooner (the classes it loads mapped, parsed and verified already). When it is there and newer than the jar,
     * {@code command} gets it (only the JDK build that wrote it can use it, hence the version in its name). When not, this
     * launch writes it as the service stops (-XX:ArchiveClassesAtExit: every class the run loaded, those of the requests it
     * served included), so the next start has it; restarts and second instances run without one meanwhile, never two writers of one file.
     * The archive records the class path as run, "-jar quarkus-run.jar" in the jar's folder, so the service always runs
     * there (serviceWorkDir). Answers the command for this launch.
     */
    private List<String> classDataArchive(ServiceDef s, List<String> command, ServiceJvm jvm) {
        Path jar = s.runJar(config.root());
        Path archive = jar.resolveSibling(jvm.classDataArchiveName());
        try {
            if (Files.isRegularFile(archive) && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0) {
                command.addAll(command.size() - 2, List.of("-XX:SharedArchiveFile=" + archive.getFileName(), "-Xshare:auto"));
                return List.copyOf(command);
            }
            Files.deleteIfExists(archive);
        } catch (IOException e) {
            throw new StartupException("the class-data archive " + archive + ": " + e.getMessage());
        }
        List<String> training = new ArrayList<>(command);
        // Its warnings name every class it leaves out (those never linked); they are not the service's log.
        training.addAll(command.size() - 2, List.of("-XX:ArchiveClassesAtExit=" + archive.getFileName(), "-Xlog:cds=off"));
        return List.copyOf(training);
    }

    /** Where a service runs: the folder of its built application (its command names the jar and archive relative to it). */
    private Path serviceWorkDir(ServiceDef s) {
        return s.runJar(config.root()).getParent();
    }

    private ChildProcess launchService(ServiceDef s, boolean appendToLog) {
        return launchService(s, serviceCommands.get(s), appendToLog);
    }

    private ChildProcess launchService(ServiceDef s, List<String> command, boolean appendToLog) {
        return ChildProcess.start(s.module(), command, serviceEnvironment(s), serviceWorkDir(s),
                config.logsDir().resolve(s.module() + ".log"), appendToLog);
    }

    // ------------------------------------------------------------------ second instances (scale-out)

    /** The services that scale out: each consumes events in a consumer group, relays its outbox and runs scheduled work. */
    static final Set<ServiceDef> SCALED_OUT = java.util.EnumSet.of(ServiceDef.PLAN, ServiceDef.FUNDING, ServiceDef.NOTIFICATION);

    /**
     * Starts a second instance of each running service of {@code which} (not already doubled), with the first's command and
     * environment on its own port (the first's port + 10 when free), log {@code <module>-2.log}; waits until each is ready.
     */
    void startSecondInstances(Set<ServiceDef> which) {
        long started = System.nanoTime();
        Map<ServiceDef, ChildProcess> waiting = new LinkedHashMap<>();
        synchronized (this) {
            requireOpen("the stack is stopped");
            for (ServiceDef s : which) {
                if (!services.containsKey(s) || secondInstances.containsKey(s)) {
                    continue;
                }
                int preferred = config.port(s) + 10;
                int port = Ports.inUse(preferred) ? Ports.freePort() : preferred;
                Map<String, String> env = serviceEnvironment(s);
                env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
                ChildProcess p = ChildProcess.start(s.module() + "-2", serviceCommands.get(s), env, serviceWorkDir(s),
                        config.logsDir().resolve(s.module() + "-2.log"), false);
                secondPorts.put(s, port);
                secondInstances.put(s, p);
                waiting.put(s, p);
            }
        }
        console.step("Starting second instances of " + waiting.keySet().stream().map(ServiceDef::module).collect(Collectors.joining(", ")));
        awaitReady(waiting, started, this::secondInstanceUrl);
    }

    /** The base URL of {@code s}'s second instance (started by {@link #startSecondInstances}). */
    synchronized String secondInstanceUrl(ServiceDef s) {
        Integer port = secondPorts.get(s);
        if (port == null) {
            throw new IllegalStateException(s.module() + " has no second instance");
        }
        return "http://127.0.0.1:" + port;
    }

    /** kill -9 of {@code s}'s second instance; it is not restarted. */
    void killSecondInstance(ServiceDef s) {
        ChildProcess p;
        synchronized (this) {
            p = secondInstances.get(s);
        }
        p.killAbruptly();
    }

    /** Waits until each of {@code waiting} answers ready, within the start timeout counted from {@code started}. */
    private void awaitReady(Map<ServiceDef, ChildProcess> waiting, long started) {
        awaitReady(waiting, started, config::serviceUrl);
    }

    private void awaitReady(Map<ServiceDef, ChildProcess> waiting, long started, java.util.function.Function<ServiceDef, String> urlOf) {
        Http http = new Http();
        long deadline = started + config.startTimeout().toNanos();
        while (!waiting.isEmpty()) {
            for (var it = waiting.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                ChildProcess p = e.getValue();
                if (!p.isAlive()) {
                    throw new StartupException(p.name() + " exited with code " + p.exitCode() + " while starting. Last lines of "
                            + relative(p.log()) + ":\n" + p.tail(30));
                }
                if (http.isOk(urlOf.apply(e.getKey()) + "/q/health/ready")) {
                    console.step(String.format(Locale.ROOT, "%s ready on %s (%.1f s)", p.name(),
                            urlOf.apply(e.getKey()), (System.nanoTime() - started) / 1e9));
                    it.remove();
                }
            }
            if (waiting.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                StringBuilder sb = new StringBuilder();
                for (ChildProcess p : waiting.values()) {
                    sb.append(p.name()).append(" did not become ready (/q/health/ready) within ")
                            .append(config.startTimeout().toSeconds()).append(" s. Last lines of ")
                            .append(relative(p.log())).append(":\n").append(p.tail(30)).append('\n');
                }
                throw new StartupException(sb.toString().trim());
            }
            // Often enough that the reported time is the service's, not the poll's (it was 250 ms).
            sleep(50);
        }
    }

    // ------------------------------------------------------------------ faults (FaultHarness)

    /** kill -9 of a running service: no shutdown, no flush, its connections cut. */
    void killService(ServiceDef s) {
        ChildProcess p;
        synchronized (this) {
            p = services.get(s);
        }
        p.killAbruptly();
    }

    /**
     * Starts {@code s} again with the command, environment and log of its first start (the log appended to), and waits
     * until it answers ready. The service must not be running.
     */
    void restartService(ServiceDef s) {
        long started = System.nanoTime();
        ChildProcess p;
        synchronized (this) {
            requireOpen("the stack is stopped");
            if (services.get(s).isAlive()) {
                throw new IllegalStateException(s.module() + " is still running");
            }
            p = launchService(s, true);
            services.put(s, p);
        }
        awaitReady(new LinkedHashMap<>(Map.of(s, p)), started);
    }

    /** SIGSTOP ({@code paused}) or SIGCONT: the process stays, but neither answers nor heartbeats while stopped. */
    void pauseService(ServiceDef s, boolean paused) {
        ChildProcess p;
        synchronized (this) {
            p = services.get(s);
        }
        p.signal(paused ? "STOP" : "CONT");
    }

    /** The in-JVM broker down (its data kept) or up again on the same port and log directory. */
    void kafkaRunning(boolean running) {
        if (running) {
            kafka.restart();
        } else {
            kafka.stop();
        }
    }

    /** PostgreSQL taken down as {@code shutdown} says and started again on the same data directory and port. */
    void restartPostgres(EmbeddedPostgresServer.Shutdown shutdown) {
        postgres.restart(shutdown);
    }

    /** The JDBC URL of a service's database, for the reconciliation's direct reads. */
    String jdbcUrl(ServiceDef s) {
        return postgres.jdbcUrl(s.database());
    }

    String kafkaBootstrap() {
        return kafka.bootstrapServers();
    }

    private Map<String, String> serviceEnvironment(ServiceDef s) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        // glibc's default of one malloc arena per thread (up to 8 per core) costs a JVM with many threads tens of MB.
        env.put("MALLOC_ARENA_MAX", "2");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(config.port(s)));
        env.put("LMC_DEPLOYMENT", "local");
        env.put("LMC_DB_URL", postgres.jdbcUrl(s.database()));
        env.put("LMC_DB_USER", EmbeddedPostgresServer.USER);
        env.put("LMC_DB_PASSWORD", EmbeddedPostgresServer.PASSWORD);
        env.put("LMC_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
        env.put("LMC_OIDC_URL", config.issuer());
        env.put("LMC_SMTP_HOST", "127.0.0.1");
        env.put("LMC_SMTP_PORT", Integer.toString(smtp.port()));
        // Local only: webhook receivers on this machine (a benchmark's, a developer's) are allowed.
        env.put("LMC_WEBHOOKS_ALLOW_LOOPBACK", "true");
        // Plain HTTP on loopback: the signed-in pages' cookies cannot be Secure here.
        env.put("LMC_SECURE_COOKIES", "false");
        if (benchmark && System.getenv("LMC_RATE_LIMIT_ENABLED") == null) {
            env.put("LMC_RATE_LIMIT_ENABLED", "false");
        }
        // Local only: the demo plays months of reminders in minutes (POST /api/v1/admin/reminder-sweeps?asOf=).
        env.put("LMC_PLAN_REMINDERS_SWEEP_AS_OF_ENABLED", "true");
        // The pages link to each other's service at the ports this stack uses.
        env.put("LMC_PLANS_BASE_URL", "http://127.0.0.1:" + config.port(ServiceDef.PLAN));
        env.put("LMC_FUNDING_BASE_URL", "http://127.0.0.1:" + config.port(ServiceDef.FUNDING));
        env.put("LMC_REGISTRATION_BASE_URL", "http://127.0.0.1:" + config.port(ServiceDef.REGISTRATION));
        env.put("LMC_NOTIFICATION_BASE_URL", "http://127.0.0.1:" + config.port(ServiceDef.NOTIFICATION));
        env.put(ChildProcess.STACK_ID_VARIABLE, stackId);
        return env;
    }

    /** While running: say so when a child ends by itself. */
    private void watchChildren() {
        List<ChildProcess> all = new ArrayList<>(services.values());
        if (keycloak != null) {
            all.add(keycloak);
        }
        for (ChildProcess p : all) {
            p.onExit().thenRun(() -> {
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                }
                console.step(p.name() + " exited with code " + p.exitCode() + ". Last lines of " + relative(p.log())
                        + ":\n" + p.tail(15));
            });
        }
    }

    // ------------------------------------------------------------------ summary

    void printSummary() {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("LMC local stack");
        String fmt = "  %-22s %-32s %s";
        if (!services.isEmpty()) {
            lines.add(String.format(Locale.ROOT, fmt, "service", "API", "Swagger UI / health / metrics"));
        }
        for (ServiceDef s : services.keySet()) {
            String base = config.serviceUrl(s);
            lines.add(String.format(Locale.ROOT, fmt, s.module(), base + "/api/v1", base + "/q/swagger-ui"));
            lines.add(String.format(Locale.ROOT, fmt, "", "", base + "/q/health   " + base + "/q/metrics"));
            if (secondPorts.containsKey(s)) {
                String second = secondInstanceUrl(s);
                lines.add(String.format(Locale.ROOT, fmt, "  second instance", second + "/api/v1", second + "/q/health"));
            }
        }
        if (services.size() == ServiceDef.values().length) {
            lines.add("");
            lines.add("  Pages: public plans " + config.serviceUrl(ServiceDef.PLAN) + "/plans, who paid for whom "
                    + config.serviceUrl(ServiceDef.FUNDING) + "/funding");
            lines.add("    funder's desk " + config.serviceUrl(ServiceDef.FUNDING) + "/desk (funder-ford, auditor), district portal "
                    + config.serviceUrl(ServiceDef.REGISTRATION) + "/portal/teams (district-a)");
        }
        lines.add("");
        lines.add("  Keycloak     " + config.keycloakUrl() + "/admin/  (master realm: " + StackConfig.KEYCLOAK_ADMIN + " / "
                + StackConfig.KEYCLOAK_ADMIN_PASSWORD + ")");
        lines.add("               realm lmc, issuer " + config.issuer());
        lines.add("  PostgreSQL   jdbc:postgresql://127.0.0.1:" + config.postgresPort()
                + "/{registration,plan,funding,notification}  (postgres / postgres)");
        lines.add("  Kafka        " + (kafka == null ? "" : kafka.bootstrapServers()));
        lines.add("  SMTP         127.0.0.1:" + config.smtpPort() + "  (kept in memory by the launcher)");
        lines.add("");
        lines.add("  Demo users, password " + StackConfig.DEMO_PASSWORD + ": admin and admin-b (admin), agency (agency), auditor (auditor),");
        lines.add("    district-a (district, org_id 0803360), district-b (district, org_id 2400090),");
        lines.add("    funder-ford, funder-gates, funder-ge, funder-ed (funder, funder_id ford-foundation, gates-foundation,");
        lines.add("    ge-foundation, us-department-of-education)");
        lines.add("  Clients: lmc-web (public, PKCE; password grant for local use), lmc-agency (client credentials,");
        lines.add("    secret lmc-agency-secret, role agency). A token:");
        lines.add("    curl -s " + config.issuer() + "/protocol/openid-connect/token -d grant_type=client_credentials \\");
        lines.add("      -d client_id=lmc-agency -d client_secret=lmc-agency-secret");
        if (services.isEmpty() && postgres != null && kafka != null) {
            lines.add("  A service from the IDE against this (e.g. registration-service, database registration):");
            lines.add("    LMC_DB_URL=" + postgres.jdbcUrl("registration") + " LMC_KAFKA_BOOTSTRAP=" + kafka.bootstrapServers());
            lines.add("    LMC_OIDC_URL=" + config.issuer() + " LMC_SMTP_HOST=127.0.0.1 LMC_SMTP_PORT=" + config.smtpPort());
        }
        lines.add("  Memory (RSS): " + memory());
        lines.add("  Logs: " + relative(config.logsDir()) + "/");
        lines.forEach(console::line);
    }

    /** What the benchmark reads of the running stack: where PostgreSQL is, and registration-service's process. */
    private RegistrationBenchmark.Stack benchmarkView() {
        ChildProcess registration = services.get(ServiceDef.REGISTRATION);
        if (registration == null) {
            throw new StartupException("the benchmark needs registration-service; LMC_SERVICES leaves it out");
        }
        return new RegistrationBenchmark.Stack() {
            @Override
            public java.util.function.Function<String, String> jdbcUrlOf() {
                return postgres::jdbcUrl;
            }

            @Override
            public int postgresPort() {
                return postgres.port();
            }

            @Override
            public long servicePid() {
                return registration.pid();
            }

            @Override
            public long serviceRssKib() {
                return registration.rssKib();
            }

            @Override
            public String serviceJvm() {
                return serviceJvmAsRun(ServiceDef.REGISTRATION);
            }
        };
    }

    /** A service's JVM as it runs, for a benchmark's table: the JDK's version and the options (the archive's included). */
    synchronized String serviceJvmAsRun(ServiceDef s) {
        List<String> command = serviceCommands.get(s);
        ServiceJvm jvm = serviceJvm();
        if (!command.get(0).equals(jvm.java().toString())) {
            // LMC_SERVICE_IMAGES: the image's own Java, given its options through the environment.
            return "the image's, " + command.stream().filter(a -> a.startsWith("JAVA_TOOL_OPTIONS=")).findFirst().orElse("");
        }
        // The command is java, its options, then -jar and the jar.
        return jvm.version() + " " + String.join(" ", command.subList(1, command.size() - 2));
    }

    /** Resident memory of every part, e.g. for the report of a run. */
    public Map<String, Long> rssKib() {
        Map<String, Long> rss = new LinkedHashMap<>();
        rss.put("launcher (Kafka, SMTP)", ChildProcess.rssKib(ProcessHandle.current().pid()));
        long pg = postgresRssKib();
        if (pg > 0) {
            rss.put("PostgreSQL", pg);
        }
        if (keycloak != null) {
            rss.put("Keycloak", keycloak.rssKib());
        }
        services.forEach((s, p) -> rss.put(s.module(), p.rssKib()));
        secondInstances.forEach((s, p) -> rss.put(p.name(), p.rssKib()));
        return rss;
    }

    private String memory() {
        return rssKib().entrySet().stream()
                .map(e -> e.getKey() + " " + (e.getValue() / 1024) + " MB")
                .collect(Collectors.joining(", "));
    }

    private long postgresRssKib() {
        try {
            Path pid = config.stateDir().resolve("postgres").resolve("postmaster.pid");
            if (!Files.exists(pid)) {
                return 0;
            }
            long postmaster = Long.parseLong(Files.readAllLines(pid, StandardCharsets.UTF_8).get(0).trim());
            long total = ChildProcess.rssKib(postmaster);
            for (ProcessHandle h : ProcessHandle.of(postmaster).map(p -> p.descendants().toList()).orElse(List.of())) {
                total += ChildProcess.rssKib(h.pid());
            }
            return total;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    String relative(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(config.root()) ? config.root().relativize(abs).toString() : abs.toString();
    }

    // ------------------------------------------------------------------ stopping

    void stopAndReport() {
        long t = System.nanoTime();
        console.line("Stopping the stack...");
        close();
        console.line(String.format(Locale.ROOT, "Stopped in %.1f s.", (System.nanoTime() - t) / 1e9));
    }

    /** For the shutdown hook: true if this call stopped it. */
    boolean stopIfRunning() {
        synchronized (this) {
            if (closed) {
                return false;
            }
        }
        console.line("Stopping the stack...");
        close();
        return true;
    }

    /** Stops the services, then Keycloak, Kafka, SMTP and PostgreSQL; nothing it started keeps running. */
    @Override
    public void close() {
        List<ChildProcess> children;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            children = new ArrayList<>(services.values());
            children.addAll(secondInstances.values());
        }
        List<CompletableFuture<Void>> stops = children.stream()
                .map(p -> CompletableFuture.runAsync(() -> p.stop(STOP_GRACE)))
                .toList();
        for (CompletableFuture<Void> f : stops) {
            try {
                f.join();
            } catch (CompletionException e) {
                // keep stopping the rest
            }
        }
        ChildProcess kc;
        synchronized (this) {
            kc = keycloak;
        }
        if (kc != null) {
            kc.stop(STOP_GRACE);
        }
        quietly(() -> {
            if (kafka != null) {
                kafka.close();
            }
        });
        quietly(() -> {
            if (smtp != null) {
                smtp.close();
            }
        });
        quietly(() -> {
            if (postgres != null) {
                postgres.close();
            }
        });
        if (watchdog != null) {
            watchdog.destroy();
        }
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            // already down, or going down with the JVM
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted");
        }
    }
}
