package org.lmc.notification.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * One notification to one recipient by one channel: recorded with the inbox row, sent after commit, marked after.
 * {@code recipient} is the email address or, for a webhook, the subscription id.
 */
public record Delivery(UUID id, UUID notificationId, String eventId, String kind, String channel, String recipient, UUID memberId,
        UUID subscriptionId, String orgId, UUID teamId, Status status, int attempts, Instant nextAttemptAt, String lastError,
        Instant createdAt, Instant finishedAt, UUID digestId) {

    /** Kind of the daily digest email, which gathers routine notifications. */
    public static final String DAILY_DIGEST = "DAILY_DIGEST";
    /** Kind of a test message an agency asks for on its webhook. */
    public static final String WEBHOOK_TEST = "WEBHOOK_TEST";

    public static final String EMAIL = "EMAIL";
    public static final String WEBHOOK = "WEBHOOK";

    /**
     * PENDING: due at {@code nextAttemptAt}. DIGEST: waits for the daily digest. IN_DIGEST: part of the digest
     * {@code digestId}. DELIVERED and DEAD are final until an administrator asks for a redelivery.
     */
    public enum Status { PENDING, DIGEST, IN_DIGEST, DELIVERED, DEAD }

    public static Delivery intent(UUID notificationId, String eventId, String kind, String channel, String recipient, UUID memberId,
            UUID subscriptionId, String orgId, UUID teamId, Status status, Instant now) {
        return new Delivery(UUID.randomUUID(), notificationId, eventId, kind, channel, recipient, memberId, subscriptionId, orgId,
                teamId, status, 0, now, null, now, null, null);
    }

    /** Where deliveries queue for one another: one webhook endpoint (subscription) or one mailbox. */
    public String endpoint() {
        return channel + ":" + recipient;
    }
}
