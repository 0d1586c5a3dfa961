package org.lmc.messaging;

/** Payload of the library tests' own event type. */
public record ThingHappened(String thingId, String label, boolean poison) {
    public static final String TYPE = "org.lmc.test.thing-happened.v1";
}
