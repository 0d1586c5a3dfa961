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

        /** Attempts of a row Kafka refuses (too large, unknown topic) before it is parked; broker outages never count. */
        @WithDefault("5")
        int maxSendAttempts();

        /** Longest wait between relay attempts while Kafka or the database is away (how late it may notice their return). */
        @WithDefault("2s")
        Duration maxBackoff();
    }

    interface Inbox {
        /** Consumer name: the Kafka group id and the inbox's consumer key, e.g. {@code notification-service}. */
        Optional<String> consumer();

        /** Topics consumed; no topics, no consumer. */
        Optional<List<String>> topics();

        /**
         * Attempts of an event whose handler fails for no known reason before it is dead-lettered. Poison (unparseable,
         * schema, unsupported version, {@code PoisonEventException}) is dead-lettered at once; infrastructure failures
         * (database or broker away, pool timeout, serialization failure, deadlock) are retried without limit.
         */
        @WithDefault("5")
        int maxAttempts();

        /** Backoff after the first failed attempt; doubles on each further one, with jitter. */
        @WithDefault("100ms")
        Duration retryBackoff();

        /**
         * Cap of the backoff while a dependency is away (the partitions stay paused, the consumer keeps polling): the
         * longest the consumer may take to notice that the dependency is back.
         */
        @WithDefault("2s")
        Duration maxBackoff();

        /**
         * How long inbox rows are kept. A redelivery older than this would be applied again, so keep it well above
         * the retention of the topics consumed (Kafka's default is 7 days).
         */
        @WithDefault("30d")
        Duration retention();

        /** How long replayed dead letters are kept; dead letters not replayed stay until someone acts. */
        @WithDefault("30d")
        Duration deadLetterRetention();
    }
}
