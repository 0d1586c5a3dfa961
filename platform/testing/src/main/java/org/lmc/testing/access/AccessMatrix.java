package org.lmc.testing.access;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The expected answers of one service, read from its Markdown table ({@code docs/security/access-matrix-<service>.md}):
 * the first table of the file whose heading row names the callers ({@code operation | none | admin | agency |
 * district A | district B | Ford | Gates | auditor}, more columns such as notes are ignored), one row per operation
 * ({@code GET /api/v1/teams/{team}}), each cell a status or a status class.
 */
public final class AccessMatrix {
    private final Map<String, Map<MatrixCaller, Expected>> rows;

    private AccessMatrix(Map<String, Map<MatrixCaller, Expected>> rows) {
        this.rows = rows;
    }

    public static AccessMatrix read(Path file) {
        try {
            return parse(Files.readAllLines(file));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the access matrix " + file + ": " + e.getMessage(), e);
        }
    }

    static AccessMatrix parse(List<String> lines) {
        Map<String, Map<MatrixCaller, Expected>> rows = new LinkedHashMap<>();
        Map<Integer, MatrixCaller> columns = null;
        for (String line : lines) {
            String trimmed = line.strip();
            if (!trimmed.startsWith("|")) {
                if (columns != null && !rows.isEmpty()) {
                    break; // the table has ended
                }
                continue;
            }
            List<String> cells = cells(trimmed);
            if (columns == null) {
                if (!cells.isEmpty() && cells.get(0).equalsIgnoreCase("operation")) {
                    columns = new LinkedHashMap<>();
                    for (int i = 1; i < cells.size(); i++) {
                        MatrixCaller caller = MatrixCaller.ofColumn(cells.get(i));
                        if (caller != null) {
                            columns.put(i, caller);
                        }
                    }
                    if (columns.size() != MatrixCaller.values().length) {
                        throw new IllegalArgumentException("the access matrix must have a column for every caller: " + line);
                    }
                }
                continue;
            }
            if (cells.get(0).startsWith("---") || cells.get(0).startsWith(":--")) {
                continue;
            }
            String operation = operation(cells.get(0));
            Map<MatrixCaller, Expected> row = new EnumMap<>(MatrixCaller.class);
            for (Map.Entry<Integer, MatrixCaller> column : columns.entrySet()) {
                if (column.getKey() >= cells.size()) {
                    throw new IllegalArgumentException("row '" + operation + "' has no cell for " + column.getValue().column());
                }
                row.put(column.getValue(), Expected.parse(cells.get(column.getKey())));
            }
            if (rows.put(operation, row) != null) {
                throw new IllegalArgumentException("operation listed twice in the access matrix: " + operation);
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no access matrix table (heading 'operation | none | admin | ...') found");
        }
        return new AccessMatrix(rows);
    }

    /** {@code `GET /api/v1/teams/{team}`} or {@code GET /api/v1/teams/{team}}: the method and path, spaces normalised. */
    static String operation(String cell) {
        String text = cell.replace("`", "").strip().replaceAll("\\s+", " ");
        int space = text.indexOf(' ');
        if (space < 0) {
            throw new IllegalArgumentException("an operation is 'METHOD /path', not '" + cell + "'");
        }
        return text.substring(0, space).toUpperCase(java.util.Locale.ROOT) + text.substring(space);
    }

    private static List<String> cells(String line) {
        String inner = line.substring(1, line.endsWith("|") && line.length() > 1 ? line.length() - 1 : line.length());
        List<String> cells = new ArrayList<>();
        for (String cell : inner.split("\\|", -1)) {
            cells.add(cell.strip());
        }
        return cells;
    }

    public Map<String, Map<MatrixCaller, Expected>> rows() {
        return rows;
    }

    public Expected expected(String operation, MatrixCaller caller) {
        Map<MatrixCaller, Expected> row = rows.get(operation);
        return row == null ? null : row.get(caller);
    }
}
