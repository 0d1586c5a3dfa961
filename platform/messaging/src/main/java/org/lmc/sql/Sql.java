package org.lmc.sql;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.util.ServerErrorMessage;

/**
 * Plain SQL in the caller's transaction, for every service: paths that need explicit row locks, a fixed lock order,
 * statements the database checks at commit, or several statements in one round trip ({@link #together}) are written as
 * SQL rather than left to an ORM. Inside a JTA transaction the data source hands out the connection Hibernate uses too.
 * <p>
 * It lives in platform/messaging, the module that already owns the platform's JDBC work (outbox, inbox) and is on
 * every service's classpath with a Jandex index (so the bean is discovered); in a package of its own because it is not
 * about messaging: the outbox uses it, not the other way round.
 */
@ApplicationScoped
public class Sql {
    private final DataSource dataSource;

    Sql(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    public int update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    /**
     * One statement with its arguments, run with others in one round trip by {@link #together}. A query's first row is
     * mapped by {@code row}; a statement without {@code row} answers its update count.
     */
    public record Statement(String sql, Row<?> row, Object... args) {
        public static Statement update(String sql, Object... args) {
            return new Statement(sql, null, args);
        }

        public static Statement query(String sql, Row<?> row, Object... args) {
            return new Statement(sql, row, args);
        }
    }

    /**
     * Runs statements in order in one round trip (pgjdbc sends them under one Sync; a failure fails those after it), for
     * a path that holds a hot lock, where each round trip it saves is one every waiter saves too. Answers, per statement,
     * its first row mapped (null when none) or its update count.
     */
    public Object[] together(Statement... statements) {
        StringBuilder joined = new StringBuilder();
        List<Object> args = new ArrayList<>();
        for (Statement statement : statements) {
            joined.append(joined.isEmpty() ? "" : "; ").append(statement.sql());
            args.addAll(Arrays.asList(statement.args()));
        }
        Object[] results = new Object[statements.length];
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(joined.toString())) {
            bind(s, args.toArray());
            boolean isQuery = s.execute();
            for (int i = 0; i < statements.length; i++) {
                if (i > 0) {
                    isQuery = s.getMoreResults();
                }
                if (isQuery) {
                    try (ResultSet rs = s.getResultSet()) {
                        results[i] = rs.next() && statements[i].row() != null ? statements[i].row().map(rs) : null;
                    }
                } else {
                    results[i] = s.getUpdateCount();
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
        return results;
    }

    public <T> List<T> list(String sql, Row<T> row, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            try (ResultSet rs = s.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row.map(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    public <T> Optional<T> one(String sql, Row<T> row, Object... args) {
        List<T> rows = list(sql, row, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    public long number(String sql, Object... args) {
        return one(sql, rs -> rs.getLong(1), args).orElse(0L);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Binds arguments in order: an {@link Instant} as a timestamp, an enum by its name, anything else as it is (so a
     * {@code String[]} as an SQL array, for {@code = ANY (?)} or an array column).
     */
    public static void bind(PreparedStatement s, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Instant instant) {
                s.setTimestamp(i + 1, Timestamp.from(instant));
            } else if (a instanceof Enum<?> e) {
                s.setString(i + 1, e.name());
            } else {
                s.setObject(i + 1, a);
            }
        }
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    public static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    public static UUID uuid(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, UUID.class);
    }

    /** A database failure; its SQLSTATE (and, from PostgreSQL, the refused constraint) tells a refusal from an outage. */
    public static class DatabaseException extends RuntimeException {
        private final String sqlState;
        private final String constraint;

        public DatabaseException(SQLException e) {
            super(e.getMessage(), e);
            this.sqlState = e.getSQLState();
            ServerErrorMessage refused = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
            this.constraint = refused == null ? null : refused.getConstraint();
        }

        public String sqlState() {
            return sqlState;
        }

        /** Whether the unique key or primary key named {@code constraint} refused a row: an answer to give, not an outage. */
        public boolean isUniqueViolation(String constraint) {
            return PSQLState.UNIQUE_VIOLATION.getState().equals(sqlState) && constraint.equals(this.constraint);
        }
    }
}
