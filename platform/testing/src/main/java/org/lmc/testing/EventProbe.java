package org.lmc.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.lmc.contracts.CloudEventHeaders;
import org.lmc.contracts.EventJson;
import org.lmc.contracts.EventSchemas;
import org.lmc.contracts.Topics;

/**
 * Reads what producers really put on a topic, from the moment it is opened, so a test can assert the
 * exact event: key, CloudEvents headers and data. Every event read is checked against its schema (except on
 * dead-letter topics, which hold what failed).
 */
public final class EventProbe implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<Event> seen = new ArrayList<>();

    /** One record as it arrived, CloudEvents attributes decoded. */
    public record Event(String topic, String key, Map<String, String> headers, byte[] value) {
        public String type() {
            return headers.get(CloudEventHeaders.TYPE);
        }

        public String id() {
            return headers.get(CloudEventHeaders.ID);
        }

        public String subject() {
            return headers.get(CloudEventHeaders.SUBJECT);
        }

        public JsonNode data() {
            try {
                return EventJson.MAPPER.readTree(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public <T> T data(Class<T> payloadType) {
            return EventJson.read(value, payloadType);
        }

        public String text() {
            return new String(value, StandardCharsets.UTF_8);
        }
    }

    private EventProbe(String bootstrapServers, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        ensureTopic(bootstrapServers, topic);
        consumer = new KafkaConsumer<>(p);
        List<TopicPartition> partitions = new ArrayList<>();
        Duration timeout = Duration.ofSeconds(30);
        var infos = consumer.partitionsFor(topic, timeout);
        infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    private static void ensureTopic(String bootstrapServers, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty()))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause().getMessage(), e);
            }
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("cannot create topic " + topic + ": " + e, e);
        }
    }

    /** Starts reading {@code topic} at its current end (the topic is created if missing). */
    public static EventProbe open(String bootstrapServers, String topic) {
        return new EventProbe(bootstrapServers, topic);
    }

    /** Waits for the first event that matches, and fails with what was seen if none arrives. */
    public Event await(Predicate<Event> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Event e : seen) {
                if (match.test(e)) {
                    return e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no matching event within " + timeout + "; seen: " + seen.stream()
                        .map(e -> e.key() + " " + e.type()).toList());
            }
            poll(Duration.ofMillis(200));
        }
    }

    public Event awaitType(String type, String key) {
        return await(e -> type.equals(e.type()) && key.equals(e.key()), Duration.ofSeconds(30));
    }

    /** Every event seen so far, after reading for {@code duration} (however busy the topic). */
    public List<Event> readFor(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        do {
            poll(Duration.ofNanos(Math.max(1_000_000, end - System.nanoTime())));
        } while (System.nanoTime() < end);
        return List.copyOf(seen);
    }

    /**
     * Every event seen so far, after reading until the topic has been quiet for {@code quiet} (a poll returns as
     * soon as anything arrives, so one poll would prove nothing about what comes after it).
     */
    public List<Event> drain(Duration quiet) {
        long quietSince = System.nanoTime();
        long giveUp = quietSince + quiet.toNanos() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() - quietSince < quiet.toNanos()) {
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("the topic never went quiet for " + quiet + " within 30 s more");
            }
            long left = quiet.toNanos() - (System.nanoTime() - quietSince);
            if (poll(Duration.ofNanos(Math.max(1_000_000, left))) > 0) {
                quietSince = System.nanoTime();
            }
        }
        return List.copyOf(seen);
    }

    private int poll(Duration duration) {
        int count = 0;
        for (ConsumerRecord<String, byte[]> r : consumer.poll(duration)) {
            count++;
            Map<String, String> headers = new HashMap<>();
            for (Header h : r.headers()) {
                headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
            }
            Event event = new Event(r.topic(), r.key(), headers, r.value());
            // A dead-letter topic holds what failed, schema violations included: its events are read as they are.
            if (event.type() != null && EventSchemas.exists(event.type()) && !r.topic().endsWith(Topics.DEAD_LETTER_SUFFIX)) {
                EventSchemas.assertValid(event.type(), event.value());
            }
            seen.add(event);
        }
        return count;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
