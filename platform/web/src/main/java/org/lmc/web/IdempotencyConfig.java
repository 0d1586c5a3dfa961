package org.lmc.web;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code lmc.web.idempotency.*}: how long Idempotency-Key records live. */
@ConfigMapping(prefix = "lmc.web.idempotency")
public interface IdempotencyConfig {
    /**
     * How long a key is remembered and its response replayed. The records hold response bodies with personal data
     * (names, emails), so they are deleted once older than this.
     */
    @WithDefault("24h")
    Duration retention();

    /** How often records older than the retention are deleted. */
    @WithDefault("15m")
    Duration purgeEvery();

    /** Rows deleted per statement while purging, so that no purge holds one long transaction. */
    @WithDefault("5000")
    int purgeBatch();
}
