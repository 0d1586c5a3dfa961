package org.lmc.contracts.notification;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code org.lmc.notification.notification-delivered.v1}: one delivery (a notification on one channel to one
 * recipient) succeeded. {@code eventId} is the event that caused the notification (null for a digest), {@code
 * subscriptionId} the webhook subscription (null for email), {@code memberId} the person (null for a webhook).
 */
public record NotificationDelivered(
        UUID deliveryId,
        String eventId,
        String kind,
        String channel,
        String orgId,
        UUID teamId,
        UUID memberId,
        UUID subscriptionId,
        int attempts,
        Instant deliveredAt) {
}
