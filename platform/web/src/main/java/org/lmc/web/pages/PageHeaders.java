package org.lmc.web.pages;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * The security headers of every HTML page (pages and their error pages): a Content Security Policy that allows no
 * script at all and only the service's own style sheet and images, no framing, no referrer beyond the origin, no
 * content sniffing. Pages work without JavaScript; the policy keeps it that way.
 */
public final class PageHeaders {
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
            + " base-uri 'none'; frame-ancestors 'none'";
    public static final String REFERRER_POLICY = "strict-origin-when-cross-origin";

    /** Adds the headers to an HTML response (other responses are left as they are). */
    @ServerResponseFilter
    public void onPage(jakarta.ws.rs.container.ContainerResponseContext response) {
        MediaType type = response.getMediaType();
        if (type != null && type.isCompatible(MediaType.TEXT_HTML_TYPE)) {
            apply(response.getHeaders());
        }
    }

    static void apply(MultivaluedMap<String, Object> headers) {
        headers.putSingle("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.putSingle("Referrer-Policy", REFERRER_POLICY);
        headers.putSingle("X-Content-Type-Options", "nosniff");
        headers.putSingle("X-Frame-Options", "DENY");
        headers.putSingle("Cache-Control", "no-cache");
    }

    /** The same headers on a response built by hand (the error page). */
    static Response.ResponseBuilder apply(Response.ResponseBuilder builder) {
        return builder.header("Content-Security-Policy", CONTENT_SECURITY_POLICY).header("Referrer-Policy", REFERRER_POLICY)
                .header("X-Content-Type-Options", "nosniff").header("X-Frame-Options", "DENY").header("Cache-Control", "no-cache");
    }
}
