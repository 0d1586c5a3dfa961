package org.lmc.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.lmc.contracts.CloudEventHeaders;
import org.lmc.contracts.EventJson;
import org.lmc.contracts.EventTypes;
import org.lmc.contracts.Topics;
import org.lmc.contracts.registration.TeamConfirmed;
import org.lmc.contracts.registration.TeamMember;
import org.lmc.contracts.registration.TeamOrganisation;

/**
 * Events in, webhooks out: team-confirmed events are put on the registration topic at a fixed rate, exactly as
 * registration-service's outbox relay puts them after its commit; notification-service writes each one's inbox row
 * and webhook delivery and posts the signed webhook to a receiver on loopback. Latency runs from the moment the event
 * is handed to Kafka to the webhook's arrival, both clocks in this JVM. Email is switched off for the kind (the
 * organisations' preferences), so the figures are those of inbox plus webhook. Beside it, the raw single-row JDBC
 * insert rate into the same PostgreSQL, as the bound.
 */
final class NotificationBenchmark {
    static final double TARGET_P99_MILLIS = 250;
    static final int BASE_RATE = 200;
    private static final int ORGANISATIONS = 20;

    private final StackConfig config;
    private final Console console;
    private final String kafkaBootstrap;
    private final Function<String, String> jdbcUrlOf;
    private final Duration measure;
    private final Duration warmup;
    private final List<Integer> higherRates;
    private final Http http = new Http();
    private final long servicePid;
    private final KeycloakTokens tokens;
    private final Map<String, Long> sentNanos = new ConcurrentHashMap<>();
    private final Map<String, Long> arrivedNanos = new ConcurrentHashMap<>();

    /** One measured rate. */
    record Phase(String label, int rate, int sent, int arrived, double seconds, double deliveredPerSecond, long[] sortedNanos,
            double cpuMillisPerEvent) {
        double percentileMillis(double p) {
            if (sortedNanos.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100 * sortedNanos.length) - 1;
            return sortedNanos[Math.max(0, Math.min(index, sortedNanos.length - 1))] / 1e6;
        }

        boolean held() {
            return arrived == sent && percentileMillis(99) <= 1000;
        }
    }

    NotificationBenchmark(StackConfig config, Console console, String kafkaBootstrap, Function<String, String> jdbcUrlOf,
            long servicePid, Map<String, String> env) {
        this.config = config;
        this.servicePid = servicePid;
        this.console = console;
        this.kafkaBootstrap = kafkaBootstrap;
        this.jdbcUrlOf = jdbcUrlOf;
        this.measure = Duration.ofSeconds(Long.parseLong(env.getOrDefault("LMC_BENCH_SECONDS", "30")));
        this.warmup = Duration.ofSeconds(Long.parseLong(env.getOrDefault("LMC_BENCH_WARMUP_SECONDS", "30")));
        this.higherRates = Arrays.stream(env.getOrDefault("LMC_BENCH_RATES", "400,600,800,1200").split("[,\\s]+"))
                .filter(s -> !s.isBlank()).map(Integer::parseInt).toList();
        this.tokens = new KeycloakTokens(config, http);
    }

