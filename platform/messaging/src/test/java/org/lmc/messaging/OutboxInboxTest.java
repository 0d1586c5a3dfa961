package org.lmc.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lmc.contracts.CloudEventHeaders;
import org.lmc.contracts.EventJson;
import org.lmc.contracts.Topics;
import org.lmc.sql.Sql;
import org.lmc.testing.EventProbe;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.TestEvents;

@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "messaging"))
class OutboxInboxTest {
    static final String TOPIC = "lmc.test.events";
    static final String DLQ = Topics.deadLetter(TOPIC, "messaging-test");

    @Inject
    Outbox outbox;
    @Inject
    OutboxRelay relay;
    @Inject
    KafkaClients kafka;
    @Inject
    MessagingConfig config;
    @Inject
    DataSource dataSource;
    @Inject
    Sql sql;
    @Inject
    MeterRegistry metrics;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aCommittedEventIsSentWithKeyAndCloudEventsHeadersAndHasOneEffect() {
        String thing = UUID.randomUUID().toString();
        try (EventProbe probe = EventProbe.open(bootstrap, TOPIC)) {
            UUID id = QuarkusTransaction.requiringNew().call(() -> outbox.publish(event(thing, "first", false)));

            EventProbe.Event e = probe.awaitType(ThingHappened.TYPE, thing);
            assertThat(e.id()).isEqualTo(id.toString());
            assertThat(e.subject()).isEqualTo(thing);
            assertThat(e.headers()).containsEntry(CloudEventHeaders.SOURCE, "/lmc/messaging-test")
                    .containsEntry(CloudEventHeaders.SPEC_VERSION, "1.0")
                    .containsEntry(CloudEventHeaders.CONTENT_TYPE, "application/json")
                    .containsKey(CloudEventHeaders.TIME);
            assertThat(e.data(ThingHappened.class)).isEqualTo(new ThingHappened(thing, "first", false));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> effects(thing).size() == 1);
        assertThat(unsentRows()).isZero();
    }

