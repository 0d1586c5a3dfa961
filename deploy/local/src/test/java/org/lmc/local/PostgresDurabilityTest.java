package org.lmc.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmc.testing.embedded.EmbeddedPostgresServer;
import org.lmc.testing.embedded.Ports;

/**
 * The local stack's PostgreSQL keeps every commit it acknowledged through an immediate stop (a crash of PostgreSQL
 * itself). Found by the fault harness: with the embedded default {@code synchronous_commit=off}, the last commits before
 * the stop were gone after the restart, among them inbox rows whose events the consumer had already confirmed to Kafka.
 */
class PostgresDurabilityTest {
    private static final int COMMITS = 300;

    @Test
    void everyAcknowledgedCommitSurvivesAnImmediateStop(@TempDir Path data) throws Exception {
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(Ports.freePort(), data,
                LocalStack.postgresSettings(false, false))) {
            String url = postgres.jdbcUrl("postgres");
            try (Connection c = DriverManager.getConnection(url, EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE acknowledged (n INT PRIMARY KEY)");
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO acknowledged VALUES (?)")) {
                    // Each insert its own transaction, acknowledged before the next; the stop comes right after the last.
                    for (int n = 1; n <= COMMITS; n++) {
                        insert.setInt(1, n);
                        insert.executeUpdate();
                    }
                }
            }
            postgres.restart(EmbeddedPostgresServer.Shutdown.IMMEDIATE);
            try (Connection c = DriverManager.getConnection(url, EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*), max(n), current_setting('synchronous_commit') FROM acknowledged")) {
                rs.next();
                assertThat(rs.getInt(1)).as("acknowledged commits after an immediate stop").isEqualTo(COMMITS);
                assertThat(rs.getInt(2)).isEqualTo(COMMITS);
                assertThat(rs.getString(3)).isEqualTo("on");
            }
        }
    }
}
