package org.lmc.messaging;

import java.util.Objects;

/**
 * An event an aggregate caused, not yet written: its versioned type, the aggregate id (record key and
 * CloudEvents subject, so one aggregate's events stay in order) and the data, a contracts payload record.
 */
public record PendingEvent(String type, String aggregateId, Object data) {
    public PendingEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(data, "data");
    }
}
