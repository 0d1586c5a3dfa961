package org.lmc.notification;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.lmc.testing.LmcTestStack;

/** The one stack every test class of this module shares: PostgreSQL, Kafka, OIDC and the in-JVM SMTP server. */
@QuarkusTestResource(value = LmcTestStack.class, initArgs = {@ResourceArg(name = "database", value = "notification"),
        @ResourceArg(name = "smtp", value = "true")})
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface NotificationStack {
}
