package org.lmc.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;
import org.lmc.contracts.CloudEventHeaders;
import org.lmc.contracts.Topics;

/**
 * Reads the configured topics and hands each record to the {@link Inbox}, one at a time, in partition order.
 * <ul>
 * <li>Poison (unparseable, wrong schema, unsupported version, {@link PoisonEventException}) is dead-lettered at
 * once; a handler failure of no known kind after {@code max-attempts}.</li>
 * <li>An infrastructure failure (database or broker away, pool timeout, serialization failure, deadlock) is
 * retried without limit with capped, jittered backoff: the partitions are paused and the consumer keeps polling,
 * so it stays in its group (no rebalance); health is DOWN with the reason until an event goes through again.</li>
 * <li>A dead letter is recorded in the database first (it waits for the database like any other write), then
 * copied to the dead-letter topic; one per event and consumer.</li>
 * <li>Nothing but shutdown ends the loop: an unexpected failure closes the Kafka consumer and starts a new one
 * after a backoff, counted in {@code lmc.inbox.consumer.restarts} and shown in health.</li>
 * </ul>
 * An offset is committed only after its event was processed, skipped, ignored or dead-lettered.
 */
@ApplicationScoped
public class InboxConsumer {
    private static final Logger LOG = Logger.getLogger(InboxConsumer.class);
    /** Event id of a dead letter that had no {@code ce_id}: its Kafka position. */
    static final String OFFSET_ID_PREFIX = "offset:";
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long LAG_EVERY_MILLIS = 5_000;
    private static final long PURGE_EVERY_MILLIS = TimeUnit.MINUTES.toMillis(10);

    /** What the consumer is doing, for health. */
    public enum State { STOPPED, STARTING, RUNNING, WAITING_FOR_DEPENDENCY, RESTARTING }

    private final EventTracing tracing;
    private final Inbox inbox;
    private final DeadLetters deadLetters;
    private final KafkaClients kafka;
    private final MessagingConfig.Inbox config;
    private final MeterRegistry registry;
    private final Map<TopicPartition, Attempts> attempts = new HashMap<>();
    private final Map<TopicPartition, AtomicLong> lag = new ConcurrentHashMap<>();
    private final AtomicLong pausedNanos = new AtomicLong();
    private final AtomicLong restarts = new AtomicLong();
    private volatile boolean running;
    private volatile State state = State.STOPPED;
    private volatile String lastError;
    private volatile String waitingFor;
    private volatile long pausedSinceNanos;
    private volatile Instant lastRecovery;
    private volatile Duration lastOutage;
    private Thread worker;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private KafkaProducer<String, byte[]> deadLetterProducer;
    private long retryAtNanos;
    private long lastLagCheck;
    private long lastPurge = System.currentTimeMillis();

    /** Failures of the record a partition is stuck on. */
    private static final class Attempts {
        final long offset;
        int handlerFailures;
        int infrastructureFailures;
        Failures.Failure pendingDeadLetter;

        Attempts(long offset) {
            this.offset = offset;
        }
    }

    InboxConsumer(Inbox inbox, DeadLetters deadLetters, KafkaClients kafka, MessagingConfig config, MeterRegistry registry,
            EventTracing tracing) {
        this.tracing = tracing;
        this.inbox = inbox;
        this.deadLetters = deadLetters;
        this.kafka = kafka;
        this.config = config.inbox();
        this.registry = registry;
    }

