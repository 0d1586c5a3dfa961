package org.lmc.web;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A per-caller limit on writes, so that one noisy caller does not starve the others: every POST, PUT, PATCH and DELETE
 * of an authenticated caller takes a token from that caller's bucket (keyed by the verified token's subject, so a
 * service account and each person have their own), which holds {@code lmc.web.rate-limit.burst} tokens and refills at
 * {@code lmc.web.rate-limit.writes-per-second}. An empty bucket answers 429 problem+json with {@code Retry-After} (whole
 * seconds until the next token), before the request reaches a resource, so nothing is written. Reads (GET, HEAD,
 * OPTIONS) are never limited, nor anonymous calls (refused by the role checks anyway). The buckets live in the
 * instance's memory: with several instances each allows its own share.
 */
@ApplicationScoped
public class WriteRateLimit {
    static final int TOO_MANY_REQUESTS = 429;
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final int MAX_CALLERS = 100_000;

    private final boolean enabled;
    private final double perSecond;
    private final double burst;
    private final CurrentIdentityAssociation identities;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    WriteRateLimit(@ConfigProperty(name = "lmc.web.rate-limit.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "lmc.web.rate-limit.writes-per-second", defaultValue = "20") double perSecond,
            @ConfigProperty(name = "lmc.web.rate-limit.burst", defaultValue = "100") int burst,
            CurrentIdentityAssociation identities) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("lmc.web.rate-limit: writes-per-second must be above 0 and burst at least 1");
        }
        this.enabled = enabled;
        this.perSecond = perSecond;
        this.burst = burst;
        this.identities = identities;
    }

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION + 1)
    public Uni<Response> limitWrites(ContainerRequestContext request) {
        if (!enabled || READS.contains(request.getMethod())) {
            return Uni.createFrom().nullItem();
        }
        return identities.getDeferredIdentity().map(identity -> {
            String key = keyOf(identity);
            if (key == null) {
                return null;
            }
            long waitNanos = take(key, System.nanoTime());
            return waitNanos == 0 ? null : tooMany(request, waitNanos);
        });
    }

    /** The caller's bucket key: the token's subject (its client for a token without one); null for anonymous calls. */
    static String keyOf(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return null;
        }
        if (identity.getPrincipal() instanceof JsonWebToken token) {
            if (token.getSubject() != null && !token.getSubject().isBlank()) {
                return "sub:" + token.getSubject();
            }
            Object client = token.getClaim("azp");
            if (client != null) {
                return "client:" + client;
            }
        }
        return "name:" + identity.getPrincipal().getName();
    }

    /** Takes a token from the caller's bucket: 0 when there was one, else the nanoseconds until there is. */
    long take(String key, long nowNanos) {
        if (buckets.size() >= MAX_CALLERS && !buckets.containsKey(key)) {
            buckets.values().removeIf(b -> b.isFull(nowNanos));
            if (buckets.size() >= MAX_CALLERS) {
                buckets.clear();
            }
        }
        return buckets.computeIfAbsent(key, k -> new Bucket(burst, nowNanos)).take(nowNanos);
    }

    private Response tooMany(ContainerRequestContext request, long waitNanos) {
        long retryAfter = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        Problem problem = new Problem(Problem.TYPE_PREFIX + "rate-limited", "Too many writes", TOO_MANY_REQUESTS,
                "this caller may send " + format(perSecond) + " writes a second (bursts of " + format(burst)
                        + "); retry after " + retryAfter + " s",
                request.getUriInfo().getPath(), List.of());
        return Response.status(TOO_MANY_REQUESTS).type(Problem.MEDIA_TYPE).header(HttpHeaders.RETRY_AFTER, retryAfter)
                .entity(problem).build();
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** A token bucket: {@code capacity} tokens, refilled at {@code perSecond}. */
    private final class Bucket {
        private double tokens;
        private long updatedNanos;

        Bucket(double capacity, long nowNanos) {
            this.tokens = capacity;
            this.updatedNanos = nowNanos;
        }

        synchronized long take(long nowNanos) {
            refill(nowNanos);
            if (tokens >= 1 - 1e-9) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perSecond * 1_000_000_000L);
        }

        synchronized boolean isFull(long nowNanos) {
            refill(nowNanos);
            return tokens >= burst;
        }

        private void refill(long nowNanos) {
            tokens = Math.min(burst, tokens + (nowNanos - updatedNanos) / 1_000_000_000.0 * perSecond);
            updatedNanos = nowNanos;
        }
    }
}
