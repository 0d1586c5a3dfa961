package org.lmc.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/** The test consumer's effect: one row per event; a poison payload throws until its thing is in {@link #FIXED}. */
@ApplicationScoped
public class ThingEffects implements EventHandler {
    static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();
    /** Things whose poison was cured (the cause of their dead letter fixed), so that a replay succeeds. */
    static final Set<String> FIXED = ConcurrentHashMap.newKeySet();
    /** Things whose first delivery throws an Error, not an exception. */
    static final Set<String> CRASH_ONCE = ConcurrentHashMap.newKeySet();

    /** Label of a thing whose handling publishes a follow-up thing ({@code <id>-next}), as a real consumer's effect may. */
    static final String CHAIN = "chain";

    private final DataSource dataSource;
    private final Outbox outbox;

    ThingEffects(DataSource dataSource, Outbox outbox) {
        this.dataSource = dataSource;
        this.outbox = outbox;
    }

    @Override
    public Set<String> types() {
        return Set.of(ThingHappened.TYPE);
    }

    @Override
    public void handle(IncomingEvent event) {
        ThingHappened thing = event.data(ThingHappened.class);
        if (CRASH_ONCE.remove(thing.thingId())) {
            throw new AssertionError("unexpected failure for " + thing.thingId());
        }
        ATTEMPTS.computeIfAbsent(thing.thingId(), k -> new AtomicInteger()).incrementAndGet();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO test_effect (event_id, thing_id, label) VALUES (?, ?, ?)")) {
            s.setString(1, event.id());
            s.setString(2, thing.thingId());
            s.setString(3, thing.label());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        if (CHAIN.equals(thing.label())) {
            String next = thing.thingId() + "-next";
            outbox.publish(new PendingEvent(ThingHappened.TYPE, next, new ThingHappened(next, "chained", false)));
        }
        if (thing.poison() && !FIXED.contains(thing.thingId())) {
            throw new IllegalStateException("poison thing " + thing.thingId());
        }
    }
}
