package org.lmc.web;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Last of the augmentors: remembers an identity quarkus-oidc made of a bearer token it has just verified. */
@ApplicationScoped
public class VerifiedTokenRecorder implements SecurityIdentityAugmentor {
    /** Marks an identity served from {@link VerifiedTokens}, which need not be remembered again. */
    static final String FROM_CACHE = "lmc.verified-token.cached";

    private final VerifiedTokens tokens;

    VerifiedTokenRecorder(VerifiedTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public int priority() {
        return Integer.MIN_VALUE;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (!identity.isAnonymous() && identity.getAttribute(FROM_CACHE) == null
                && identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getExpirationTime() > 0) {
            AccessTokenCredential credential = identity.getCredential(AccessTokenCredential.class);
            // A bearer access token, not the ID token of a signed-in browser session.
            if (credential != null && credential.getToken() != null && credential.getToken().equals(jwt.getRawToken())) {
                tokens.remember(credential.getToken(), identity, jwt.getExpirationTime(), Instant.now());
            }
        }
        return Uni.createFrom().item(identity);
    }
}
