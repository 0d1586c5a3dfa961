package org.lmc.funding.domain;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** What funding knows of a team, from registration's events: its organisation, whether it presents, its members. */
public record Team(UUID id, UUID conveningId, String orgKind, String orgId, String orgName, String orgState, boolean presenting,
        String status, List<Member> members) {

    public record Member(UUID memberId, int position, String name, String email, String role) {
    }

    public Optional<Member> member(UUID memberId) {
        return members.stream().filter(m -> m.memberId().equals(memberId)).findFirst();
    }

    /**
     * The members whose travel is funded, in the team's order: up to {@code ordinary} of them, or up to {@code presenting}
     * for a team that presents a breakout session.
     */
    public List<Member> fundedTravellers(int ordinary, int presentingTeam) {
        int limit = presenting ? presentingTeam : ordinary;
        return members.stream().sorted(java.util.Comparator.comparingInt(Member::position)).limit(limit).toList();
    }
}
