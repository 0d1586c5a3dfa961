package org.lmc.web.pages;

import io.quarkus.arc.Arc;
import io.quarkus.qute.Engine;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.lmc.web.Problem;
import org.lmc.web.ProblemException;

/**
 * The error page of the server-rendered pages: what a browser gets instead of problem+json when a page fails. The same
 * status as the API would answer, a heading that says what happened, the problem's detail (or, for an unexpected
 * error, its incident id only), links back to the pages; never a stack trace. API paths ({@code /api/}, {@code /q/})
 * always answer problem+json.
 */
public final class ErrorPages {
    private ErrorPages() {
    }

    /** The heading and the sentence a reader sees for a status. */
    @io.quarkus.qute.TemplateData
    public record ErrorView(int status, String heading, String explanation, String detail, List<Problem.FieldError> errors) {
    }

    /** The page for the current request, when a browser asked for a page; empty for API clients. */
    public static Optional<Response> forCurrentRequest(int status, String detail, List<Problem.FieldError> errors) {
        ResteasyReactiveRequestContext request = CurrentRequestManager.get();
        if (request == null || !wantsPage(request.getPath(), request.getHttpHeaders().getHeaderString(HttpHeaders.ACCEPT))) {
            return Optional.empty();
        }
        return Optional.of(page(status, detail, errors));
    }

    /**
     * A signed-in page's answer to an action the use case refused (the API's status and reason; nothing changed), drawn
     * by the page's own template (with the tag {@code refusal}) so that it keeps the page's session block.
     */
    public static Response refusal(int status, String html) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(html).build();
    }

    /** What a district portal page shows when its action was refused: the portal's session block, the API's status and reason. */
    @io.quarkus.qute.TemplateData
    public record PortalRefusal(PortalSession session, int status, String heading, String detail, String backHref, String backLabel) {
    }

    /**
     * A district portal page's answer to an action the use case refused, with the API's status and reason: nothing was
     * changed, and the page keeps the portal's session block and a way back.
     */
    public static Response portalRefusal(PortalSession session, ProblemException refused, String heading, String backHref, String backLabel) {
        String html = Arc.container().instance(Engine.class).get().getTemplate("lmc/portalRefused")
                .data("refusal", new PortalRefusal(session, refused.status(), heading, refused.getMessage(), backHref, backLabel)).render();
        return refusal(refused.status(), html);
    }

    /** A browser navigating to a page: HTML accepted, and not an API or management path. */
    static boolean wantsPage(String path, String accept) {
        if (path == null || accept == null || path.startsWith("/api/") || path.startsWith("/q/")) {
            return false;
        }
        return accept.contains(MediaType.TEXT_HTML);
    }

    static Response page(int status, String detail, List<Problem.FieldError> errors) {
        ErrorView view = view(status, detail, errors);
        String html = Arc.container().instance(Engine.class).get().getTemplate("lmc/error").data("error", view).render();
        return PageHeaders.apply(Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(html)).build();
    }

    static ErrorView view(int status, String detail, List<Problem.FieldError> errors) {
        return switch (status) {
            case 404 -> new ErrorView(status, "Page not found", "There is nothing at this address. It may have been mistyped,"
                    + " or what it showed is not public (yet).", detail, errors);
            case 400 -> new ErrorView(status, "This request cannot be answered", "Something in the address or the form is not"
                    + " valid. Correct it and try again.", detail, errors);
            case 401, 403 -> new ErrorView(status, "You cannot see this page", "This page is not open to you.", null, List.of());
            default -> status >= 500
                    ? new ErrorView(status, "Something went wrong on our side", "The page could not be shown. Please try again"
                            + " later; if it keeps failing, quote the incident below.", detail, List.of())
                    : new ErrorView(status, "This request cannot be answered", "The page could not be shown.", detail, errors);
        };
    }
}