    String run() throws Exception {
        console.line("");
        console.line("Benchmark: events in, webhooks out (inbox row + signed webhook per team-confirmed event), "
                + measure.toSeconds() + " s per rate after a " + warmup.toSeconds() + " s warm-up at " + BASE_RATE + "/s.");
        ExecutorService receiverThreads = Executors.newFixedThreadPool(8);
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        receiver.createContext("/hook", exchange -> {
            long now = System.nanoTime();
            exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            if (id != null) {
                arrivedNanos.putIfAbsent(id.substring("evt_".length()), now);
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.setExecutor(receiverThreads);
        receiver.start();
        // Asynchronous sends, as a relay batches them: the generator keeps its rate whatever the broker's ack time.
        try (KafkaProducer<String, byte[]> events = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            List<TeamOrganisation> organisations = prepare("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
            double rawRate = rawInserts(Duration.ofSeconds(10));
            phase(events, organisations, "warm-up", BASE_RATE, warmup);
            List<Phase> phases = new ArrayList<>();
            phases.add(phase(events, organisations, "measure", BASE_RATE, measure));
            for (int rate : higherRates) {
                Phase p = phase(events, organisations, "measure", rate, measure);
                phases.add(p);
                if (!p.held()) {
                    break;
                }
            }
            String table = table(phases, rawRate);
            console.line("");
            console.line(table);
            Path saved = config.stateDir().resolveSibling("bench").resolve("notification-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
            Files.createDirectories(saved.getParent());
            Files.writeString(saved, table + System.lineSeparator());
            console.line("Saved to " + config.root().relativize(saved));
            return table;
        } finally {
            receiver.stop(0);
            receiverThreads.shutdownNow();
        }
    }

    /** The agency's subscription to TEAM_CONFIRMED, and email switched off for it in every benchmark organisation. */
    private List<TeamOrganisation> prepare(String url) {
        String notification = config.serviceUrl(ServiceDef.NOTIFICATION);
        Http.Response subscribed = http.postJson(notification + "/api/v1/webhooks", tokens.agency(),
                Map.of("url", url, "kinds", List.of("TEAM_CONFIRMED")), Map.of());
        if (subscribed.status() != 201) {
            throw new DemoFailure("POST /api/v1/webhooks answered " + subscribed.status() + ": " + subscribed.brief());
        }
        String admin = tokens.user("admin");
        List<TeamOrganisation> organisations = new ArrayList<>();
        for (int i = 0; i < ORGANISATIONS; i++) {
            String orgId = String.format(Locale.ROOT, "08%05d", 90_000 + i);
            organisations.add(new TeamOrganisation("DISTRICT", orgId, "Benchmark District " + i, "CO"));
            Http.Response put = http.putJson(notification + "/api/v1/preferences?orgId=" + orgId, admin, Map.of("preferences",
                    List.of(Map.of("kind", "TEAM_CONFIRMED", "channel", "EMAIL", "mode", "OFF"))));
            if (put.status() != 200) {
                throw new DemoFailure("PUT /api/v1/preferences answered " + put.status() + ": " + put.brief());
            }
        }
        console.step("subscribed " + url + " to TEAM_CONFIRMED; email off for it in " + ORGANISATIONS + " organisations");
        return organisations;
    }

    private Phase phase(KafkaProducer<String, byte[]> events, List<TeamOrganisation> organisations, String label, int rate, Duration duration)
            throws InterruptedException, java.io.IOException {
        console.step(label + ": " + rate + " events/s for " + duration.toSeconds() + " s");
        sentNanos.clear();
        arrivedNanos.clear();
        long periodNanos = 1_000_000_000L / rate;
        long cpuBefore = LoadTools.cpuMillis(servicePid);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        int sent = 0;
        while (true) {
            long due = start + sent * periodNanos;
            if (due >= end) {
                break;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            TeamOrganisation org = organisations.get(sent % organisations.size());
            UUID teamId = UUID.randomUUID();
            TeamConfirmed confirmed = new TeamConfirmed(teamId, UUID.randomUUID(), org,
                    List.of(new TeamMember(UUID.randomUUID(), "Member " + sent, "member" + sent + "@bench.example.org", "SUPERINTENDENT",
                            Instant.now())), 1, false, "CONFIRMED", Instant.now());
            String id = UUID.randomUUID().toString();
            byte[] data = EventJson.write(confirmed);
            sentNanos.put(id, System.nanoTime());
            events.send(record(id, teamId.toString(), data));
            sent++;
        }
        long sendEnd = System.nanoTime();
        long drainUntil = sendEnd + Duration.ofSeconds(20).toNanos();
        while (arrivedNanos.size() < sent && System.nanoTime() < drainUntil) {
            Thread.sleep(50);
        }
        long[] latencies = sentNanos.entrySet().stream().filter(e -> arrivedNanos.containsKey(e.getKey()))
                .mapToLong(e -> arrivedNanos.get(e.getKey()) - e.getValue()).sorted().toArray();
        long lastArrival = arrivedNanos.values().stream().mapToLong(Long::longValue).max().orElse(sendEnd);
        double seconds = (Math.max(lastArrival, sendEnd) - start) / 1e9;
        // The service's CPU over sending and draining, per event delivered: steadier than rates on a busy machine.
        double cpuPerEvent = latencies.length == 0 ? Double.NaN : (LoadTools.cpuMillis(servicePid) - cpuBefore) / (double) latencies.length;
        Phase phase = new Phase(label, rate, sent, latencies.length, seconds, latencies.length / seconds, latencies, cpuPerEvent);
        console.step(String.format(Locale.ROOT, "   sent %d at %.0f/s, %d webhooks arrived (%.0f/s), p50 %.1f ms, p99 %.1f ms,"
                + " service CPU %.2f ms/event", sent, sent / ((sendEnd - start) / 1e9), phase.arrived(), phase.deliveredPerSecond(),
                phase.percentileMillis(50), phase.percentileMillis(99), cpuPerEvent));
        return phase;
    }

    /** A team-confirmed CloudEvent in binary mode, as registration-service's relay sends it. */
    private static ProducerRecord<String, byte[]> record(String id, String key, byte[] data) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.ID, id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.TYPE, EventTypes.TEAM_CONFIRMED_V1.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.SOURCE, EventTypes.REGISTRATION_SOURCE.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.TIME, Instant.now().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.SUBJECT, key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new ProducerRecord<>(Topics.REGISTRATION_EVENTS, null, key, data, headers);
    }

    /** Single-row inserts, one per transaction, from 2 clients, into the same PostgreSQL: what bounds any write path. */
    private double rawInserts(Duration duration) throws Exception {
        String url = jdbcUrlOf.apply(RegistrationBenchmark.RAW_DATABASE);
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS notification_raw (id uuid PRIMARY KEY, payload text NOT NULL)");
        }
        long end = System.nanoTime() + duration.toNanos();
        long[] counts = new long[2];
        Thread[] clients = new Thread[2];
        for (int i = 0; i < clients.length; i++) {
            int n = i;
            clients[i] = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                        PreparedStatement insert = c.prepareStatement("INSERT INTO notification_raw VALUES (?, ?)")) {
                    while (System.nanoTime() < end) {
                        insert.setObject(1, UUID.randomUUID());
                        insert.setString(2, "raw");
                        insert.executeUpdate();
                        counts[n]++;
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            clients[i].start();
        }
        for (Thread t : clients) {
            t.join();
        }
        double rate = (counts[0] + counts[1]) / (double) duration.toSeconds();
        console.step(String.format(Locale.ROOT, "raw single-row inserts, 2 clients: %.0f/s", rate));
        return rate;
    }

    private static String table(List<Phase> phases, double rawRate) {
        StringBuilder t = new StringBuilder();
        t.append("| offered events/s | sent | webhooks arrived | delivered/s | p50 ms | p99 ms | max ms | p99 <= ")
                .append((int) TARGET_P99_MILLIS).append(" ms | service CPU ms/event |\n");
        t.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Phase p : phases) {
            t.append(String.format(Locale.ROOT, "| %d | %d | %d | %.0f | %.1f | %.1f | %.1f | %s | %.2f |%n", p.rate(), p.sent(), p.arrived(),
                    p.deliveredPerSecond(), p.percentileMillis(50), p.percentileMillis(99), p.percentileMillis(100),
                    p.percentileMillis(99) <= TARGET_P99_MILLIS ? "yes" : "no", p.cpuMillisPerEvent()));
        }
        int sustained = phases.stream().filter(Phase::held).mapToInt(Phase::rate).max().orElse(0);
        t.append(String.format(Locale.ROOT, "%nHighest offered rate fully delivered with p99 under 1 s: %d events/s."
                + " Raw single-row JDBC inserts into the same PostgreSQL (embedded, fsync off), 2 clients: %.0f/s; each event costs"
                + " the service about 6 row writes (inbox dedupe, directory team and member, notification, delivery, attempt,"
                + " outbox event) plus the webhook call.%n", sustained, rawRate));
        t.append("Latency: from handing the event to Kafka (what the producer's outbox relay does right after its commit) to the"
                + " webhook's arrival at a receiver on loopback; one machine, every piece on it (Kafka in the launcher JVM).");
        return t.toString();
    }
}
