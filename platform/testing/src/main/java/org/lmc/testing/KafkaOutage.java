package org.lmc.testing;

import java.util.function.Consumer;

/** Takes the shared embedded Kafka broker down and brings it back, from inside a running test. */
public final class KafkaOutage {
    private KafkaOutage() {
    }

    public static void takeDown() {
        control().accept("stop");
    }

    public static void bringBack() {
        control().accept("start");
    }

    // The broker lives in the test-resource class loader; a JDK functional type crosses into the test's.
    @SuppressWarnings("unchecked")
    private static Consumer<String> control() {
        Object control = System.getProperties().get(LmcTestStack.KAFKA_CONTROL);
        if (control == null) {
            throw new IllegalStateException("no embedded Kafka broker in this JVM (external or container Kafka cannot be stopped by a test)");
        }
        return (Consumer<String>) control;
    }
}
