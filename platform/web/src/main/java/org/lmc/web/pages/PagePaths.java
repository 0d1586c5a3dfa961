package org.lmc.web.pages;

import java.util.UUID;
import org.lmc.web.ProblemException;

/** Path parameters of the pages. */
public final class PagePaths {
    private PagePaths() {
    }

    /** A path id that is not a UUID names nothing: 404, as the API's own path would. */
    public static UUID id(String value, String what) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound(what, value);
        }
    }
}
