package org.lmc.web;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bearer tokens already verified by quarkus-oidc (signature, issuer, audience, expiry), with the identity made of each,
 * until the token expires: a client sends the same token for minutes, and its signature need be checked only once.
 * Keyed by the SHA-256 of the whole token, so only the very same bytes match; bounded in size.
 */
@ApplicationScoped
public class VerifiedTokens {
    private final int maxSize;
    private final Map<ByteBuffer, Verified> verified = new ConcurrentHashMap<>();

    /** An identity made of a verified token, served until {@code expiresAt} (the token's exp claim). */
    record Verified(SecurityIdentity identity, long expiresAtEpochSecond) {
    }

    VerifiedTokens(@ConfigProperty(name = "lmc.web.verified-tokens.max-size", defaultValue = "10000") int maxSize) {
        this.maxSize = maxSize;
    }

    /** The identity of {@code token} when it was verified before and has not expired at {@code now}; else null. */
    SecurityIdentity find(String token, Instant now) {
        ByteBuffer key = keyOf(token);
        Verified found = verified.get(key);
        if (found == null) {
            return null;
        }
        if (now.getEpochSecond() >= found.expiresAtEpochSecond()) {
            verified.remove(key, found);
            return null;
        }
        return found.identity();
    }

    /** Remembers the identity of a token quarkus-oidc has just verified, until {@code expiresAtEpochSecond}. */
    void remember(String token, SecurityIdentity identity, long expiresAtEpochSecond, Instant now) {
        if (expiresAtEpochSecond <= now.getEpochSecond() || maxSize <= 0) {
            return;
        }
        if (verified.size() >= maxSize) {
            verified.values().removeIf(v -> v.expiresAtEpochSecond() <= now.getEpochSecond());
            if (verified.size() >= maxSize) {
                // Still full of live tokens: start over rather than track recency on every hit.
                verified.clear();
            }
        }
        verified.put(keyOf(token), new Verified(identity, expiresAtEpochSecond));
    }

    int size() {
        return verified.size();
    }

    private static ByteBuffer keyOf(String token) {
        return ByteBuffer.wrap(RequestBodyDigest.newDigest().digest(token.getBytes(StandardCharsets.US_ASCII)));
    }
}
