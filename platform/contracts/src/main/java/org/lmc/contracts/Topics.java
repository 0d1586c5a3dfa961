package org.lmc.contracts;

/** Kafka topic names: one per producing service and aggregate family; the event type travels in {@code ce_type}. */
public final class Topics {
    public static final String REGISTRATION_EVENTS = "lmc.registration.events";
    public static final String PLAN_EVENTS = "lmc.plan.events";
    public static final String FUNDING_EVENTS = "lmc.funding.events";
    public static final String NOTIFICATION_EVENTS = "lmc.notification.events";

    /** Suffix of the dead-letter topic that holds the poison events of a consumer group. */
    public static final String DEAD_LETTER_SUFFIX = ".dlq";

    private Topics() {
    }

    /** Dead-letter topic for one consumer of one source topic, e.g. {@code lmc.registration.events.notification-service.dlq}. */
    public static String deadLetter(String sourceTopic, String consumer) {
        return sourceTopic + "." + consumer + DEAD_LETTER_SUFFIX;
    }
}
