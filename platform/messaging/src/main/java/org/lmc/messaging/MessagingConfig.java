package org.lmc.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Configuration of the outbox relay and the inbox consumer ({@code lmc.messaging.*}). */
@ConfigMapping(prefix = "lmc.messaging")
public interface MessagingConfig {

    Outbox outbox();

    Inbox inbox();

    interface Outbox {
        /** Topic this service publishes to, e.g. {@code lmc.registration.events}. */
        Optional<String> topic();

        /** CloudEvents {@code source} of this service's events, e.g. {@code /lmc/registration-service}. */
        @WithDefault("/lmc/unknown")
        String source();

        /** Whether this instance relays outbox rows to Kafka (several instances may; one relays at a time). */
        @WithDefault("true")
        boolean relayEnabled();

        /** Rows claimed and sent per relay transaction. */
        @WithDefault("500")
        int batchSize();

        /** Fallback polling interval; the relay is also woken right after each commit that wrote rows. */
        @WithDefault("1s")
        Duration pollInterval();

        /** Longest wait for the broker's acknowledgement of a batch before it is retried. */
        @WithDefault("10s")
        Duration sendTimeout();

        /** How long sent rows are kept (for tracing) before they are purged. */
        @WithDefault("7d")
        Duration retention();

        /** Validate each event against its JSON Schema before it is written (a producer bug fails the write). */
        @WithDefault("true")
        boolean validateSchemas();
    }

    interface Inbox {
        /** Consumer name: the Kafka group id and the inbox's consumer key, e.g. {@code notification-service}. */
        Optional<String> consumer();

        /** Topics consumed; no topics, no consumer. */
        Optional<List<String>> topics();

        /** Attempts of a failing event before it goes to the dead-letter topic. */
        @WithDefault("5")
        int maxAttempts();

        /** Backoff after the first failed attempt; doubles on each further one. */
        @WithDefault("100ms")
        Duration retryBackoff();
    }
}
