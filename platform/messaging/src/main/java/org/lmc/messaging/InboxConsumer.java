package org.lmc.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * A failing event is retried a bounded number of times with backoff; then it is parked on the dead-letter
 * topic (with the reason) and the partition moves on. An offset is committed only after its event was
 * processed, skipped, ignored or parked: nothing is acknowledged silently.
 */
@ApplicationScoped
public class InboxConsumer {
    private static final Logger LOG = Logger.getLogger(InboxConsumer.class);

    private final Inbox inbox;
    private final KafkaClients kafka;
    private final MessagingConfig.Inbox config;
    private final AtomicLong lastPoll = new AtomicLong();
    private volatile boolean running;
    private volatile String lastError;
    private Thread worker;
    private KafkaConsumer<String, byte[]> consumer;
    private KafkaProducer<String, byte[]> deadLetterProducer;

    InboxConsumer(Inbox inbox, KafkaClients kafka, MessagingConfig config) {
        this.inbox = inbox;
        this.kafka = kafka;
        this.config = config.inbox();
    }

    void start(@Observes StartupEvent event) {
        List<String> topics = config.topics().orElse(List.of());
        if (topics.isEmpty()) {
            return;
        }
        String name = consumerName();
        running = true;
        worker = new Thread(() -> run(name, topics), "lmc-inbox-" + name);
        worker.setDaemon(true);
        worker.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
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

    /** Milliseconds since the consumer last returned from a poll (it polls at least every second when healthy). */
    public long millisSinceLastPoll() {
        return lastPoll.get() == 0 ? -1 : System.currentTimeMillis() - lastPoll.get();
    }

    public String lastError() {
        return lastError;
    }

    public String consumerName() {
        return config.consumer().orElseThrow(() -> new IllegalStateException(
                "lmc.messaging.inbox.consumer must name this consumer when lmc.messaging.inbox.topics is set"));
    }

    private void run(String name, List<String> topics) {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        try (KafkaConsumer<String, byte[]> c = kafka.consumer(name)) {
            consumer = c;
            c.subscribe(topics, new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {
                    commit(c, done);
                }

                @Override
                public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {
                }
            });
            while (running) {
                ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(500));
                lastPoll.set(System.currentTimeMillis());
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (!running) {
                        break;
                    }
                    deliver(name, record);
                    done.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
                }
                commit(c, done);
            }
        } catch (WakeupException e) {
            // shutdown
        } catch (RuntimeException e) {
            lastError = e.getMessage();
            LOG.errorf(e, "inbox consumer %s stopped", name);
        } finally {
            running = false;
            if (deadLetterProducer != null) {
                deadLetterProducer.close(Duration.ofSeconds(2));
            }
        }
    }

    private void commit(KafkaConsumer<String, byte[]> c, Map<TopicPartition, OffsetAndMetadata> done) {
        if (done.isEmpty()) {
            return;
        }
        try {
            c.commitSync(Map.copyOf(done));
            done.clear();
        } catch (RuntimeException e) {
            // Uncommitted offsets only mean a redelivery, which the inbox absorbs.
            LOG.warnf("inbox offset commit failed: %s", e.getMessage());
        }
    }

    /** Processes one record to a final outcome; blocks (retrying) rather than let an event go unaccounted. */
    void deliver(String name, ConsumerRecord<String, byte[]> record) {
        IncomingEvent event;
        try {
            event = toEvent(record);
        } catch (PoisonEventException e) {
            deadLetter(name, record, null, e.getMessage(), 1);
            return;
        }
        int attempt = 0;
        while (true) {
            attempt++;
            try {
                inbox.process(name, event);
                lastError = null;
                return;
            } catch (PoisonEventException e) {
                deadLetter(name, record, event, e.getMessage(), attempt);
                return;
            } catch (RuntimeException e) {
                String reason = rootMessage(e);
                lastError = reason;
                if (attempt >= config.maxAttempts()) {
                    deadLetter(name, record, event, "failed " + attempt + " times: " + reason, attempt);
                    return;
                }
                LOG.warnf("event %s (%s) failed attempt %d of %d: %s", event.id(), event.type(), attempt, config.maxAttempts(), reason);
                sleep(config.retryBackoff().multipliedBy(1L << Math.min(attempt - 1, 10)));
            }
        }
    }

    private void deadLetter(String name, ConsumerRecord<String, byte[]> record, IncomingEvent event, String reason, int attempts) {
        String topic = Topics.deadLetter(record.topic(), name);
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            headers.add(h);
        }
        headers.add(CloudEventHeaders.DLQ_REASON, bytes(reason));
        headers.add(CloudEventHeaders.DLQ_CONSUMER, bytes(name));
        headers.add(CloudEventHeaders.DLQ_ATTEMPTS, bytes(String.valueOf(attempts)));
        headers.add(CloudEventHeaders.DLQ_ORIGIN, bytes(record.topic() + "/" + record.partition() + "/" + record.offset()));
        // The partition does not move on until the dead letter is acknowledged.
        while (true) {
            try {
                if (deadLetterProducer == null) {
                    deadLetterProducer = kafka.producer("inbox-dead-letters-" + name, 10_000);
                }
                deadLetterProducer.send(new ProducerRecord<>(topic, null, record.key(), record.value(), headers)).get(15, TimeUnit.SECONDS);
                break;
            } catch (Exception e) {
                LOG.errorf("cannot park event at %s/%d/%d on %s, retrying: %s", record.topic(), record.partition(), record.offset(),
                        topic, e.getMessage());
                if (deadLetterProducer != null) {
                    deadLetterProducer.close(Duration.ZERO);
                    deadLetterProducer = null;
                }
                if (!running) {
                    throw new IllegalStateException("stopped before the dead letter was written", e);
                }
                sleep(Duration.ofSeconds(1));
            }
        }
        LOG.errorf("event at %s/%d/%d dead-lettered to %s: %s", record.topic(), record.partition(), record.offset(), topic, reason);
        IncomingEvent recorded = event != null ? event : new IncomingEvent(
                header(record, CloudEventHeaders.ID) != null ? header(record, CloudEventHeaders.ID)
                        : "offset:" + record.topic() + "/" + record.partition() + "/" + record.offset(),
                String.valueOf(header(record, CloudEventHeaders.TYPE)), null, null, null, record.key(), record.value(),
                record.topic(), record.partition(), record.offset());
        inbox.recordDeadLetter(name, recorded, reason);
    }

    static IncomingEvent toEvent(ConsumerRecord<String, byte[]> record) {
        String id = header(record, CloudEventHeaders.ID);
        String type = header(record, CloudEventHeaders.TYPE);
        if (id == null || type == null) {
            throw new PoisonEventException("not a CloudEvent: missing " + (id == null ? CloudEventHeaders.ID : CloudEventHeaders.TYPE));
        }
        if (record.value() == null) {
            throw new PoisonEventException("event " + id + " has no data");
        }
        Instant time = null;
        String timeText = header(record, CloudEventHeaders.TIME);
        if (timeText != null) {
            try {
                time = Instant.parse(timeText);
            } catch (DateTimeParseException e) {
                throw new PoisonEventException("event " + id + " has a malformed ce_time: " + timeText);
            }
        }
        return new IncomingEvent(id, type, header(record, CloudEventHeaders.SOURCE), header(record, CloudEventHeaders.SUBJECT),
                time, record.key(), record.value(), record.topic(), record.partition(), record.offset());
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
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
