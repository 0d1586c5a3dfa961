package org.lmc.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.lmc.contracts.CloudEventHeaders;
import org.lmc.contracts.EventJson;
import org.lmc.testing.DatabaseOutage;
import org.lmc.testing.EventProbe;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.TestEvents;

/**
 * The consumer against its database going away while events flow, a poisonous event among good ones, and the
 * replay of dead letters. The outage lengths come from {@code -Dlmc.test.database-outages} (seconds, comma
 * separated; 10 by default, {@code 10,60} for the long run in the README).
 */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "messaging"))
class ConsumerResilienceTest {
    private static final Logger LOG = Logger.getLogger(ConsumerResilienceTest.class);
    static final String CONSUMER = "messaging-test";

    @Inject
    TestDatabase database;
    @Inject
    DeadLetters deadLetters;
    @Inject
    @Readiness
    MessagingHealthCheck health;
    @Inject
    MeterRegistry metrics;
    @Inject
    InboxConsumer consumer;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void eventsFlowingThroughDatabaseOutagesAreAppliedExactlyOnceAndNoneIsDeadLettered() throws Exception {
        String lengths = System.getProperty("lmc.test.database-outages", "10");
        for (String seconds : lengths.split(",")) {
            rideOut(Integer.parseInt(seconds.trim()));
        }
    }

