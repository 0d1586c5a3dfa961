package org.lmc.testing.access;

/**
 * The callers of the access matrix, in the order of its columns: the public, every role of the realm, and a second
 * tenant for each kind of tenant (district B beside district A, Gates beside Ford), so that another tenant's object is
 * tried with a real id.
 */
public enum MatrixCaller {
    NONE("none"),
    ADMIN("admin"),
    AGENCY("agency"),
    DISTRICT_A("district A"),
    DISTRICT_B("district B"),
    FORD("Ford"),
    GATES("Gates"),
    AUDITOR("auditor");

    private final String column;

    MatrixCaller(String column) {
        this.column = column;
    }

    /** The column heading in the Markdown table. */
    public String column() {
        return column;
    }

    static MatrixCaller ofColumn(String heading) {
        for (MatrixCaller caller : values()) {
            if (caller.column.equalsIgnoreCase(heading.strip())) {
                return caller;
            }
        }
        return null;
    }
}
