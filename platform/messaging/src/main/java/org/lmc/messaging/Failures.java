package org.lmc.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Sorts a failure into what the consumer and the relay do with it: the event's own fault (dead-letter it),
 * an infrastructure failure (wait and retry without limit), or an unexplained failure (bounded attempts).
 * Each kind carries a short, bounded reason for metric tags; the full message goes to logs and health.
 */
final class Failures {
    /** What to do about a failure. */
    enum Kind {
        /** The event can never succeed: dead-letter it. */
        POISON,
        /** A dependency is away or contended: retry, without limit, with backoff. */
        INFRASTRUCTURE,
        /** Neither known: a bounded number of attempts, then dead-letter (if the dependencies are up). */
        UNKNOWN
    }

    /** A classified failure: kind, a bounded reason (metric tag) and the message. */
    record Failure(Kind kind, String reason, String message) {
        boolean infrastructure() {
            return kind == Kind.INFRASTRUCTURE;
        }
    }

    static final String DATABASE_UNAVAILABLE = "database-unavailable";
    static final String DATABASE_CONTENTION = "database-contention";
    static final String KAFKA_UNAVAILABLE = "kafka-unavailable";
    static final String DEPENDENCY_UNAVAILABLE = "dependency-unavailable";
    static final String HANDLER_FAILURE = "handler-failure";

    // 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now, 53300 too many connections,
    // 55000 "database is not currently accepting connections" when it comes from connecting.
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");
    // 40001 serialization failure, 40P01 deadlock, 55P03 lock not available: the same statement succeeds later.
    private static final Set<String> CONTENTION_STATES = Set.of("40001", "40P01", "55P03");

    private Failures() {
    }

    static Failure classify(Throwable failure) {
        String message = rootMessage(failure);
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        Failure found = null;
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            Failure f = classifyOne(t, message);
            if (f != null) {
                // The first infrastructure cause wins: a handler error caused by a lost connection is not the event's fault.
                if (f.infrastructure()) {
                    return f;
                }
                if (found == null) {
                    found = f;
                }
            }
            for (Throwable suppressed : t.getSuppressed()) {
                Failure s = classifyOne(suppressed, message);
                if (s != null && s.infrastructure()) {
                    return s;
                }
            }
        }
        return found != null ? found : new Failure(Kind.UNKNOWN, HANDLER_FAILURE, message);
    }

    private static Failure classifyOne(Throwable t, String message) {
        if (t instanceof DependencyUnavailableException) {
            return new Failure(Kind.INFRASTRUCTURE, t.getCause() instanceof SQLException ? DATABASE_UNAVAILABLE : DEPENDENCY_UNAVAILABLE,
                    message);
        }
        if (t instanceof PoisonEventException p) {
            return new Failure(Kind.POISON, p.reasonKind(), p.getMessage());
        }
        if (t instanceof SQLException sql) {
            String state = sql.getSQLState();
            if (sql instanceof SQLTransientConnectionException || state != null && (state.startsWith("08")
                    || UNAVAILABLE_STATES.contains(state)) || acquisitionTimeout(sql)) {
                return new Failure(Kind.INFRASTRUCTURE, DATABASE_UNAVAILABLE, message);
            }
            if (state != null && CONTENTION_STATES.contains(state)) {
                return new Failure(Kind.INFRASTRUCTURE, DATABASE_CONTENTION, message);
            }
            return null;
        }
        if (t instanceof ConnectException) {
            return new Failure(Kind.INFRASTRUCTURE, DEPENDENCY_UNAVAILABLE, message);
        }
        if (t instanceof RetriableException || t instanceof org.apache.kafka.common.errors.DisconnectException) {
            return new Failure(Kind.INFRASTRUCTURE, KAFKA_UNAVAILABLE, message);
        }
        if (t instanceof UncheckedIOException && t.getCause() instanceof JsonProcessingException) {
            return new Failure(Kind.POISON, PoisonEventException.UNPARSEABLE, message);
        }
        return null;
    }

    private static boolean acquisitionTimeout(SQLException e) {
        String m = e.getMessage();
        return m != null && m.toLowerCase(java.util.Locale.ROOT).contains("acquisition timeout");
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        while (t.getCause() != null && seen.put(t, Boolean.TRUE) == null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
