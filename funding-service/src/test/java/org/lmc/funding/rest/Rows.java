package org.lmc.funding.rest;

import jakarta.inject.Singleton;
import javax.sql.DataSource;
import org.lmc.testing.SqlRows;

/** What the database holds, read directly. */
@Singleton
final class Rows extends SqlRows {

    Rows(DataSource dataSource) {
        super(dataSource);
    }

    /** Every invariant of every grant: budget = available + reserved + payable + paid, commitment = -budget. */
    long grantsOutOfBalance() {
        return number("SELECT count(*) FROM funding_grant g WHERE g.budget_cents <> (SELECT sum(balance_cents) FROM ledger_account a"
                + " WHERE a.grant_id = g.id AND a.account <> 'COMMITMENT') OR -g.budget_cents <> (SELECT balance_cents FROM ledger_account a"
                + " WHERE a.grant_id = g.id AND a.account = 'COMMITMENT')");
    }
}
