package org.lmc.web.pages;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The form token of signed-in pages against cross-site request forgery (a double-submit token): a random value the
 * browser holds in an HttpOnly, SameSite=Strict cookie and every form of the page repeats in a hidden field. Another
 * site can make the browser post a form, but can neither read the cookie nor set it, so it cannot repeat the value.
 * A form in a page template holds {@code {#formToken /}} (the tag {@code templates/tags/formToken.html}).
 */
@RequestScoped
@Named("formToken")
public class FormToken {
    public static final String COOKIE = "lmc-form-token";
    public static final String FIELD = "formToken";
    private static final int BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RoutingContext routing;
    private final boolean secureCookies;
    private String value;

    FormToken(RoutingContext routing, @ConfigProperty(name = "lmc.web.secure-cookies") boolean secureCookies) {
        this.routing = routing;
        this.secureCookies = secureCookies;
    }

    /** The name of the hidden field. */
    public String field() {
        return FIELD;
    }

    /** The browser's token; a new one, set as a cookie with this response, when the browser has none (or a malformed one). */
    public String value() {
        if (value == null) {
            value = fromCookie(routing);
            if (value == null) {
                byte[] random = new byte[BYTES];
                RANDOM.nextBytes(random);
                value = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
                routing.response().addCookie(Cookie.cookie(COOKIE, value).setPath("/").setHttpOnly(true).setSecure(secureCookies)
                        .setSameSite(CookieSameSite.STRICT));
            }
        }
        return value;
    }

    /** True when {@code submitted} is the token of the browser's cookie (compared in constant time). */
    static boolean matches(RoutingContext routing, String submitted) {
        String expected = fromCookie(routing);
        return expected != null && submitted != null
                && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), submitted.getBytes(StandardCharsets.US_ASCII));
    }

    private static String fromCookie(RoutingContext routing) {
        Cookie cookie = routing.request().getCookie(COOKIE);
        if (cookie == null) {
            return null;
        }
        String token = cookie.getValue();
        try {
            return Base64.getUrlDecoder().decode(token).length == BYTES ? token : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
