package org.lmc.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Makes one PostgreSQL database refuse connections, as an outage does, and ends every session on it; later
 * accepts connections again. Works from inside a running test against the test stack's server (the user must
 * be allowed to alter the database, as the embedded server's superuser is):
 * <pre>
 * try (DatabaseOutage outage = DatabaseOutage.begin(jdbcUrl, user, password)) {
 *     ... // the service's database is away
 * } // accepting connections again
 * </pre>
 */
public final class DatabaseOutage implements AutoCloseable {
    private final String adminUrl;
    private final String database;
    private final String user;
    private final String password;
    private boolean ended;

    private DatabaseOutage(String jdbcUrl, String user, String password) {
        this.database = databaseOf(jdbcUrl);
        this.adminUrl = jdbcUrl.replaceFirst("/" + java.util.regex.Pattern.quote(database) + "(\\?|$)", "/postgres$1");
        this.user = user;
        this.password = password;
    }

    /** Starts the outage: the database refuses new connections and its open sessions are ended. */
    public static DatabaseOutage begin(String jdbcUrl, String user, String password) {
        DatabaseOutage outage = new DatabaseOutage(jdbcUrl, user, password);
        outage.execute("ALTER DATABASE \"" + outage.database + "\" ALLOW_CONNECTIONS false");
        outage.terminateSessions();
        return outage;
    }

    /** Ends every session on the database again (e.g. one that a pool opened just before the outage). */
    public void terminateSessions() {
        try (Connection c = DriverManager.getConnection(adminUrl, user, password);
                PreparedStatement s = c.prepareStatement(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
            s.setString(1, database);
            s.executeQuery().close();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot end the sessions of " + database + ": " + e.getMessage(), e);
        }
    }

    /** Ends the outage: the database accepts connections again. */
    public synchronized void end() {
        if (!ended) {
            execute("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS true");
            ended = true;
        }
    }

    @Override
    public void close() {
        end();
    }

    private void execute(String sql) {
        try (Connection c = DriverManager.getConnection(adminUrl, user, password); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + sql + ": " + e.getMessage(), e);
        }
    }

    static String databaseOf(String jdbcUrl) {
        String path = jdbcUrl.substring(jdbcUrl.indexOf("//") + 2);
        int slash = path.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("no database in " + jdbcUrl);
        }
        String rest = path.substring(slash + 1);
        int query = rest.indexOf('?');
        return query < 0 ? rest : rest.substring(0, query);
    }
}
