package org.lmc.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A small shell process that outlives a launcher killed without a chance to clean up (SIGKILL, out of memory):
 * it then stops every process carrying this stack's id in its environment (Keycloak, the services and their
 * children) and the PostgreSQL server of the stack's data folder. A launcher that ends normally has stopped
 * them already, and the watchdog just ends.
 */
final class Watchdog {
    private static final String SCRIPT = """
            launcher=$1; id=$2; pgdata=$3
            while kill -0 "$launcher" 2>/dev/null; do sleep 1; done
            ours() {
              for d in /proc/[0-9]*; do
                p=${d#/proc/}
                [ "$p" = "$$" ] && continue
                if tr '\\0' '\\n' < "$d/environ" 2>/dev/null | grep -qx "LMC_STACK_ID=$id"; then echo "$p"; fi
              done
            }
            pids=$(ours)
            [ -n "$pids" ] && kill -TERM $pids 2>/dev/null
            if [ -f "$pgdata/postmaster.pid" ]; then
              pg=$(head -n 1 "$pgdata/postmaster.pid")
              if [ -n "$pg" ] && tr '\\0' ' ' < "/proc/$pg/cmdline" 2>/dev/null | grep -qF "$pgdata"; then
                kill -INT "$pg" 2>/dev/null
              fi
            fi
            i=0
            while [ $i -lt 15 ]; do
              pids=$(ours); [ -z "$pids" ] && exit 0
              sleep 1; i=$((i+1))
            done
            pids=$(ours); [ -n "$pids" ] && kill -KILL $pids 2>/dev/null
            exit 0
            """;

    private Watchdog() {
    }

    /** Starts the watchdog for this JVM; a no-op where there is no /proc. */
    static Process start(String stackId, Path postgresData) {
        if (!new File("/proc/self/environ").exists()) {
            return null;
        }
        try {
            ProcessBuilder pb = new ProcessBuilder(List.of("/bin/sh", "-c", SCRIPT, "lmc-watchdog",
                    Long.toString(ProcessHandle.current().pid()), stackId, postgresData.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().remove(ChildProcess.STACK_ID_VARIABLE);
            return pb.start();
        } catch (IOException e) {
            return null;
        }
    }
}
