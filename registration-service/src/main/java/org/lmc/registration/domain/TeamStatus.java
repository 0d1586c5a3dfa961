package org.lmc.registration.domain;

/** REGISTERED awaits its members' commitments; CONFIRMED has a place; WAITLISTED waits for one. */
public enum TeamStatus {
    REGISTERED, CONFIRMED, WAITLISTED, CANCELLED
}
