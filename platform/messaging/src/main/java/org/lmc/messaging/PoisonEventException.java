package org.lmc.messaging;

/**
 * An event that can never succeed: malformed, of an unsupported version, violating its schema, or breaking a
 * domain rule of the consumer (a handler throws it for that). No retries: it is dead-lettered at once, and can
 * be replayed from the dead letters once the cause is fixed.
 */
public class PoisonEventException extends RuntimeException {
    static final String UNPARSEABLE = "unparseable";
    static final String SCHEMA = "schema";
    static final String UNSUPPORTED_VERSION = "unsupported-version";
    static final String REJECTED = "rejected";

    private final String reasonKind;

    /** A rejection by the handler (a domain rule the event breaks). */
    public PoisonEventException(String message) {
        this(REJECTED, message, null);
    }

    public PoisonEventException(String message, Throwable cause) {
        this(REJECTED, message, cause);
    }

    PoisonEventException(String reasonKind, String message, Throwable cause) {
        super(message, cause);
        this.reasonKind = reasonKind;
    }

    /** Bounded reason, a metric tag: {@code unparseable}, {@code schema}, {@code unsupported-version} or {@code rejected}. */
    public String reasonKind() {
        return reasonKind;
    }
}
