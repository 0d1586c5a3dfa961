package org.lmc.testing.access;

import java.util.Locale;

/**
 * One cell of the access matrix: an exact status ({@code 404}) or a status class ({@code 2xx}). A class is for answers
 * whose exact code is not the point (a list that is 200 either way); refusals are always written exactly.
 */
public record Expected(String text) {

    public static Expected parse(String cell) {
        String text = cell.strip().toLowerCase(Locale.ROOT);
        if (!text.matches("[1-5](\\d\\d|xx)")) {
            throw new IllegalArgumentException("an access matrix cell is a status (404) or a class (2xx), not '" + cell + "'");
        }
        return new Expected(text);
    }

    public boolean matches(int status) {
        String observed = Integer.toString(status);
        return text.endsWith("xx") ? observed.charAt(0) == text.charAt(0) : observed.equals(text);
    }

    /** A refusal: the caller may not (401, 403) or must not learn the object exists (404). */
    public boolean isRefusal() {
        return text.equals("401") || text.equals("403") || text.equals("404");
    }

    @Override
    public String toString() {
        return text;
    }
}
