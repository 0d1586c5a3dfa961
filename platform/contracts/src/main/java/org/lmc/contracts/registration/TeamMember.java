package org.lmc.contracts.registration;

import java.time.Instant;
import java.util.UUID;

/** A member of a team with a contact email, a role slot and, once they committed to attend, when. */
public record TeamMember(UUID memberId, String name, String email, String role, Instant committedAt) {
}
