package org.lmc.notification.domain;

import java.util.UUID;

/** A team member as the directory knows them: who may be emailed, in which role slot. */
public record Person(UUID memberId, String name, String email, String role) {
}
