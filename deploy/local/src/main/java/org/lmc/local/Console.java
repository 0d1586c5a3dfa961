package org.lmc.local;

import java.io.PrintStream;
import java.util.Locale;

/** What the launcher tells the person running it: short lines, elapsed time since the launcher started. */
public final class Console {
    private final PrintStream out;
    private final long startNanos = System.nanoTime();

    public Console(PrintStream out) {
        this.out = out;
    }

    public PrintStream out() {
        return out;
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** A progress line: {@code [  3.2s] message}. */
    public synchronized void step(String message) {
        out.printf(Locale.ROOT, "[%5.1fs] %s%n", elapsedSeconds(), message);
        out.flush();
    }

    public synchronized void line(String message) {
        out.println(message);
        out.flush();
    }
}