    private void rideOut(int outageSeconds) throws Exception {
        String run = UUID.randomUUID().toString();
        double retriesBefore = retries(Failures.DATABASE_UNAVAILABLE);
        AtomicInteger sent = new AtomicInteger();
        AtomicBoolean sending = new AtomicBoolean(true);
        ExecutorService producer = Executors.newSingleThreadExecutor();
        long drainMillis;
        int backlogAtReturn;
        try (TestEvents events = TestEvents.connect(bootstrap);
                EventProbe deadLetterTopic = EventProbe.open(bootstrap, OutboxInboxTest.DLQ)) {
            // About 20 events a second over 8 aggregates, as a producing service would send them, all along.
            Future<?> flow = producer.submit(() -> {
                for (int n = 0; sending.get(); n++) {
                    events.send(OutboxInboxTest.TOPIC, ThingHappened.TYPE, run + "-" + (n % 8),
                            new ThingHappened(run + "-" + n, "outage", false));
                    sent.incrementAndGet();
                    TimeUnit.MILLISECONDS.sleep(50);
                }
                return null;
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> effects(run) >= 20);

            long returned;
            try (DatabaseOutage outage = database.outage()) {
                long began = System.nanoTime();
                await().atMost(Duration.ofSeconds(outageSeconds)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    HealthCheckResponse h = health.call();
                    return h.getStatus() == HealthCheckResponse.Status.DOWN && String.valueOf(h.getData().orElseThrow()
                            .get("inboxWaitingFor")).startsWith(Failures.DATABASE_UNAVAILABLE);
                });
                // The outage itself: the length is what is under test, so here a plain wait is the point.
                long left = TimeUnit.SECONDS.toNanos(outageSeconds) - (System.nanoTime() - began);
                TimeUnit.NANOSECONDS.sleep(Math.max(0, left));
                outage.terminateSessions();
                backlogAtReturn = sent.get();
                outage.end();
                returned = System.nanoTime();
            }
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> effects(run) >= backlogAtReturn);
            drainMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - returned);
            TimeUnit.SECONDS.sleep(1);
            sending.set(false);
            flow.get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(60)).until(() -> effects(run) == sent.get());
            assertThat(deadLetterTopic.drain(Duration.ofSeconds(1))).noneMatch(e -> e.key().startsWith(run));
        } finally {
            sending.set(false);
            producer.shutdownNow();
        }
        int total = sent.get();
        LOG.infof("database outage of %d s: %d events, backlog of %d events at the database's return drained %d ms after it",
                outageSeconds, total, backlogAtReturn, drainMillis);
        assertThat(database.count("SELECT count(DISTINCT e.event_id) FROM test_effect e JOIN lmc_inbox i ON i.event_id = e.event_id"
                + " AND i.consumer = ? AND i.outcome = 'PROCESSED' WHERE e.thing_id LIKE ?", CONSUMER, run + "-%"))
                .as("every event applied once, with its inbox row").isEqualTo(total);
        assertThat(effects(run)).isEqualTo(total);
        assertThat(database.count("SELECT count(*) FROM lmc_dead_letter WHERE record_key LIKE ?", run + "-%")).isZero();
        assertThat(retries(Failures.DATABASE_UNAVAILABLE)).isGreaterThan(retriesBefore);
        await().atMost(Duration.ofSeconds(10)).until(() -> health.call().getStatus() == HealthCheckResponse.Status.UP);
        // Paused from the first failed delivery (a moment after the outage began) to the first one through again.
        assertThat(consumer.lastOutage()).isGreaterThan(Duration.ofSeconds(outageSeconds).multipliedBy(3).dividedBy(4));
    }

    /**
     * While the consumer waits for its database, another member joins its group and leaves again (as when the service
     * was stopped past its session timeout and comes back): the partitions it gets back arrive unpaused, and records the
     * waiting poll returns must be read again, not skipped. Found by the fault harness, where notification-service lost
     * dozens of events this way.
     */
    @Test
    void eventsReturnedByARebalanceWhileTheConsumerWaitsAreAppliedAfterTheWait() throws Exception {
        String run = UUID.randomUUID().toString();
        int total = 60;
        try (TestEvents events = TestEvents.connect(bootstrap)) {
            try (DatabaseOutage outage = database.outage()) {
                for (int n = 0; n < total / 2; n++) {
                    events.send(OutboxInboxTest.TOPIC, ThingHappened.TYPE, run + "-" + (n % 8),
                            new ThingHappened(run + "-" + n, "rebalance", false));
                }
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                        .until(() -> health.call().getStatus() == HealthCheckResponse.Status.DOWN);
                java.util.Properties p = new java.util.Properties();
                p.put("bootstrap.servers", bootstrap);
                p.put("group.id", CONSUMER);
                p.put("enable.auto.commit", "false");
                p.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
                p.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
                try (var other = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(p)) {
                    other.subscribe(List.of(OutboxInboxTest.TOPIC));
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
                    while (System.nanoTime() < until && other.assignment().isEmpty()) {
                        other.poll(Duration.ofMillis(200));
                    }
                }
                // The partitions go back to the waiting consumer; more events arrive meanwhile.
                for (int n = total / 2; n < total; n++) {
                    events.send(OutboxInboxTest.TOPIC, ThingHappened.TYPE, run + "-" + (n % 8),
                            new ThingHappened(run + "-" + n, "rebalance", false));
                }
                TimeUnit.SECONDS.sleep(6);
                outage.terminateSessions();
                outage.end();
            }
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> effects(run) >= total);
        }
        assertThat(effects(run)).as("every event applied once, none skipped by the rebalance").isEqualTo(total);
    }

    @Test
    void anErrorThrownByAHandlerIsRetriedLikeAnyFailureAndTheConsumerCarriesOn() {
        String crashing = UUID.randomUUID().toString();
        String later = UUID.randomUUID().toString();
        long restartsBefore = consumer.restarts();
        double retriesBefore = retries(Failures.HANDLER_FAILURE);
        ThingEffects.CRASH_ONCE.add(crashing);
        String crashingId;
        String laterId;
        try (TestEvents events = TestEvents.connect(bootstrap)) {
            crashingId = events.send(OutboxInboxTest.TOPIC, ThingHappened.TYPE, crashing, new ThingHappened(crashing, "crash", false));
            laterId = events.send(OutboxInboxTest.TOPIC, ThingHappened.TYPE, crashing, new ThingHappened(later, "later", false));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> effectIds(later).size() == 1);
        assertThat(effectIds(crashing)).containsExactly(crashingId);
        assertThat(effectIds(later)).containsExactly(laterId);
        assertThat(ThingEffects.CRASH_ONCE).doesNotContain(crashing);
        assertThat(retries(Failures.HANDLER_FAILURE)).isGreaterThanOrEqualTo(retriesBefore + 1);
        assertThat(consumer.restarts()).isEqualTo(restartsBefore);
        assertThat(consumer.isRunning()).isTrue();
        assertThat(database.count("SELECT count(*) FROM lmc_dead_letter WHERE event_id = ?", crashingId)).isZero();
        assertThat(health.call().getData().orElseThrow()).containsEntry("inboxRestarts", restartsBefore);
    }

    @Test
    void aBadSchemaEventAmongGoodOnesIsDeadLetteredOnceAndDoesNotHoldThemUp() {
        String key = UUID.randomUUID().toString();
        String badId = UUID.randomUUID().toString();
        try (EventProbe deadLetterTopic = EventProbe.open(bootstrap, OutboxInboxTest.DLQ);
                TestEvents events = TestEvents.connect(bootstrap)) {
            String before = events.send(OutboxInboxTest.TOPIC, ThingHappened.TYPE, key, new ThingHappened(key + "-before", "good", false));
            // The label is longer than the schema allows: this event can never succeed.
            byte[] bad = EventJson.write(new ThingHappened(key + "-bad", "x".repeat(101), false));
            events.send(OutboxInboxTest.TOPIC, badId, ThingHappened.TYPE, key, bad);
            String after = events.send(OutboxInboxTest.TOPIC, ThingHappened.TYPE, key, new ThingHappened(key + "-after", "good", false));
            // The producer sends it again: still one dead letter.
            events.send(OutboxInboxTest.TOPIC, badId, ThingHappened.TYPE, key, bad);
            String marker = events.send(OutboxInboxTest.TOPIC, ThingHappened.TYPE, key, new ThingHappened(key + "-marker", "good", false));

            await().atMost(Duration.ofSeconds(30)).until(() -> database.column("SELECT event_id FROM test_effect WHERE thing_id LIKE ?",
                    key + "-%").contains(marker));
            assertThat(database.column("SELECT thing_id FROM test_effect WHERE thing_id LIKE ? ORDER BY thing_id", key + "-%"))
                    .containsExactly(key + "-after", key + "-before", key + "-marker");
            assertThat(database.column("SELECT event_id FROM test_effect WHERE thing_id IN (?, ?)", key + "-before", key + "-after"))
                    .containsExactlyInAnyOrder(before, after);
            List<EventProbe.Event> parked = deadLetterTopic.drain(Duration.ofSeconds(2)).stream().filter(e -> key.equals(e.key())).toList();
            assertThat(parked).hasSize(1);
            assertThat(parked.get(0).id()).isEqualTo(badId);
            assertThat(parked.get(0).headers().get(CloudEventHeaders.DLQ_REASON)).startsWith("data violates the schema of "
                    + ThingHappened.TYPE).contains("label");
            assertThat(parked.get(0).headers()).containsEntry(CloudEventHeaders.DLQ_ATTEMPTS, "1")
                    .containsEntry(CloudEventHeaders.DLQ_CONSUMER, CONSUMER);
        }
        assertThat(ThingEffects.ATTEMPTS).as("the handler never saw it").doesNotContainKey(key + "-bad");
        assertThat(deadLetters.list(CONSUMER, false, 1000)).filteredOn(d -> d.eventId().equals(badId)).singleElement()
                .satisfies(d -> {
                    assertThat(d.reasonKind()).isEqualTo("schema");
                    assertThat(d.attempts()).isEqualTo(1);
                    assertThat(d.key()).isEqualTo(key);
                    assertThat(d.eventType()).isEqualTo(ThingHappened.TYPE);
                    assertThat(d.publishedAt()).isNotNull();
                    assertThat(d.redrivenAt()).isNull();
                });
        assertThat(database.count("SELECT count(*) FROM lmc_inbox WHERE consumer = ? AND event_id = ? AND outcome = 'DEAD_LETTERED'",
                CONSUMER, badId)).isEqualTo(1);
        Counter schemaDeadLetters = metrics.find("lmc.inbox.dead.letters").tags("consumer", CONSUMER, "reason", "schema").counter();
        assertThat(schemaDeadLetters).isNotNull();
        assertThat(schemaDeadLetters.count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aRedrivenDeadLetterHasExactlyOneEffectHoweverOftenItIsReplayed() throws Exception {
        String cured = UUID.randomUUID().toString();
        String stillPoison = UUID.randomUUID().toString();
        String curedId = UUID.randomUUID().toString();
        String stillPoisonId = UUID.randomUUID().toString();
        try (TestEvents events = TestEvents.connect(bootstrap)) {
            events.send(OutboxInboxTest.TOPIC, curedId, ThingHappened.TYPE, cured, EventJson.write(new ThingHappened(cured, "p", true)));
            events.send(OutboxInboxTest.TOPIC, stillPoisonId, ThingHappened.TYPE, stillPoison,
                    EventJson.write(new ThingHappened(stillPoison, "p", true)));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> openIds().containsAll(List.of(curedId, stillPoisonId)));
        DeadLetters.DeadLetter letter = deadLetters.list(CONSUMER, false, 1000).stream().filter(d -> d.eventId().equals(curedId))
                .findFirst().orElseThrow();
        assertThat(letter.reason()).startsWith("failed 3 times: IllegalStateException: poison thing " + cured);
        assertThat(letter.reasonKind()).isEqualTo("handler-failure");
        assertThat(letter.attempts()).isEqualTo(3);
        assertThat(effectIds(cured)).isEmpty();

        // The cause is fixed; two operators replay it at the same moment.
        ThingEffects.FIXED.add(cured);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Optional<DeadLetters.RedriveResult>>> replays = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            replays.add(pool.submit(() -> deadLetters.redrive(CONSUMER, curedId)));
        }
        List<DeadLetters.RedriveOutcome> outcomes = new ArrayList<>();
        for (var r : replays) {
            outcomes.add(r.get(30, TimeUnit.SECONDS).orElseThrow().outcome());
        }
        pool.shutdown();
        assertThat(outcomes).containsExactlyInAnyOrder(DeadLetters.RedriveOutcome.PROCESSED, DeadLetters.RedriveOutcome.ALREADY_REDRIVEN);
        assertThat(deadLetters.redrive(CONSUMER, curedId)).hasValue(
                new DeadLetters.RedriveResult(curedId, DeadLetters.RedriveOutcome.ALREADY_REDRIVEN, null));
        assertThat(effectIds(cured)).containsExactly(curedId);
        assertThat(database.count("SELECT count(*) FROM lmc_inbox WHERE consumer = ? AND event_id = ? AND outcome = 'PROCESSED'",
                CONSUMER, curedId)).isEqualTo(1);
        assertThat(openIds()).doesNotContain(curedId).contains(stillPoisonId);
        assertThat(deadLetters.list(CONSUMER, true, 1000)).filteredOn(d -> d.eventId().equals(curedId)).singleElement()
                .satisfies(d -> assertThat(d.redrivenAt()).isNotNull());

        // Not fixed: the replay fails, the dead letter stays with the new reason, and nothing happened.
        Optional<DeadLetters.RedriveResult> failed = deadLetters.redrive(CONSUMER, stillPoisonId);
        assertThat(failed).hasValueSatisfying(r -> {
            assertThat(r.outcome()).isEqualTo(DeadLetters.RedriveOutcome.FAILED);
            assertThat(r.reason()).contains("poison thing " + stillPoison);
        });
        assertThat(effectIds(stillPoison)).isEmpty();
        assertThat(deadLetters.list(CONSUMER, false, 1000)).filteredOn(d -> d.eventId().equals(stillPoisonId)).singleElement()
                .satisfies(d -> assertThat(d.redriveError()).contains("poison thing " + stillPoison));
        assertThat(deadLetters.redrive(CONSUMER, UUID.randomUUID().toString())).isEmpty();

        // Fixed later: "all" replays it, once.
        ThingEffects.FIXED.add(stillPoison);
        assertThat(deadLetters.redriveAll(CONSUMER)).contains(
                new DeadLetters.RedriveResult(stillPoisonId, DeadLetters.RedriveOutcome.PROCESSED, null));
        assertThat(deadLetters.redriveAll(CONSUMER)).noneMatch(r -> r.eventId().equals(stillPoisonId));
        assertThat(effectIds(stillPoison)).containsExactly(stillPoisonId);
    }

    private List<String> openIds() {
        return deadLetters.list(CONSUMER, false, 1000).stream().map(DeadLetters.DeadLetter::eventId).toList();
    }

    private List<String> effectIds(String thing) {
        return database.column("SELECT event_id FROM test_effect WHERE thing_id = ?", thing);
    }

    private long effects(String run) {
        return database.count("SELECT count(*) FROM test_effect WHERE thing_id LIKE ?", run + "-%");
    }

    private double retries(String reason) {
        Counter c = metrics.find("lmc.inbox.retries").tags("consumer", CONSUMER, "reason", reason).counter();
        return c == null ? 0 : c.count();
    }
}
