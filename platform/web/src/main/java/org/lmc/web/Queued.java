package org.lmc.web;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a resource method whose work is serial anyway (it holds one hot row's lock to commit, as every payment of a grant
 * does) or bound by the instance's cores (a registration's writes): at most {@link #concurrency} of its requests run at
 * once in this instance, the others wait their turn in arrival order, before any transaction, Idempotency-Key claim or
 * connection is taken. A request that waited {@link #waitMillis} without its turn is answered 503
 * ({@code urn:lmc:problem:busy}, Retry-After) and changed nothing.
 *
 * <p>Why: on a small machine, requests queued on the database's row lock still each run their own work up to it
 * (token, body, the idempotency claim, reads) on the cores the lock's holder needs for its round trips, so the holder
 * slows and every waiter with it. Queued here, they wait without running. The database lock still decides; this only
 * orders the requests of one instance. For work bound by the cores, the requests admitted share them as before, but
 * the rest wait in order instead of all sharing them at once, so the slowest answers come sooner.
 */
@InterceptorBinding
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface Queued {
    /** Requests of the method that run at once in one instance. */
    @Nonbinding
    int concurrency() default 2;

    /** How long a request waits for its turn before it is answered 503. */
    @Nonbinding
    long waitMillis() default 10_000;
}
