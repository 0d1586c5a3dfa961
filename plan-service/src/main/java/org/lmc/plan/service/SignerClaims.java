package org.lmc.plan.service;

import jakarta.enterprise.context.RequestScoped;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The token claims that identify a person signing a plan, read in this one place: the subject, and the email only when
 * the identity provider says it is verified ({@code email_verified} true).
 */
@RequestScoped
public class SignerClaims {
    private final JsonWebToken token;

    SignerClaims(JsonWebToken token) {
        this.token = token;
    }

    public String subject() {
        return token.getSubject();
    }

    /** The caller's email in lower case, if the token carries it as verified. */
    public Optional<String> verifiedEmail() {
        Object verified = token.getClaim("email_verified");
        Object email = token.getClaim("email");
        boolean isVerified = verified != null && Boolean.parseBoolean(verified.toString().replace("\"", ""));
        if (!isVerified || email == null) {
            return Optional.empty();
        }
        return Optional.of(email.toString().replace("\"", "").toLowerCase(Locale.ROOT));
    }
}
