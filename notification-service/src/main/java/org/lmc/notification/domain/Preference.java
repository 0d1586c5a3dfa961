package org.lmc.notification.domain;

import java.util.UUID;

/**
 * How one kind reaches an organisation by one channel: for all its people ({@code memberId} null) or one person.
 * IMMEDIATE sends at once, DIGEST (routine kinds only) once a day, OFF not at all (never for critical kinds).
 */
public record Preference(UUID memberId, String kind, Channel channel, Mode mode) {

    public enum Mode { IMMEDIATE, DIGEST, OFF }

    /** Channels a person's preference governs; webhooks are governed by their subscriptions. */
    public enum Channel { EMAIL }
}
