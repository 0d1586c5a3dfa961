package org.lmc.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.lmc.contracts.CloudEventHeaders;
import org.lmc.contracts.EventJson;

/** Puts events on a topic exactly as a producer's outbox relay would (binary-mode CloudEvents), for consumer tests. */
public final class TestEvents implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;

    private TestEvents(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    public static TestEvents connect(String bootstrapServers) {
        return new TestEvents(bootstrapServers);
    }

    /** Sends a CloudEvent with a new id; returns the id. */
    public String send(String topic, String type, String key, Object data) {
        String id = UUID.randomUUID().toString();
        send(topic, id, type, key, EventJson.write(data));
        return id;
    }

    /** Sends raw data under a given event id (to redeliver, or to send what a schema forbids). */
    public void send(String topic, String id, String type, String key, byte[] data) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.SPEC_VERSION, bytes(CloudEventHeaders.SPEC_VERSION_VALUE));
        headers.add(CloudEventHeaders.ID, bytes(id));
        headers.add(CloudEventHeaders.TYPE, bytes(type));
        headers.add(CloudEventHeaders.SOURCE, bytes("/lmc/test"));
        headers.add(CloudEventHeaders.TIME, bytes(Instant.now().toString()));
        headers.add(CloudEventHeaders.SUBJECT, bytes(key));
        headers.add(CloudEventHeaders.CONTENT_TYPE, bytes(CloudEventHeaders.JSON));
        sendRecord(new ProducerRecord<>(topic, null, key, data, headers));
    }

    /** Sends a record as is, headers and all (or none). */
    public void sendRecord(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("test event not acknowledged: " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
