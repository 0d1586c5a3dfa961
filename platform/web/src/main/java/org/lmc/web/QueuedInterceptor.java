package org.lmc.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
    /** A method's queue, made at its first request: its turns, its wait and its meters. */
    private record Line(Semaphore turns, long waitMillis, Timer waited, Counter refused) {
    }

    private final Map<Method, Line> lines = new ConcurrentHashMap<>();
    private final MeterRegistry registry;

    QueuedInterceptor(MeterRegistry registry) {
        this.registry = registry;
    }

    @AroundInvoke
    Object around(InvocationContext ctx) throws Exception {
        Line line = lines.computeIfAbsent(ctx.getMethod(), this::line);
        long start = System.nanoTime();
        boolean admitted = line.turns().tryAcquire(line.waitMillis(), TimeUnit.MILLISECONDS);
        line.waited().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        if (!admitted) {
            line.refused().increment();
            throw ProblemException.busy("too many requests of this kind are waiting; retry in a second");
        }
        try {
            return ctx.proceed();
        } finally {
            line.turns().release();
        }
    }

    private Line line(Method method) {
        Queued queued = method.getAnnotation(Queued.class);
        if (queued == null) {
            queued = method.getDeclaringClass().getAnnotation(Queued.class);
        }
        String name = method.getDeclaringClass().getSimpleName() + "." + method.getName();
        return new Line(new Semaphore(queued.concurrency(), true), queued.waitMillis(),
                registry.timer("lmc.web.queued.wait", "method", name), registry.counter("lmc.web.queued.refused", "method", name));
    }
}
