package org.lmc.contracts.notification;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code org.lmc.notification.notification-failed.v1}: one delivery gave up after {@code attempts} tries and is
 * dead until an administrator asks for its redelivery; {@code reason} is the last failure.
 */
public record NotificationFailed(
        UUID deliveryId,
        String eventId,
        String kind,
        String channel,
        String orgId,
        UUID teamId,
        UUID memberId,
        UUID subscriptionId,
        int attempts,
        String reason,
        Instant failedAt) {
}
