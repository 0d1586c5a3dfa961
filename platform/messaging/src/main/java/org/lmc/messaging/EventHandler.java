package org.lmc.messaging;

import java.util.Set;

/**
 * A consumer's effect for some event types. {@link #handle} runs inside the transaction that also inserts
 * the inbox row, so the effect happens exactly once per event id; throwing rolls both back. What happens next
 * depends on what was thrown:
 * <ul>
 * <li>{@link PoisonEventException}: the event breaks a rule of this consumer and never will succeed; it is
 * dead-lettered at once (and can be replayed once the cause is fixed).</li>
 * <li>{@link DependencyUnavailableException}, or a lost database connection, pool timeout, serialization failure
 * or deadlock: retried without limit, the partition paused, never dead-lettered. Throw it only for what comes
 * back by itself: a dependency down for days holds the partition for days (record and retry such deliveries
 * yourself instead).</li>
 * <li>anything else: a few attempts with backoff, then dead-lettered.</li>
 * </ul>
 */
public interface EventHandler {

    /** The exact versioned types handled, e.g. {@code org.lmc.registration.team-registered.v1}. */
    Set<String> types();

    void handle(IncomingEvent event);
}
