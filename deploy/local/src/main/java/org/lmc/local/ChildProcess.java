package org.lmc.local;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * A process the stack started (Keycloak, a service), its output in a log file. Stopping it stops its
 * descendants too: Keycloak's kc.sh runs the server JVM as a child.
 */
final class ChildProcess {
    /** Set in every child's environment; the watchdog finds what a dead launcher left behind by it. */
    static final String STACK_ID_VARIABLE = "LMC_STACK_ID";

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static ChildProcess start(String name, List<String> command, Map<String, String> environment, Path workDir,
            Path log) {
        return start(name, command, environment, workDir, log, false);
    }

    /** {@code appendToLog}: a restarted process writes after what its previous run wrote, which stays readable. */
    static ChildProcess start(String name, List<String> command, Map<String, String> environment, Path workDir,
            Path log, boolean appendToLog) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(appendToLog ? ProcessBuilder.Redirect.appendTo(log.toFile())
                            : ProcessBuilder.Redirect.to(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().putAll(environment);
            return new ChildProcess(name, pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(name + " could not be started: " + e.getMessage(), e);
        }
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, or -1 while it runs. */
    int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /**
     * SIGTERM to the process and all its descendants, up to {@code grace} for them to end, then SIGKILL to
     * whatever is left. Returns once nothing of it runs.
     */
    void stop(Duration grace) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(process.toHandle());
        process.toHandle().descendants().forEach(all::add);
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle h : all) {
            long left = deadline - System.nanoTime();
            try {
                h.onExit().get(Math.max(left, 1), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                // gone already
            }
        }
        // Descendants started meanwhile (kc.sh relaunching the server) are caught here too.
        List<ProcessHandle> left = new ArrayList<>();
        for (ProcessHandle h : all) {
            h.descendants().forEach(left::add);
            left.add(h);
        }
        for (ProcessHandle h : left) {
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
        for (ProcessHandle h : left) {
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // nothing more can be done
            }
        }
    }

    /** SIGKILL, as {@code kill -9} does: no shutdown hook runs, nothing is flushed; returns once it is gone. */
    void killAbruptly() {
        process.toHandle().destroyForcibly();
        try {
            process.onExit().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException(name + " did not die after SIGKILL: " + e, e);
        }
    }

    /** Sends {@code signal} (e.g. STOP, CONT) to the process with the system's kill command. */
    void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " (" + name + ") failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot signal " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + name, e);
        }
    }

    /** Resident memory of the process and its descendants, in KiB (Linux; 0 elsewhere). */
    long rssKib() {
        long total = 0;
        List<ProcessHandle> all = new ArrayList<>();
        all.add(process.toHandle());
        process.toHandle().descendants().forEach(all::add);
        for (ProcessHandle h : all) {
            total += rssKib(h.pid());
        }
        return total;
    }

    static long rssKib(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /** The last {@code lines} lines of the log, for error messages. */
    String tail(int lines) {
        return tail(log, lines);
    }

    static String tail(Path file, int lines) {
        if (!Files.exists(file)) {
            return "(no log at " + file + ")";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long from = Math.max(0, length - 64 * 1024);
            byte[] bytes = new byte[(int) (length - from)];
            raf.seek(from);
            raf.readFully(bytes);
            List<String> all = new String(bytes, StandardCharsets.UTF_8).lines().collect(Collectors.toList());
            return all.subList(Math.max(0, all.size() - lines), all.size()).stream()
                    .map(l -> "    | " + l)
                    .collect(Collectors.joining(System.lineSeparator()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