    @Test
    void rowsRunWithTheWritersOwnStatementsAreSentInOrderOnCommitAndNeverOnRollback() throws Exception {
        String thing = UUID.randomUUID().toString();
        String rolledBack = UUID.randomUUID().toString();
        try (EventProbe probe = EventProbe.open(bootstrap, TOPIC)) {
            List<UUID> ids = QuarkusTransaction.requiringNew().call(() -> {
                Outbox.Rows rows = outbox.rows(List.of(event(thing, "first", false), event(thing, "second", false)));
                // The writer's own statement and the rows in one round trip, as a path holding a hot lock sends them.
                runAfterOwnStatement(rows);
                return rows.ids();
            });
            assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
                runAfterOwnStatement(outbox.rows(List.of(event(rolledBack, "never", false))));
                throw new IllegalStateException("a business rule broke after the rows were written");
            })).hasMessageContaining("a business rule broke");

            probe.awaitType(ThingHappened.TYPE, thing);
            // Every event seen so far, once the topic was quiet: both rows of the committed transaction, nothing more.
            List<EventProbe.Event> sent = probe.drain(Duration.ofMillis(500)).stream().filter(e -> thing.equals(e.key())).toList();
            assertThat(sent).extracting(EventProbe.Event::id).containsExactly(ids.get(0).toString(), ids.get(1).toString());
            assertThat(sent).extracting(e -> e.data(ThingHappened.class).label()).containsExactly("first", "second");
        }
        assertThat(count("SELECT count(*) FROM lmc_outbox WHERE record_key = '" + rolledBack + "'")).isZero();
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> outbox.rows(List.of())))
                .hasMessageContaining("rows of 1 to " + Outbox.MOST_ROWS + " events, not 0");
    }

    private void runAfterOwnStatement(Outbox.Rows rows) {
        sql.together(Sql.Statement.query("SELECT 1", rs -> rs.getInt(1)), rows.statement());
    }

    @Test
    void aRolledBackTransactionNeverSendsItsEvent() throws Exception {
        String thing = UUID.randomUUID().toString();
        try (EventProbe probe = EventProbe.open(bootstrap, TOPIC)) {
            assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
                outbox.publish(event(thing, "rolled back", false));
                throw new IllegalStateException("a business rule broke after the event was written");
            })).hasMessageContaining("a business rule broke");
            // A later committed event proves the relay ran past the point where the rolled-back one would be.
            String marker = UUID.randomUUID().toString();
            QuarkusTransaction.requiringNew().run(() -> outbox.publish(event(marker, "marker", false)));
            probe.awaitType(ThingHappened.TYPE, marker);
            assertThat(probe.drain(Duration.ofMillis(500))).noneMatch(e -> thing.equals(e.key()));
        }
        assertThat(count("SELECT count(*) FROM lmc_outbox WHERE record_key = '" + thing + "'")).isZero();
    }

    @Test
    void concurrentRelaysSendEachRowOnceAndInOrder() throws Exception {
        String thing = UUID.randomUUID().toString();
        int rows = 300;
        try (EventProbe probe = EventProbe.open(bootstrap, TOPIC)) {
            QuarkusTransaction.requiringNew().run(() -> {
                for (int i = 0; i < rows; i++) {
                    outbox.publish(event(thing, "n" + i, false));
                }
            });
            // The instance's own relay is running too: these stand in for other instances of the service, each
            // with a connection of its own competing for the relay lock, and this instance's relay called at once.
            List<OutboxRelay> others = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                others.add(new OutboxRelay(dataSource, kafka, config, new SimpleMeterRegistry()));
            }
            others.add(relay);
            var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<Integer>> relays = new ArrayList<>();
                for (OutboxRelay other : others) {
                    relays.add(pool.submit(() -> {
                        int sent = 0;
                        for (int round = 0; round < 20; round++) {
                            sent += other.relayBatch();
                        }
                        return sent;
                    }));
                }
                for (var f : relays) {
                    f.get(60, java.util.concurrent.TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdown();
                others.stream().filter(o -> o != relay).forEach(o -> o.stop(null));
            }
            probe.await(e -> thing.equals(e.key()) && e.data().get("label").asText().equals("n" + (rows - 1)), Duration.ofSeconds(30));
            List<String> labels = probe.drain(Duration.ofSeconds(1)).stream().filter(e -> thing.equals(e.key()))
                    .map(e -> e.data().get("label").asText()).toList();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                expected.add("n" + i);
            }
            assertThat(labels).as("each row once, in the order written").isEqualTo(expected);
        }
        assertThat(count("SELECT count(*) FROM lmc_outbox WHERE record_key = '" + thing + "' AND sent_at IS NULL")).isZero();
    }

    @Test
    void theSameEventDeliveredTwiceHasOneEffect() {
        String thing = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        double duplicatesBefore = duplicates();
        try (TestEvents events = TestEvents.connect(bootstrap)) {
            byte[] data = EventJson.write(new ThingHappened(thing, "twice", false));
            events.send(TOPIC, eventId, ThingHappened.TYPE, thing, data);
            events.send(TOPIC, eventId, ThingHappened.TYPE, thing, data);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> duplicates() >= duplicatesBefore + 1);
        assertThat(effects(thing)).containsExactly(eventId);
        assertThat(ThingEffects.ATTEMPTS.get(thing).get()).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM lmc_inbox WHERE consumer = 'messaging-test' AND event_id = '" + eventId
                + "' AND outcome = 'PROCESSED'")).isEqualTo(1);
    }

    @Test
    void aPoisonEventIsDeadLetteredAfterBoundedRetriesAndLaterEventsStillFlow() {
        String key = UUID.randomUUID().toString();
        String poisonId = UUID.randomUUID().toString();
        String laterId = UUID.randomUUID().toString();
        try (EventProbe deadLetters = EventProbe.open(bootstrap, DLQ);
                TestEvents events = TestEvents.connect(bootstrap)) {
            // Same key: same partition, the later event waits behind the poison one.
            events.send(TOPIC, poisonId, ThingHappened.TYPE, key, EventJson.write(new ThingHappened(key, "poison", true)));
            events.send(TOPIC, laterId, ThingHappened.TYPE, key, EventJson.write(new ThingHappened(key + "-later", "later", false)));

            EventProbe.Event parked = deadLetters.await(e -> poisonId.equals(e.id()), Duration.ofSeconds(30));
            assertThat(parked.key()).isEqualTo(key);
            assertThat(parked.type()).isEqualTo(ThingHappened.TYPE);
            assertThat(parked.headers()).containsEntry(CloudEventHeaders.DLQ_CONSUMER, "messaging-test")
                    .containsEntry(CloudEventHeaders.DLQ_ATTEMPTS, "3");
            assertThat(parked.headers().get(CloudEventHeaders.DLQ_REASON)).contains("failed 3 times").contains("poison thing " + key);
        }
        assertThat(ThingEffects.ATTEMPTS.get(key).get()).isEqualTo(3);
        assertThat(effects(key)).as("every failed attempt rolled back its effect").isEmpty();
        await().atMost(Duration.ofSeconds(20)).until(() -> effects(key + "-later").size() == 1);
        assertThat(count("SELECT count(*) FROM lmc_inbox WHERE event_id = '" + poisonId + "' AND outcome = 'DEAD_LETTERED'")).isEqualTo(1);
        assertThat(metrics.find("lmc.inbox.dead.letters").tags("consumer", "messaging-test", "reason", "handler-failure").counter())
                .isNotNull().satisfies(c -> assertThat(c.count()).isGreaterThanOrEqualTo(1));
    }

    @Test
    void anUnknownVersionOfAHandledTypeIsDeadLetteredAndAnUnrelatedTypeIsRecordedAsIgnored() {
        String key = UUID.randomUUID().toString();
        String v2Id = UUID.randomUUID().toString();
        String otherId = UUID.randomUUID().toString();
        String notCloudEvent = UUID.randomUUID().toString();
        try (EventProbe deadLetters = EventProbe.open(bootstrap, DLQ);
                TestEvents events = TestEvents.connect(bootstrap)) {
            events.send(TOPIC, v2Id, "org.lmc.test.thing-happened.v2", key, "{\"thingId\":\"x\"}".getBytes(StandardCharsets.UTF_8));
            events.send(TOPIC, otherId, "org.lmc.test.other-thing.v1", key, "{}".getBytes(StandardCharsets.UTF_8));
            events.sendRecord(new ProducerRecord<>(TOPIC, notCloudEvent, "{}".getBytes(StandardCharsets.UTF_8)));

            EventProbe.Event parked = deadLetters.await(e -> v2Id.equals(e.id()), Duration.ofSeconds(30));
            assertThat(parked.headers().get(CloudEventHeaders.DLQ_REASON)).contains("unsupported version org.lmc.test.thing-happened.v2");
            EventProbe.Event headerless = deadLetters.await(e -> notCloudEvent.equals(e.key()), Duration.ofSeconds(30));
            assertThat(headerless.headers().get(CloudEventHeaders.DLQ_REASON)).isEqualTo("not a CloudEvent: missing ce_id");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT count(*) FROM lmc_inbox WHERE event_id = '" + otherId
                + "' AND outcome = 'IGNORED'") == 1);
    }

    private static PendingEvent event(String thing, String label, boolean poison) {
        return new PendingEvent(ThingHappened.TYPE, thing, new ThingHappened(thing, label, poison));
    }

    private double duplicates() {
        var counter = metrics.find("lmc.inbox.duplicates").tag("consumer", "messaging-test").counter();
        return counter == null ? 0 : counter.count();
    }

    private long unsentRows() {
        return count("SELECT count(*) FROM lmc_outbox WHERE sent_at IS NULL");
    }

    private List<String> effects(String thing) {
        List<String> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT event_id FROM test_effect WHERE thing_id = ?")) {
            s.setString(1, thing);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    private long count(String sql) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
