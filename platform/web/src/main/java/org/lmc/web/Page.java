package org.lmc.web;

import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of a cursor-paginated list; {@code next} is absent on the last page. */
@Schema(name = "Page")
public record Page<T>(List<T> items, @Schema(description = "pass as ?after= for the next page") String next) {

    /**
     * Builds a page from up to {@code limit + 1} rows fetched in order: the extra row, when present, only
     * proves there is a next page.
     */
    public static <R, T> Page<T> of(List<R> rowsPlusOne, int limit, Function<R, T> view, Function<R, Cursor> cursorOf) {
        boolean more = rowsPlusOne.size() > limit;
        List<R> rows = more ? rowsPlusOne.subList(0, limit) : rowsPlusOne;
        String next = more ? cursorOf.apply(rows.get(rows.size() - 1)).encode() : null;
        return new Page<>(rows.stream().map(view).toList(), next);
    }
}
