package org.lmc.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Deletes Idempotency-Key records older than {@code lmc.web.idempotency.retention}: they hold response bodies with
 * personal data, and are replayed no longer anyway. In batches, each its own short transaction; a failed run (the
 * database away) is logged, counted and retried at the next run.
 */
@ApplicationScoped
public class IdempotencyRecords {
    private static final Logger LOG = Logger.getLogger(IdempotencyRecords.class);
    private static final String PURGE = "DELETE FROM lmc_idempotency WHERE ctid = ANY (ARRAY(SELECT ctid FROM lmc_idempotency"
            + " WHERE created_at <= now() - ? * interval '1 second' LIMIT ?))";

    private final DataSource dataSource;
    private final IdempotencyConfig config;
    private final Counter purged;
    private final Counter failures;
    private volatile Instant lastSuccess = Instant.now();
    private volatile String lastError;

    IdempotencyRecords(DataSource dataSource, IdempotencyConfig config, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.config = config;
        this.purged = Counter.builder("lmc.idempotency.purged").description("Idempotency-Key records deleted after their retention")
                .register(registry);
        this.failures = Counter.builder("lmc.idempotency.purge.failures").description("Purge runs that failed and will be retried")
                .register(registry);
        Gauge.builder("lmc.idempotency.purge.age.seconds", this, r -> Instant.now().getEpochSecond() - r.lastSuccess.getEpochSecond())
                .description("Seconds since the last purge that succeeded").register(registry);
    }

    @Scheduled(every = "${lmc.web.idempotency.purge-every:15m}", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeOnSchedule() {
        try {
            purge();
        } catch (SQLException | RuntimeException e) {
            failures.increment();
            lastError = e.getMessage();
            LOG.warnf("Idempotency-Key records not purged (retried in %s): %s", config.purgeEvery(), e.getMessage());
        }
    }

    /** Deletes every record older than the retention; returns how many. */
    public long purge() throws SQLException {
        long deleted = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(PURGE)) {
            s.setLong(1, config.retention().toSeconds());
            s.setInt(2, config.purgeBatch());
            int batch;
            do {
                batch = s.executeUpdate();
                deleted += batch;
                purged.increment(batch);
            } while (batch == config.purgeBatch());
        }
        lastSuccess = Instant.now();
        lastError = null;
        return deleted;
    }

    /** When the last purge succeeded (the start of the service before the first). */
    public Instant lastSuccess() {
        return lastSuccess;
    }

    /** Why the last purge failed, or null when it succeeded. */
    public String lastError() {
        return lastError;
    }
}
