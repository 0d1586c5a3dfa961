package org.lmc.notification.domain;

import java.time.Instant;
import java.util.UUID;

/** A notification in an organisation's inbox, caused by one event. */
public record InboxItem(UUID id, String orgId, String kind, String eventType, String eventId, UUID teamId, UUID memberId,
        String subject, String body, Instant createdAt, Instant readAt) {
}
