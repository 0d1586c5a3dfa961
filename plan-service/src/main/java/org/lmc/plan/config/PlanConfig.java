package org.lmc.plan.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** plan-service settings ({@code lmc.plan.*}). */
@ConfigMapping(prefix = "lmc.plan")
public interface PlanConfig {

    Reminders reminders();

    Pages pages();

    interface Pages {
        /**
         * How many public searches (query, filters, page) keep their results for reuse while the public directory's
         * revision stays the same; about 6 KB each at the API's default page. 0 turns the cache off.
         */
        @WithDefault("2000")
        long searchCacheSize();
    }

    interface Reminders {
        /** Days before a milestone's due date at which a due-soon reminder goes out (the tightest one that applies). */
        @WithDefault("14,3")
        List<Integer> daysBefore();

        /** An undone milestone gets its one overdue reminder if the sweep finds it within this many days after its due date. */
        @WithDefault("30")
        int overdueWindowDays();

        /** Reminder claims are kept this many days after their milestone's due date, then purged. */
        @WithDefault("90")
        int retentionDays();

        /**
         * Whether an admin may run a sweep "as of" a chosen date ({@code POST /api/v1/admin/reminder-sweeps?asOf=}), so a
         * demo can play months in minutes. Off in production.
         */
        @WithDefault("true")
        boolean sweepAsOfEnabled();

        /** How often the scheduled sweep runs (a duration such as {@code 1h}; {@code off} disables it). */
        @WithDefault("1h")
        String every();

        /** How long after start the first scheduled sweep waits. */
        @WithDefault("30s")
        String delay();
    }
}
