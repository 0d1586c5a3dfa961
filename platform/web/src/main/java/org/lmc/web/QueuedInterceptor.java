package org.lmc.web;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Implements {@link Queued}: one fair semaphore per method; the wait and the refusals are metered per method. */
@Queued
@Interceptor
// Before IdempotencyInterceptor (PLATFORM_BEFORE + 100) and @Transactional: a waiting request holds no transaction.
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 50)
public class QueuedInterceptor {
    private final Map<Method, Semaphore> turns = new ConcurrentHashMap<>();
    private final MeterRegistry registry;

    QueuedInterceptor(MeterRegistry registry) {
        this.registry = registry;
    }

    @AroundInvoke
    Object around(InvocationContext ctx) throws Exception {
        Queued queued = ctx.getMethod().getAnnotation(Queued.class);
        if (queued == null) {
            queued = ctx.getMethod().getDeclaringClass().getAnnotation(Queued.class);
        }
        int concurrency = queued.concurrency();
        Semaphore turn = turns.computeIfAbsent(ctx.getMethod(), m -> new Semaphore(concurrency, true));
        String name = ctx.getMethod().getDeclaringClass().getSimpleName() + "." + ctx.getMethod().getName();
        long start = System.nanoTime();
        boolean admitted = turn.tryAcquire(queued.waitMillis(), TimeUnit.MILLISECONDS);
        registry.timer("lmc.web.queued.wait", "method", name).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        if (!admitted) {
            registry.counter("lmc.web.queued.refused", "method", name).increment();
            throw ProblemException.busy("too many requests of this kind are waiting; retry in a second");
        }
        try {
            return ctx.proceed();
        } finally {
            turn.release();
        }
    }
}
