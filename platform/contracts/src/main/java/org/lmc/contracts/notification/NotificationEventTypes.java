package org.lmc.contracts.notification;

import java.util.List;

/** Event types notification-service emits on {@code lmc.notification.events}, keyed by the delivery id. */
public final class NotificationEventTypes {
    /** A notification reached its recipient on one channel (an email accepted by the relay, a webhook answered 2xx). */
    public static final String NOTIFICATION_DELIVERED_V1 = "org.lmc.notification.notification-delivered.v1";
    /** A notification could not be delivered on one channel after every attempt: the delivery is dead. */
    public static final String NOTIFICATION_FAILED_V1 = "org.lmc.notification.notification-failed.v1";

    public static final List<String> ALL = List.of(NOTIFICATION_DELIVERED_V1, NOTIFICATION_FAILED_V1);

    private NotificationEventTypes() {
    }
}
