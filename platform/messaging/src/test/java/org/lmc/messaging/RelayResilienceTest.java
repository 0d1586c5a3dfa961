package org.lmc.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.smallrye.health.api.HealthGroup;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.lmc.testing.EventProbe;
import org.lmc.testing.KafkaOutage;
import org.lmc.testing.LmcTestStack;

/** The relay against a broker stopped while writers keep writing, and against a row Kafka always refuses. */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "messaging"))
class RelayResilienceTest {
    private static final Logger LOG = Logger.getLogger(RelayResilienceTest.class);
    private static final int AGGREGATES = 6;

    @Inject
    Outbox outbox;
    @Inject
    OutboxRelay relay;
    @Inject
    @HealthGroup("lmc-alerts")
    MessagingAlertsCheck alerts;
    @Inject
    TestDatabase database;
    @Inject
    DataSource dataSource;
    @Inject
    MeterRegistry metrics;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aBrokerStoppedFor30SecondsWhileWritersKeepWritingDeliversEveryEventInOrderPerAggregate() throws Exception {
        String run = UUID.randomUUID().toString();
        List<String> aggregates = new ArrayList<>();
        Map<String, AtomicInteger> next = new LinkedHashMap<>();
        for (int i = 0; i < AGGREGATES; i++) {
            aggregates.add(run + "-" + i);
            next.put(run + "-" + i, new AtomicInteger());
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService writers = Executors.newFixedThreadPool(3);
        long drainMillis;
        Map<String, List<String>> firstSeen = new LinkedHashMap<>();
        int copies;
        try (EventProbe probe = EventProbe.open(bootstrap, OutboxInboxTest.TOPIC)) {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                running.add(writers.submit(() -> {
                    while (writing.get()) {
                        write(aggregates.get(ThreadLocalRandom.current().nextInt(AGGREGATES)), next);
                        TimeUnit.MILLISECONDS.sleep(40);
                    }
                    return null;
                }));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> probe.readFor(Duration.ofMillis(200)).stream()
                    .filter(e -> e.key() != null && e.key().startsWith(run)).count() >= 10);
            double failuresBefore = metrics.counter("lmc.outbox.relay.failures").count();
            KafkaOutage.takeDown();
            long stopped = System.nanoTime();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> metrics.counter("lmc.outbox.relay.failures").count() > failuresBefore);
                // The outage itself: its length is what is under test.
                TimeUnit.NANOSECONDS.sleep(Math.max(0, TimeUnit.SECONDS.toNanos(30) - (System.nanoTime() - stopped)));
                assertThat(relay.backlog().pending()).isPositive();
                assertThat(relay.backlog().oldestAgeSeconds()).isGreaterThan(20);
            } finally {
                KafkaOutage.bringBack();
            }
            long back = System.nanoTime();
            Map<String, Integer> writtenAtReturn = snapshot(next);
            for (Map.Entry<String, Integer> last : writtenAtReturn.entrySet()) {
                if (last.getValue() > 0) {
                    String label = String.valueOf(last.getValue() - 1);
                    probe.await(e -> last.getKey().equals(e.key()) && label.equals(e.data().get("label").asText()), Duration.ofSeconds(120));
                }
            }
            drainMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back);
            TimeUnit.SECONDS.sleep(1);
            writing.set(false);
            for (Future<?> f : running) {
                f.get(30, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> unsent(run) == 0);
            List<EventProbe.Event> seen = probe.drain(Duration.ofSeconds(2)).stream().filter(e -> e.key() != null && e.key().startsWith(run))
                    .toList();
            copies = seen.size();
            Set<String> ids = new LinkedHashSet<>();
            for (EventProbe.Event e : seen) {
                if (ids.add(e.id())) {
                    firstSeen.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e.data().get("label").asText());
                }
            }
        } finally {
            writing.set(false);
            writers.shutdownNow();
        }
        int total = 0;
        for (String aggregate : aggregates) {
            int written = next.get(aggregate).get();
            total += written;
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < written; i++) {
                expected.add(String.valueOf(i));
            }
            assertThat(firstSeen.getOrDefault(aggregate, List.of())).as("events of " + aggregate + ", each once, in the order written")
                    .isEqualTo(expected);
        }
        LOG.infof("broker outage of 30 s: %d events from 3 writers, %d records on the topic (%d resent), backlog delivered %d ms"
                + " after the broker's return", total, copies, copies - total, drainMillis);
        int expectedEffects = total;
        await().atMost(Duration.ofSeconds(60)).until(() -> database.count("SELECT count(*) FROM test_effect WHERE thing_id LIKE ?",
                run + "-%") == expectedEffects);
    }

    /** A writer as services write: the aggregate's lock first, then the outbox append, in one transaction. */
    private void write(String aggregate, Map<String, AtomicInteger> next) {
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                lock.setString(1, aggregate);
                lock.executeQuery().close();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            int n = next.get(aggregate).getAndIncrement();
            outbox.publish(new PendingEvent(ThingHappened.TYPE, aggregate, new ThingHappened(aggregate + "-" + n, String.valueOf(n), false)));
        });
    }

    @Test
    void aRowKafkaAlwaysRefusesIsParkedAndHoldsBackOnlyItsAggregate() {
        String held = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        String tooLarge = UUID.randomUUID().toString();
        try (EventProbe probe = EventProbe.open(bootstrap, OutboxInboxTest.TOPIC)) {
            QuarkusTransaction.requiringNew().run(() -> {
                // Written as a producer bug would: 2 MB, beyond what Kafka takes in one record.
                try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO lmc_outbox"
                        + " (event_id, topic, record_key, event_type, source, occurred_at, payload) VALUES (?, ?, ?, ?, ?, ?, ?::json)")) {
                    s.setObject(1, UUID.fromString(tooLarge));
                    s.setString(2, OutboxInboxTest.TOPIC);
                    s.setString(3, held);
                    s.setString(4, ThingHappened.TYPE);
                    s.setString(5, "/lmc/messaging-test");
                    s.setTimestamp(6, Timestamp.from(Instant.now()));
                    s.setString(7, "{\"thingId\":\"" + held + "\",\"label\":\"" + "x".repeat(2 * 1024 * 1024) + "\",\"poison\":false}");
                    s.executeUpdate();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
                outbox.publish(new PendingEvent(ThingHappened.TYPE, held, new ThingHappened(held, "after the refused one", false)));
                outbox.publish(new PendingEvent(ThingHappened.TYPE, other, new ThingHappened(other, "another aggregate", false)));
            });

            probe.awaitType(ThingHappened.TYPE, other);
            await().atMost(Duration.ofSeconds(30)).until(() -> database.count(
                    "SELECT count(*) FROM lmc_outbox WHERE event_id = ?::uuid AND parked_at IS NOT NULL", tooLarge) == 1);
            assertThat(database.column("SELECT send_attempts || ' ' || park_reason FROM lmc_outbox WHERE event_id = ?::uuid", tooLarge))
                    .singleElement().satisfies(r -> assertThat(r).startsWith("5 RecordTooLargeException"));
            assertThat(database.count("SELECT count(*) FROM lmc_outbox WHERE record_key = ? AND sent_at IS NULL", held))
                    .as("the refused row and the one behind it").isEqualTo(2);
            await().atMost(Duration.ofSeconds(5)).until(() -> relay.backlog().parked() == 1 && relay.backlog().held() == 1);
            assertThat(metrics.get("lmc.outbox.parked").gauge().value()).isEqualTo(1);
            assertThat(metrics.get("lmc.outbox.held").gauge().value()).isEqualTo(1);
            HealthCheckResponse alert = alerts.call();
            assertThat(alert.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(alert.getData().orElseThrow()).containsEntry("outboxParked", 1L);
            assertThat(probe.drain(Duration.ofSeconds(1))).noneMatch(e -> held.equals(e.key()));

            // An operator removes the refused row: the aggregate's next event goes out.
            database.update("DELETE FROM lmc_outbox WHERE event_id = ?::uuid", tooLarge);
            EventProbe.Event next = probe.awaitType(ThingHappened.TYPE, held);
            assertThat(next.data(ThingHappened.class)).isEqualTo(new ThingHappened(held, "after the refused one", false));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> relay.backlog().parked() == 0);
    }

    private long unsent(String run) {
        return database.count("SELECT count(*) FROM lmc_outbox WHERE record_key LIKE ? AND sent_at IS NULL", run + "-%");
    }

    private static Map<String, Integer> snapshot(Map<String, AtomicInteger> next) {
        Map<String, Integer> copy = new LinkedHashMap<>();
        next.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }
}