    void start(@Observes StartupEvent event) {
        List<String> topics = config.topics().orElse(List.of());
        if (topics.isEmpty()) {
            return;
        }
        String name = consumerName();
        Gauge.builder("lmc.inbox.paused", this, c -> c.pausedSinceNanos != 0 ? 1 : 0).tag("consumer", name)
                .description("1 while the consumer waits for a dependency with its partitions paused").register(registry);
        FunctionCounter.builder("lmc.inbox.paused.seconds", this, c -> c.pausedSeconds()).tag("consumer", name)
                .description("Time spent paused waiting for a dependency").register(registry);
        FunctionCounter.builder("lmc.inbox.consumer.restarts", restarts, AtomicLong::get).tag("consumer", name)
                .description("Kafka consumers restarted after an unexpected failure").register(registry);
        running = true;
        state = State.STARTING;
        worker = new Thread(() -> supervise(name, topics), "lmc-inbox-" + name);
        worker.setDaemon(true);
        worker.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (worker != null) {
            try {
                worker.join(TimeUnit.SECONDS.toMillis(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean isRunning() {
        return running && worker != null && worker.isAlive();
    }

    public State state() {
        return running ? state : State.STOPPED;
    }

    /** Why the consumer waits (the last infrastructure failure), or null when it does not. */
    public String waitingFor() {
        return pausedSinceNanos != 0 ? waitingFor : null;
    }

    /** How long the current wait for a dependency has lasted; zero when not waiting. */
    public Duration pausedFor() {
        long since = pausedSinceNanos;
        return since == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - since);
    }

    /** When the consumer last resumed after waiting for a dependency, and how long that wait was; null if never. */
    public Instant lastRecovery() {
        return lastRecovery;
    }

    public Duration lastOutage() {
        return lastOutage;
    }

    public long restarts() {
        return restarts.get();
    }

    public String lastError() {
        return lastError;
    }

    public String consumerName() {
        return config.consumer().orElseThrow(() -> new IllegalStateException(
                "lmc.messaging.inbox.consumer must name this consumer when lmc.messaging.inbox.topics is set"));
    }

    private double pausedSeconds() {
        long since = pausedSinceNanos;
        long current = since == 0 ? 0 : System.nanoTime() - since;
        return (pausedNanos.get() + current) / 1e9;
    }

    /** Runs consumers until shutdown: an unexpected failure closes the consumer and starts a new one after a backoff. */
    private void supervise(String name, List<String> topics) {
        int failuresInARow = 0;
        while (running) {
            try {
                consume(name, topics);
                failuresInARow = 0;
            } catch (WakeupException e) {
                // shutdown, or a restart asked for: the loop condition decides
            } catch (Throwable e) {
                if (!running) {
                    break;
                }
                failuresInARow++;
                restarts.incrementAndGet();
                state = State.RESTARTING;
                lastError = Failures.rootMessage(e);
                Duration wait = Backoff.after(failuresInARow, Duration.ofSeconds(1), Duration.ofSeconds(30));
                LOG.errorf(e, "inbox consumer %s failed unexpectedly; a new consumer starts in %d ms", name, wait.toMillis());
                sleep(wait);
            } finally {
                closeDeadLetterProducer();
                attempts.clear();
                retryAtNanos = 0;
            }
        }
        state = State.STOPPED;
    }

    private void consume(String name, List<String> topics) {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        try (KafkaConsumer<String, byte[]> c = kafka.consumer(name)) {
            consumer = c;
            c.subscribe(topics, new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    commit(c, done);
                    partitions.forEach(done::remove);
                    partitions.forEach(attempts::remove);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    partitions.forEach(tp -> registerLag(name, tp));
                }
            });
            if (state != State.WAITING_FOR_DEPENDENCY) {
                state = State.RUNNING;
            }
            while (running) {
                if (retryAtNanos != 0) {
                    long wait = retryAtNanos - System.nanoTime();
                    if (wait > 0) {
                        // Paused, still polling: heartbeats and group membership go on while the dependency is away.
                        c.pause(c.assignment());
                        putBack(c, c.poll(Duration.ofNanos(Math.min(wait, POLL.toNanos()))));
                        measureLag(c);
                        continue;
                    }
                    retryAtNanos = 0;
                    c.resume(c.paused());
                }
                ConsumerRecords<String, byte[]> records = c.poll(POLL);
                deliverAll(name, c, records, done);
                commit(c, done);
                measureLag(c);
                purgeOccasionally();
            }
        } finally {
            consumer = null;
        }
    }

    /**
     * Records a poll returned while this consumer waits: a rebalance during the wait (the service paused past its session
     * timeout, another member joining or leaving) assigns partitions unpaused, and their records come back from the very
     * poll meant only to keep the membership. Not delivered now, they are read again from here once the wait is over;
     * dropped, the position would move past them and the next commit would skip them for good (found by the fault harness:
     * notification-service, stopped while it waited for its database, never applied dozens of events).
     */
    private static void putBack(KafkaConsumer<String, byte[]> c, ConsumerRecords<String, byte[]> records) {
        for (TopicPartition tp : records.partitions()) {
            c.seek(tp, records.records(tp).get(0).offset());
        }
        c.pause(c.assignment());
    }

    private void deliverAll(String name, KafkaConsumer<String, byte[]> c, ConsumerRecords<String, byte[]> records,
            Map<TopicPartition, OffsetAndMetadata> done) {
        boolean stuck = false;
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> partitionRecords = records.records(tp);
            if (stuck || !running) {
                // Not delivered in this round: read again from here once the wait is over.
                c.seek(tp, partitionRecords.get(0).offset());
                continue;
            }
            for (ConsumerRecord<String, byte[]> record : partitionRecords) {
                Duration retryIn = deliver(name, record);
                if (retryIn != null) {
                    c.seek(tp, record.offset());
                    retryAtNanos = System.nanoTime() + retryIn.toNanos();
                    stuck = true;
                    break;
                }
                done.put(tp, new OffsetAndMetadata(record.offset() + 1));
            }
        }
    }

    /** Processes one record to a final outcome; returns null when done, or how long to wait before it is retried. */
    Duration deliver(String name, ConsumerRecord<String, byte[]> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        Attempts a = attempts.get(tp);
        if (a == null || a.offset != record.offset()) {
            a = new Attempts(record.offset());
            attempts.put(tp, a);
        }
        IncomingEvent event = null;
        try {
            if (a.pendingDeadLetter != null) {
                return deadLetter(name, record, a, a.pendingDeadLetter);
            }
            event = toEvent(record);
            try (EventTracing.Handling span = tracing.handling(name, event.type(), record)) {
                try {
                    inbox.process(name, event);
                } catch (RuntimeException e) {
                    span.failed(e);
                    throw e;
                }
            }
            delivered(tp);
            return null;
        } catch (RuntimeException e) {
            Failures.Failure failure = Failures.classify(e);
            if (failure.infrastructure()) {
                return waitFor(name, failure, a);
            }
            if (failure.kind() == Failures.Kind.UNKNOWN) {
                a.handlerFailures++;
                lastError = failure.message();
                if (a.handlerFailures < config.maxAttempts()) {
                    LOG.warnf("event %s failed attempt %d of %d: %s", event == null ? record.offset() : event.id(),
                            a.handlerFailures, config.maxAttempts(), failure.message());
                    retried(name, failure.reason());
                    return Backoff.after(a.handlerFailures, config.retryBackoff(), config.maxBackoff());
                }
                if (!databaseReachable()) {
                    // Never blame the event for what may be a lost database hiding behind an unknown exception.
                    return waitFor(name, new Failures.Failure(Failures.Kind.INFRASTRUCTURE, Failures.DATABASE_UNAVAILABLE,
                            failure.message()), a);
                }
                failure = new Failures.Failure(Failures.Kind.UNKNOWN, failure.reason(),
                        "failed " + a.handlerFailures + " times: " + failure.message());
            }
            return deadLetter(name, record, a, failure);
        }
    }

    private void delivered(TopicPartition tp) {
        attempts.remove(tp);
        long since = pausedSinceNanos;
        if (since != 0) {
            long paused = System.nanoTime() - since;
            pausedNanos.addAndGet(paused);
            pausedSinceNanos = 0;
            lastRecovery = Instant.now();
            lastOutage = Duration.ofNanos(paused);
            LOG.infof("inbox consumer resumed after waiting %d ms for: %s", paused / 1_000_000, waitingFor);
            waitingFor = null;
        }
        if (state == State.WAITING_FOR_DEPENDENCY) {
            state = State.RUNNING;
        }
    }

    private Duration waitFor(String name, Failures.Failure failure, Attempts a) {
        a.infrastructureFailures++;
        retried(name, failure.reason());
        waitingFor = failure.reason() + ": " + failure.message();
        lastError = failure.message();
        state = State.WAITING_FOR_DEPENDENCY;
        if (pausedSinceNanos == 0) {
            pausedSinceNanos = System.nanoTime();
        }
        Duration wait = Backoff.after(a.infrastructureFailures, config.retryBackoff(), config.maxBackoff());
        if (a.infrastructureFailures == 1 || a.infrastructureFailures % 20 == 0) {
            LOG.warnf("inbox consumer %s waits for a dependency (%d tries so far), partitions paused, next try in %d ms: %s",
                    name, a.infrastructureFailures, wait.toMillis(), waitingFor);
        }
        return wait;
    }

    private void retried(String name, String reason) {
        Counter.builder("lmc.inbox.retries").description("Event deliveries retried, by reason").tag("consumer", name)
                .tag("reason", reason).register(registry).increment();
    }

    private Duration deadLetter(String name, ConsumerRecord<String, byte[]> record, Attempts a, Failures.Failure failure) {
        String eventId = header(record, CloudEventHeaders.ID);
        if (eventId == null) {
            eventId = OFFSET_ID_PREFIX + record.topic() + "/" + record.partition() + "/" + record.offset();
        }
        int attemptCount = Math.max(1, a.handlerFailures);
        try {
            DeadLetters.Recorded recorded = deadLetters.record(name, record, eventId, header(record, CloudEventHeaders.TYPE),
                    failure, attemptCount);
            if (!recorded.published()) {
                publishDeadLetter(name, record, failure.message(), attemptCount);
                deadLetters.markPublished(name, eventId);
            }
            if (recorded.isNew()) {
                LOG.errorf("event %s at %s/%d/%d dead-lettered (%s): %s", eventId, record.topic(), record.partition(),
                        record.offset(), failure.reason(), failure.message());
            }
            delivered(new TopicPartition(record.topic(), record.partition()));
            return null;
        } catch (RuntimeException e) {
            closeDeadLetterProducer();
            a.pendingDeadLetter = failure;
            Failures.Failure why = Failures.classify(e);
            return waitFor(name, why.infrastructure() ? why
                    : new Failures.Failure(Failures.Kind.INFRASTRUCTURE, "dead-letter-failed", why.message()), a);
        }
    }

    private void publishDeadLetter(String name, ConsumerRecord<String, byte[]> record, String reason, int attemptCount) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            headers.add(h);
        }
        headers.add(CloudEventHeaders.DLQ_REASON, bytes(Inbox.truncate(reason, 2000)));
        headers.add(CloudEventHeaders.DLQ_CONSUMER, bytes(name));
        headers.add(CloudEventHeaders.DLQ_ATTEMPTS, bytes(String.valueOf(attemptCount)));
        headers.add(CloudEventHeaders.DLQ_ORIGIN, bytes(record.topic() + "/" + record.partition() + "/" + record.offset()));
        if (deadLetterProducer == null) {
            deadLetterProducer = kafka.producer("inbox-dead-letters-" + name, 10_000);
        }
        try {
            deadLetterProducer.send(new ProducerRecord<>(Topics.deadLetter(record.topic(), name), null, record.key(), record.value(),
                    headers)).get(15, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new DependencyUnavailableException("dead-letter topic not reachable: " + e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new DependencyUnavailableException("dead-letter topic did not acknowledge within 15 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException("interrupted while dead-lettering", e);
        }
    }

    private boolean databaseReachable() {
        try (Connection c = inbox.connection()) {
            return c.isValid(2);
        } catch (Exception e) {
            return false;
        }
    }

    private void commit(KafkaConsumer<String, byte[]> c, Map<TopicPartition, OffsetAndMetadata> done) {
        if (done.isEmpty()) {
            return;
        }
        try {
            c.commitSync(Map.copyOf(done), Duration.ofSeconds(5));
            done.clear();
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            // Uncommitted offsets only mean a redelivery, which the inbox absorbs; kept to retry with the next commit.
            LOG.debugf("inbox offset commit failed, will retry: %s", e.getMessage());
        }
    }

    private void registerLag(String name, TopicPartition tp) {
        lag.computeIfAbsent(tp, p -> {
            AtomicLong value = new AtomicLong(-1);
            Gauge.builder("lmc.inbox.lag", value, AtomicLong::get).description("Records not yet consumed, per partition (-1 unknown)")
                    .tag("consumer", name).tag("topic", p.topic()).tag("partition", String.valueOf(p.partition()))
                    .register(registry);
            return value;
        });
    }

    private void measureLag(KafkaConsumer<String, byte[]> c) {
        long now = System.currentTimeMillis();
        if (now - lastLagCheck < LAG_EVERY_MILLIS) {
            return;
        }
        lastLagCheck = now;
        Set<TopicPartition> assigned = c.assignment();
        if (assigned.isEmpty()) {
            return;
        }
        try {
            Map<TopicPartition, Long> ends = c.endOffsets(assigned, Duration.ofSeconds(2));
            for (TopicPartition tp : assigned) {
                Long end = ends.get(tp);
                AtomicLong value = lag.get(tp);
                if (end != null && value != null) {
                    value.set(Math.max(0, end - c.position(tp, Duration.ofSeconds(2))));
                }
            }
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            // The broker is away: the lag stays at its last known value.
        }
    }

    private void purgeOccasionally() {
        long now = System.currentTimeMillis();
        if (now - lastPurge < PURGE_EVERY_MILLIS) {
            return;
        }
        lastPurge = now;
        try {
            int inboxRows = inbox.purge(config.retention());
            int letters = deadLetters.purge(config.deadLetterRetention());
            if (inboxRows + letters > 0) {
                LOG.debugf("purged %d inbox rows and %d replayed dead letters", inboxRows, letters);
            }
        } catch (RuntimeException e) {
            LOG.debugf("inbox purge skipped: %s", e.getMessage());
        }
    }

    private void closeDeadLetterProducer() {
        if (deadLetterProducer != null) {
            try {
                deadLetterProducer.close(Duration.ZERO);
            } catch (RuntimeException e) {
                LOG.debug("closing the dead-letter producer failed", e);
            }
            deadLetterProducer = null;
        }
    }

    static IncomingEvent toEvent(ConsumerRecord<String, byte[]> record) {
        String id = header(record, CloudEventHeaders.ID);
        String type = header(record, CloudEventHeaders.TYPE);
        if (id == null || type == null) {
            throw poison("not a CloudEvent: missing " + (id == null ? CloudEventHeaders.ID : CloudEventHeaders.TYPE));
        }
        if (record.value() == null) {
            throw poison("event " + id + " has no data");
        }
        Instant time = null;
        String timeText = header(record, CloudEventHeaders.TIME);
        if (timeText != null) {
            try {
                time = Instant.parse(timeText);
            } catch (DateTimeParseException e) {
                throw poison("event " + id + " has a malformed ce_time: " + timeText);
            }
        }
        return new IncomingEvent(id, type, header(record, CloudEventHeaders.SOURCE), header(record, CloudEventHeaders.SUBJECT),
                time, record.key(), record.value(), record.topic(), record.partition(), record.offset());
    }

    private static PoisonEventException poison(String message) {
        return new PoisonEventException(PoisonEventException.UNPARSEABLE, message, null);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
