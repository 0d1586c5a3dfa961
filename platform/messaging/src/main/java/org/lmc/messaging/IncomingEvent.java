package org.lmc.messaging;

import java.time.Instant;
import org.lmc.contracts.EventJson;

/** An event as a consumer receives it: CloudEvents attributes, the record key, and the JSON data. */
public record IncomingEvent(String id, String type, String source, String subject, Instant time, String key,
        byte[] data, String topic, int partition, long offset) {

    /** The data mapped to a contracts payload record. */
    public <T> T data(Class<T> payloadType) {
        return EventJson.read(data, payloadType);
    }
}
