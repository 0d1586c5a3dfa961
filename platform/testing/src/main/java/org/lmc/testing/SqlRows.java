package org.lmc.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * What a service's database holds, read directly, so that tests assert rows rather than only answers. A service's
 * tests extend it with their own queries.
 */
public class SqlRows {
    protected final DataSource dataSource;

    protected SqlRows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The first column of the first row as text, or null when there is no row. */
    public String text(String sql) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of the first row as a number, 0 when there is no row or it is null (a count, a sum). */
    public long number(String sql) {
        String value = text(sql);
        return value == null ? 0 : Long.parseLong(value);
    }

    /** Runs statements in one transaction, as the database's owner would, outside the service. */
    public void execute(String... statements) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String sql : statements) {
                    s.execute(sql);
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
