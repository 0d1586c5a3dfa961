package org.lmc.messaging;

/** An event that can never succeed (malformed, unsupported version, schema violation): no retries, dead-letter now. */
public class PoisonEventException extends RuntimeException {
    public PoisonEventException(String message) {
        super(message);
    }

    public PoisonEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
