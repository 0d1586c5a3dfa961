package org.lmc.web;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;

/**
 * Asked before quarkus-oidc: the identity of a bearer token verified earlier and not yet expired, or nothing, and
 * quarkus-oidc verifies the token in full (then {@link VerifiedTokenRecorder} remembers it).
 */
@ApplicationScoped
public class VerifiedTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {
    private final VerifiedTokens tokens;

    VerifiedTokenIdentityProvider(VerifiedTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Before quarkus-oidc's provider, which has the default priority (1001, above SYSTEM_FIRST). */
    @Override
    public int priority() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        SecurityIdentity known = tokens.find(request.getToken().getToken(), Instant.now());
        if (known == null) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().item(forThisRequest(known, HttpSecurityUtils.getRoutingContextAttribute(request)));
    }

    /** The remembered identity, its attributes that held the first request's routing context holding this one's. */
    private static SecurityIdentity forThisRequest(SecurityIdentity known, RoutingContext current) {
        QuarkusSecurityIdentity.Builder copy = QuarkusSecurityIdentity.builder(known);
        copy.addAttribute(VerifiedTokenRecorder.FROM_CACHE, Boolean.TRUE);
        for (Map.Entry<String, Object> attribute : known.getAttributes().entrySet()) {
            if (attribute.getValue() instanceof RoutingContext) {
                copy.addAttribute(attribute.getKey(), current);
            }
        }
        return copy.build();
    }
}
