package org.lmc.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A test-only serial endpoint: one request at a time, 300 ms of waiting at most; a held request waits for the test. */
@Path("/test/queued")
@RolesAllowed(Caller.ADMIN)
public class QueuedResource {
    static final AtomicInteger INSIDE = new AtomicInteger();
    static final AtomicInteger ENTERED = new AtomicInteger();
    static volatile CountDownLatch release = new CountDownLatch(0);

    @POST
    @Queued(concurrency = 1, waitMillis = 300)
    public Response run(@QueryParam("hold") boolean hold) throws InterruptedException {
        ENTERED.incrementAndGet();
        INSIDE.incrementAndGet();
        try {
            if (hold && !release.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the held request");
            }
            return Response.noContent().build();
        } finally {
            INSIDE.decrementAndGet();
        }
    }
}
