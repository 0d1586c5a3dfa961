package org.lmc.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticator;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one error mapping of the platform: every failure leaves a service as RFC 9457 problem+json with a
 * clear message and, for invalid input, the fields at fault. Unexpected errors are logged with an id and
 * answered with that id only.
 */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response response = respond(e.status(), e.slug(), e.title(), e.getMessage(), uri, e.errors());
        // A 503 is a moment's refusal (ProblemException.busy): say when to come back.
        return e.status() == 503 ? Response.fromResponse(response).header("Retry-After", "1").build() : response;
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return respond(400, "validation", "The request is invalid", detail, uri, errors);
    }

    // Listed one by one: Quarkus ships mappers for these subtypes, and the most specific mapper wins.
    @ServerExceptionMapper({JsonProcessingException.class, MismatchedInputException.class, InvalidFormatException.class,
            UnrecognizedPropertyException.class, JsonParseException.class, JsonMappingException.class})
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        String field = e instanceof JsonMappingException m ? pathOf(m) : "";
        String message;
        if (e instanceof UnrecognizedPropertyException u) {
            field = pathOf(u);
            message = serverOwned(u.getPropertyName()) ? "is set by the service and cannot be sent" : "unknown field";
        } else if (e instanceof InvalidFormatException f && TextWithoutNul.MESSAGE.equals(f.getOriginalMessage())) {
            message = TextWithoutNul.MESSAGE;
        } else if (e instanceof InvalidFormatException f) {
            message = unreadableValue(f);
        } else if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            // A number as a string ("2"), true or an object where a number belongs: name the JSON kind expected.
            message = "must be " + simpleType(m.getTargetType()) + (isNumber(m.getTargetType()) ? " (a JSON number)" : "");
        } else {
            message = "malformed JSON: " + e.getOriginalMessage();
        }
        List<Problem.FieldError> errors = List.of(new Problem.FieldError(field.isEmpty() ? "(body)" : field, message));
        return respond(400, "malformed-request", "The request body cannot be read",
                (field.isEmpty() ? "" : field + ": ") + message, uri, errors);
    }

    /**
     * Not signed in: the authentication mechanism of the path answers. On a signed-in page (the OIDC web-app tenant) that
     * is the redirect to the identity provider's login; everywhere else (the bearer-token API) a 401 problem.
     */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Uni<Response> unauthorized(RuntimeException e, UriInfo uri, RoutingContext routing) {
        HttpAuthenticator authenticator = routing == null ? null : routing.get(HttpAuthenticator.class.getName());
        if (authenticator == null) {
            return Uni.createFrom().item(bearerRequired(uri));
        }
        return authenticator.getChallenge(routing).map(challenge -> {
            if (challenge != null && challenge.status == 302) {
                Response.ResponseBuilder redirect = Response.status(302);
                challenge.getHeaders().forEach((name, value) -> redirect.header(name.toString(), value));
                return redirect.build();
            }
            return bearerRequired(uri);
        });
    }

    private static Response bearerRequired(UriInfo uri) {
        return Response.fromResponse(respond(401, "unauthorized", "Authentication required",
                "a valid bearer token for audience lmc-api is required", uri, List.of()))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(403, "forbidden", "Forbidden", "your role does not allow this operation", uri, List.of());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json, uri);
        }
        int status = e.getResponse().getStatus();
        if (e instanceof NotFoundException && e.getCause() instanceof IllegalArgumentException conversion) {
            // JAX-RS answers 404 when a path or query parameter does not convert; it is bad input, said as such.
            return malformedParameter(conversion, uri);
        }
        if (status >= 500) {
            return unexpected(e, uri);
        }
        String reason = Response.Status.fromStatusCode(status) != null ? Response.Status.fromStatusCode(status).getReasonPhrase()
                : "Request refused";
        return respond(status, reason.toLowerCase().replace(' ', '-'), reason, e.getMessage(), uri, List.of());
    }

    private static Response malformedParameter(IllegalArgumentException conversion, UriInfo uri) {
        String message = String.valueOf(conversion.getMessage());
        String field = "(parameter)";
        for (var params : List.of(uri.getQueryParameters(), uri.getPathParameters())) {
            for (var entry : params.entrySet()) {
                if (entry.getValue().stream().anyMatch(v -> !v.isEmpty() && message.contains(v))) {
                    field = entry.getKey();
                }
            }
        }
        String reason = "cannot be read: " + message;
        return respond(400, "malformed-parameter", "A parameter cannot be read", field + " " + reason, uri,
                List.of(new Problem.FieldError(field, reason)));
    }

    /**
     * A body of no declared length that outgrew {@code quarkus.http.limits.max-body-size} while Quarkus REST read it (an
     * HTTP/2 body; HTTP/1.1's chunked ones are refused before, by {@link RequestSizeLimit}): Quarkus REST has already
     * answered 413 and closed the connection when the reading resource sees this, so it is the client's fault, not an
     * incident.
     */
    @ServerExceptionMapper
    public Response bodyCutOff(java.io.IOException e, UriInfo uri) {
        if (!"Request too large".equals(e.getMessage())) {
            return unexpected(e, uri);
        }
        LOG.debugf("chunked body cut off at the size limit: %s", uri == null ? "" : uri.getRequestUri().getRawPath());
        return respond(413, "body-too-large", "The request body is too large", "the body outgrew the size limit", uri,
                List.of(new Problem.FieldError("body", "too large")));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected error, incident %s", incident);
        return respond(500, "internal", "Internal error", "unexpected error; incident " + incident, uri, List.of());
    }

    static Response respond(int status, String slug, String title, String detail, UriInfo uri, List<Problem.FieldError> errors) {
        // A browser on a page gets the same status as an HTML error page (never a stack trace).
        var page = org.lmc.web.pages.ErrorPages.forCurrentRequest(status, detail, errors);
        if (page.isPresent()) {
            return page.get();
        }
        Problem body = new Problem(Problem.TYPE_PREFIX + slug, title, status, detail,
                uri == null ? null : uri.getRequestUri().getRawPath(), errors);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(body).build();
    }

    private static String fieldOf(ConstraintViolation<?> v) {
        // Paths look like "register.request.organisation.ncesLeaId": drop the method and parameter names.
        String path = v.getPropertyPath().toString();
        String[] parts = path.split("\\.", 3);
        return parts.length == 3 ? parts[2] : parts[parts.length - 1];
    }

    /**
     * Names that answers carry and requests never do: ids, status, versions, timestamps ({@code ...At}) and who did
     * what ({@code ...By}). Request bodies refuse every field they do not declare (unknown properties fail); these are
     * only told apart in the message, so that a client echoing a read object back learns why.
     */
    static boolean serverOwned(String name) {
        return name != null && (SERVER_OWNED.contains(name) || name.matches(".*[a-z](At|By)"));
    }

    private static final Set<String> SERVER_OWNED = Set.of("id", "status", "version", "etag");

    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /**
     * A value that cannot be read as its field's type: a fraction for a whole number, say. (A number in a string never
     * gets here: StrictJson refuses it as a MismatchedInputException.)
     */
    private static String unreadableValue(InvalidFormatException f) {
        Class<?> target = f.getTargetType();
        if (isNumber(target) && f.getValue() instanceof Number number) {
            return "must be " + simpleType(target) + ", not " + number;
        }
        return "cannot be read as " + simpleType(target) + ": " + f.getValue();
    }

    private static boolean isNumber(Class<?> type) {
        return type != null && (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class && type != char.class);
    }

    private static String simpleType(Class<?> type) {
        if (type == null) {
            return "a value";
        }
        if (isNumber(type)) {
            boolean whole = type == Integer.class || type == int.class || type == Long.class || type == long.class || type == Short.class
                    || type == short.class || type == Byte.class || type == byte.class || type == java.math.BigInteger.class;
            return whole ? "a whole number" : "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class || type.isEnum() || type == UUID.class) {
            return type.isEnum() ? "one of " + java.util.Arrays.toString(type.getEnumConstants()) : type == UUID.class ? "a UUID" : "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }
}
