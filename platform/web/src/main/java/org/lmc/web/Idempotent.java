package org.lmc.web;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a creating POST resource method returning a {@code Response}: honours the {@code Idempotency-Key}
 * header (IETF draft semantics). Same key and same request: the stored response is replayed. Same key,
 * another request: 422. Same key while the first is still running: 409. Keys are scoped to the caller.
 */
@InterceptorBinding
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface Idempotent {
}
