package org.lmc.notification.domain;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Who among a team is told, from the event's addressing fields ({@code memberId}, {@code recipientRoles}, and a
 * milestone's {@code ownerRole}); the rule of {@link NotificationKind.Audience}.
 */
public final class Addressing {
    /** Roles that head a team: a district's superintendent, a state's chief state school officer. */
    public static final List<String> TEAM_HEADS = List.of("SUPERINTENDENT", "CHIEF_STATE_SCHOOL_OFFICER");

    private Addressing() {
    }

    /**
     * @param team the team's current members
     * @param memberId the person the event concerns, or null
     * @param named that person when known (from the team or the directory), or null
     */
    public static List<Person> recipients(NotificationKind.Audience audience, List<Person> team, UUID memberId, Person named,
            List<String> recipientRoles, String ownerRole) {
        if (audience == NotificationKind.Audience.TEAM) {
            return team;
        }
        if (memberId != null) {
            return named == null ? List.of() : List.of(named);
        }
        Set<String> roles = new LinkedHashSet<>(recipientRoles);
        if (audience == NotificationKind.Audience.MILESTONE_OWNER_AND_SUPERINTENDENT) {
            if (ownerRole != null) {
                roles.add(ownerRole);
            }
            roles.addAll(TEAM_HEADS);
        }
        if (roles.isEmpty()) {
            return team;
        }
        return team.stream().filter(p -> roles.contains(p.role())).toList();
    }
}
