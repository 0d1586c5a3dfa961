package org.lmc.plan.rest;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** What the database holds, read directly, so tests assert rows. */
@Singleton
final class PlanRows {
    private final DataSource dataSource;

    PlanRows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The first column of the first row as text, or null when there is no row. */
    String text(String sql) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long count(String sql) {
        return Long.parseLong(text(sql));
    }
}
