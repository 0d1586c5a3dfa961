package org.lmc.testing.access;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * What a service's database holds, as one comparable value: per table its row count and an MD5 of its rows, so that a
 * refused write can be shown to have changed nothing at all. Tables that background work keeps changing (the outbox
 * relay marking rows sent, a delivery worker's attempts) are compared by row count only; tables written by consumers
 * or the migration tool are left out.
 */
public final class DatabaseState {
    private static final Set<String> ALWAYS_IGNORED = Set.of("lmc_inbox", "lmc_dead_letter", "flyway_schema_history");
    private final DataSource dataSource;
    private final Set<String> countOnly;
    private final Set<String> ignored;

    private DatabaseState(DataSource dataSource, Set<String> countOnly, Set<String> ignored) {
        this.dataSource = dataSource;
        this.countOnly = countOnly;
        this.ignored = ignored;
    }

    /** Every table of the service's schema; the outbox by count only (the relay marks its rows sent). */
    public static DatabaseState of(DataSource dataSource) {
        return new DatabaseState(dataSource, Set.of("lmc_outbox"), Set.of());
    }

    /** These tables too by row count only (rows that background work updates). */
    public DatabaseState countOnly(String... tables) {
        Set<String> all = new java.util.HashSet<>(countOnly);
        all.addAll(List.of(tables));
        return new DatabaseState(dataSource, Set.copyOf(all), ignored);
    }

    /** These tables not at all (caches, rows written by consumers of other services' events). */
    public DatabaseState ignoring(String... tables) {
        Set<String> all = new java.util.HashSet<>(ignored);
        all.addAll(List.of(tables));
        return new DatabaseState(dataSource, countOnly, Set.copyOf(all));
    }

    /** The state now: table name to "count" or "count:md5". */
    public Map<String, String> snapshot() {
        Map<String, String> state = new TreeMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                if (ALWAYS_IGNORED.contains(table) || ignored.contains(table)) {
                    continue;
                }
                String quoted = "\"" + table.replace("\"", "\"\"") + "\"";
                String sql = countOnly.contains(table)
                        ? "SELECT count(*)::text FROM " + quoted
                        : "SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM " + quoted + " t";
                try (ResultSet rs = s.executeQuery(sql)) {
                    rs.next();
                    state.put(table, rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database state: " + e.getMessage(), e);
        }
        return state;
    }

    /** The state once background work has settled: two snapshots 100 ms apart that agree (at most 3 s of waiting). */
    public Map<String, String> settled() {
        Map<String, String> previous = snapshot();
        for (int i = 0; i < 30; i++) {
            sleep();
            Map<String, String> now = snapshot();
            if (now.equals(previous)) {
                return now;
            }
            previous = now;
        }
        return previous;
    }

    /** The tables whose state differs between two snapshots. */
    public static List<String> changed(Map<String, String> before, Map<String, String> after) {
        List<String> changed = new ArrayList<>();
        for (String table : after.keySet()) {
            if (!after.get(table).equals(before.get(table))) {
                changed.add(table);
            }
        }
        return changed;
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
