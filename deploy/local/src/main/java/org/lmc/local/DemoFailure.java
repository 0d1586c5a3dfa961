package org.lmc.local;

/** A step of the demo path did not give what it should; the message says which and what came back. */
public final class DemoFailure extends RuntimeException {
    public DemoFailure(String message) {
        super(message);
    }
}
