package org.lmc.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Oversized bodies answered as problem+json (413) rather than Vert.x's bare status: a declared Content-Length beyond
 * {@code quarkus.http.limits.max-body-size} is refused before a byte of the body is read (a client sending
 * {@code Expect: 100-continue} never sends it). A chunked body (no declared length) is read here, up to the limit,
 * and refused the same way once it outgrows it; under the limit, Quarkus REST reads it from memory (the routing
 * context's body). Either way nothing reaches a resource, so nothing is written.
 */
@ApplicationScoped
public class RequestSizeLimit {
    private static final int TOO_LARGE = 413;
    private final long maxBodyBytes;
    private final ObjectMapper json;
    private final BodyHandler chunkedBodies;

    RequestSizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize, ObjectMapper json) {
        this.maxBodyBytes = maxBodySize.asLongValue();
        this.json = json;
        this.chunkedBodies = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::refuseOversize).failureHandler(this::chunkedOversize);
    }

    private void refuseOversize(RoutingContext context) {
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && exceeds(declared)) {
            tooLarge(context, "the body declares " + declared.strip() + " bytes");
            return;
        }
        if (declared == null && context.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            // Fails the route with 413 once the body outgrows the limit, or hands it on read whole.
            chunkedBodies.handle(context);
            return;
        }
        context.next();
    }

    private void chunkedOversize(RoutingContext context) {
        if (context.statusCode() == TOO_LARGE) {
            tooLarge(context, "the chunked body outgrew the limit");
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
