package org.lmc.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Oversized bodies answered as problem+json (413) rather than Vert.x's bare status: a declared Content-Length beyond
 * {@code quarkus.http.limits.max-body-size} is refused before a byte of the body is read (a client sending
 * {@code Expect: 100-continue} never sends it). Nothing reaches a resource, so nothing is written. A chunked body
 * (no declared length) that outgrows the limit is cut off by Quarkus REST while it is read, with a bare 413.
 */
@ApplicationScoped
public class RequestSizeLimit {
    private static final int TOO_LARGE = 413;
    private final long maxBodyBytes;
    private final ObjectMapper json;

    RequestSizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize, ObjectMapper json) {
        this.maxBodyBytes = maxBodySize.asLongValue();
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::refuseDeclaredOversize);
    }

    private void refuseDeclaredOversize(RoutingContext context) {
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && exceeds(declared)) {
            tooLarge(context, "the body declares " + declared.strip() + " bytes");
            return;
        }
        context.next();
    }

    private boolean exceeds(String declared) {
        try {
            return Long.parseLong(declared.strip()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false; // a malformed Content-Length is the HTTP codec's to reject
        }
    }

    private void tooLarge(RoutingContext context, String why) {
        Problem problem = new Problem(Problem.TYPE_PREFIX + "body-too-large", "The request body is too large", TOO_LARGE,
                why + "; this API accepts at most " + maxBodyBytes + " bytes", context.request().path(),
                List.of(new Problem.FieldError("body", "at most " + maxBodyBytes + " bytes")));
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // The unread body would otherwise be parsed as the next request on this connection.
        context.response().setStatusCode(TOO_LARGE).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close").end(body);
    }
}
