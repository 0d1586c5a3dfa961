package org.lmc.web;

import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Digests the raw body of a request that carries an {@code Idempotency-Key} before it is deserialised. The body (at
 * most {@code quarkus.http.limits.max-body-size}) is read once into memory and handed on from there: the reader would
 * close the stream before its trailing bytes could be digested.
 */
@Provider
public class BodyDigestReader implements ReaderInterceptor {
    private final RequestBodyDigest digest;

    BodyDigestReader(RequestBodyDigest digest) {
        this.digest = digest;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (context.getHeaders().getFirst(IdempotencyInterceptor.HEADER) == null) {
            return context.proceed();
        }
        byte[] body = context.getInputStream().readAllBytes();
        digest.set(RequestBodyDigest.newDigest().digest(body));
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }
}
