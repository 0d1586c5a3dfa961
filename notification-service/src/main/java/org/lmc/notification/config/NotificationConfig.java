package org.lmc.notification.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Configuration of notification-service ({@code lmc.notification.*}). */
@ConfigMapping(prefix = "lmc.notification")
public interface NotificationConfig {

    Delivery delivery();

    Webhooks webhooks();

    Mail mail();

    Digest digest();

    Retention retention();

    interface Delivery {
        /** Whether this instance runs the delivery worker (every instance may; claims never overlap). */
        @WithDefault("true")
        boolean enabled();

        /** Deliveries sent at the same time, over all recipients. */
        @WithDefault("16")
        int concurrency();

        /** Deliveries to one webhook endpoint or one email address in flight at once; the rest wait their turn. */
        @WithDefault("2")
        int perRecipientConcurrency();

        /** Fallback polling interval; the worker is also woken right after each commit that recorded deliveries. */
        @WithDefault("1s")
        Duration pollInterval();

        /** Attempts before a delivery is dead. */
        @WithDefault("8")
        int maxAttempts();

        /** Wait after the first failed attempt; doubles after each further one (with jitter). */
        @WithDefault("30s")
        Duration backoffBase();

        /** Longest wait between two attempts. */
        @WithDefault("1h")
        Duration backoffMax();

        /** How long a claimed delivery is reserved for its sender; after a crash it is claimed again. */
        @WithDefault("2m")
        Duration lease();
    }

    interface Webhooks {
        /** Time to connect to, and to get an answer from, a webhook endpoint. */
        @WithDefault("5s")
        Duration timeout();

        /** How long a rotated secret keeps signing beside the new one. */
        @WithDefault("24h")
        Duration secretOverlap();

        /** Local only (tests, ./lmc): allow endpoints on loopback addresses, plain HTTP included. */
        @WithDefault("false")
        boolean allowLoopback();
    }

    interface Mail {
        /** Sender of every email. */
        @WithDefault("LMC notifications <notifications@lmc.example.org>")
        String from();
    }

    interface Digest {
        /** When the daily digest of routine notifications is sent (Quartz-style cron, server time zone). */
        @WithDefault("0 0 7 * * ?")
        String cron();
    }

    interface Retention {
        /** How long delivered deliveries (and their attempt log) are kept. */
        @WithDefault("30d")
        Duration delivered();

        /** How long dead deliveries are kept for inspection and redelivery. */
        @WithDefault("90d")
        Duration dead();

        /** How long inbox notifications are kept. */
        @WithDefault("400d")
        Duration inbox();
    }
}
