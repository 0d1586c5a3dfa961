package org.lmc.messaging;

import java.util.Set;

/**
 * A consumer's effect for some event types. {@link #handle} runs inside the transaction that also inserts
 * the inbox row, so the effect happens exactly once per event id; throwing rolls both back and the event is
 * retried, then dead-lettered.
 */
public interface EventHandler {

    /** The exact versioned types handled, e.g. {@code org.lmc.registration.team-registered.v1}. */
    Set<String> types();

    void handle(IncomingEvent event);
}
