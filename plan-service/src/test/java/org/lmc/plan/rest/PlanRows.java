package org.lmc.plan.rest;

import jakarta.inject.Singleton;
import javax.sql.DataSource;
import org.lmc.testing.SqlRows;

/** What the plan database holds, read directly, so tests assert rows. */
@Singleton
final class PlanRows extends SqlRows {

    PlanRows(DataSource dataSource) {
        super(dataSource);
    }

    long count(String sql) {
        return number(sql);
    }
}
