package org.lmc.local;

/** The stack could not start; the message says why and where to look (no stack trace is shown for it). */
public final class StartupException extends RuntimeException {
    public StartupException(String message) {
        super(message);
    }
}
