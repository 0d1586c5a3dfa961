package org.lmc.funding.rest;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** What the database holds, read directly. */
@Singleton
final class Rows {
    private final DataSource dataSource;

    Rows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    String text(String sql) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long number(String sql) {
        String v = text(sql);
        return v == null ? 0 : Long.parseLong(v);
    }

    /** Runs statements in one transaction, as the database's owner would, outside the service. */
    void execute(String... statements) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (var s = c.createStatement()) {
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

    /** Every invariant of every grant: budget = available + reserved + payable + paid, commitment = -budget. */
    long grantsOutOfBalance() {
        return number("SELECT count(*) FROM funding_grant g WHERE g.budget_cents <> (SELECT sum(balance_cents) FROM ledger_account a"
                + " WHERE a.grant_id = g.id AND a.account <> 'COMMITMENT') OR -g.budget_cents <> (SELECT balance_cents FROM ledger_account a"
                + " WHERE a.grant_id = g.id AND a.account = 'COMMITMENT')");
    }
}
