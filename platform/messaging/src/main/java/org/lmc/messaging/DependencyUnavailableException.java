package org.lmc.messaging;

/**
 * A dependency failed, not the event: the database could not be reached, a mail relay or webhook endpoint is
 * down. Thrown by the inbox itself, and by a handler whose own dependency is away; the consumer waits with
 * its partitions paused and retries without limit, and never dead-letters the event for it.
 */
public class DependencyUnavailableException extends RuntimeException {
    public DependencyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public DependencyUnavailableException(String message) {
        super(message);
    }
}
