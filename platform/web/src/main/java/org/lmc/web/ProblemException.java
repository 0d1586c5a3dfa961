package org.lmc.web;

import java.util.List;

/**
 * A request the service refuses, with the HTTP status and the rule broken. Thrown by use cases and
 * rendered as problem+json by {@link ProblemMapper}; the transaction rolls back, so nothing is half-written.
 */
public class ProblemException extends RuntimeException {
    private final int status;
    private final String slug;
    private final String title;
    private final List<Problem.FieldError> errors;

    public ProblemException(int status, String slug, String title, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ProblemException notFound(String what, Object id) {
        return new ProblemException(404, "not-found", "Not found", what + " " + id + " does not exist", List.of());
    }

    public static ProblemException conflict(String slug, String detail) {
        return new ProblemException(409, slug, "Conflict", detail, List.of());
    }

    /** A business rule broken (422), naming the field at fault. */
    public static ProblemException rule(String slug, String field, String detail) {
        return new ProblemException(422, slug, "A business rule is broken", detail,
                field == null ? List.of() : List.of(new Problem.FieldError(field, detail)));
    }

    public static ProblemException invalid(String field, String message) {
        return new ProblemException(400, "validation", "The request is invalid", field + ": " + message,
                List.of(new Problem.FieldError(field, message)));
    }

    /** Bad input (400) naming every field at fault, so a client fixes them all at once. */
    public static ProblemException invalid(List<Problem.FieldError> errors) {
        return new ProblemException(400, "validation", "The request is invalid", errors.stream()
                .map(e -> e.field() + ": " + e.message()).collect(java.util.stream.Collectors.joining("; ")), errors);
    }

    /** The instance is too busy for this request now (503, with Retry-After); nothing was changed. */
    public static ProblemException busy(String detail) {
        return new ProblemException(503, "busy", "Busy", detail, List.of());
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "forbidden", "Forbidden", detail, List.of());
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
