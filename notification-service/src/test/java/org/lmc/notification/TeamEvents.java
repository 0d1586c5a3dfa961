package org.lmc.notification;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.lmc.contracts.registration.BoothAssigned;
import org.lmc.contracts.registration.MemberAdded;
import org.lmc.contracts.registration.MemberCommitted;
import org.lmc.contracts.registration.MemberReplaced;
import org.lmc.contracts.registration.TeamCancelled;
import org.lmc.contracts.registration.TeamConfirmed;
import org.lmc.contracts.registration.TeamMember;
import org.lmc.contracts.registration.TeamOrganisation;
import org.lmc.contracts.registration.TeamPromoted;
import org.lmc.contracts.registration.TeamRegistered;
import org.lmc.contracts.registration.TeamWaitlisted;

/**
 * A district team as registration-service describes it in its events, with addresses unique to the team so that
 * each test reads only its own mail. Plan and funding events are built as the shared contract describes them
 * (addressing fields by name), since their payload records live on other branches.
 */
public final class TeamEvents {
    public static final Instant CONVENING_DAY = Instant.parse("2011-02-15T15:00:00Z");

    public final UUID teamId = UUID.randomUUID();
    public final UUID conveningId = UUID.randomUUID();
    public final TeamOrganisation organisation;
    public final TeamMember superintendent;
    public final TeamMember unionLeader;
    public final TeamMember boardPresident;
    private List<TeamMember> current;

    private TeamEvents(String orgId, String name, String state) {
        organisation = new TeamOrganisation("DISTRICT", orgId, name, state);
        String tag = teamId.toString().substring(0, 8);
        superintendent = member("Tom Boasberg", "superintendent." + tag + "@dpsk12.example.org", "SUPERINTENDENT");
        unionLeader = member("Henry Roman", "union." + tag + "@dcta.example.org", "UNION_LEADER");
        boardPresident = member("Nate Easley", "board." + tag + "@dpsk12.example.org", "BOARD_PRESIDENT");
        current = List.of(superintendent, unionLeader, boardPresident);
    }

    /** A Colorado district with a fresh NCES-shaped id, so tests never share an inbox. */
    public static TeamEvents denverLike() {
        return new TeamEvents("08" + String.format("%05d", ThreadLocalRandom.current().nextInt(100_000)), "Denver Public Schools", "CO");
    }

    public static TeamMember member(String name, String email, String role) {
        return new TeamMember(UUID.randomUUID(), name, email, role, null);
    }

    /** The team's members now (replacements and additions change them). */
    public List<TeamMember> members() {
        return current;
    }

    public List<String> emails() {
        return members().stream().map(TeamMember::email).toList();
    }

    public TeamRegistered registered() {
        return new TeamRegistered(teamId, conveningId, new TeamRegistered.Organisation(organisation.kind(), organisation.orgId(),
                organisation.name(), organisation.state()), current.stream()
                        .map(m -> new TeamRegistered.Member(m.memberId(), m.name(), m.email(), m.role())).toList(),
                3, false, "REGISTERED", CONVENING_DAY);
    }

    public MemberCommitted committed(TeamMember member) {
        return new MemberCommitted(teamId, conveningId, organisation, members(), 3, false, "REGISTERED", member.memberId(), member.role(),
                CONVENING_DAY, List.of());
    }

    public TeamConfirmed confirmed() {
        return new TeamConfirmed(teamId, conveningId, organisation, members(), 3, false, "CONFIRMED", CONVENING_DAY);
    }

    public TeamWaitlisted waitlisted(int position) {
        return new TeamWaitlisted(teamId, conveningId, organisation, members(), 3, false, "WAITLISTED", position, CONVENING_DAY);
    }

    public TeamPromoted promoted() {
        return new TeamPromoted(teamId, conveningId, organisation, members(), 3, false, "CONFIRMED", CONVENING_DAY, UUID.randomUUID());
    }

    public TeamCancelled cancelled() {
        return new TeamCancelled(teamId, conveningId, organisation, members(), 3, false, "CANCELLED", "CONFIRMED", CONVENING_DAY);
    }

    public BoothAssigned boothAssigned(int booth) {
        return new BoothAssigned(teamId, conveningId, organisation, members(), 3, false, "CONFIRMED", booth, CONVENING_DAY);
    }

    /** The union leader's slot goes to {@code replacement}; the team's member list changes with it. */
    public MemberReplaced replaceUnionLeader(TeamMember replacement) {
        TeamMember previous = unionLeader;
        List<TeamMember> after = List.of(superintendent, replacement, boardPresident);
        current = after;
        return new MemberReplaced(teamId, conveningId, organisation, after, 3, false, "CONFIRMED", replacement.memberId(), previous,
                CONVENING_DAY, List.of("UNION_LEADER"));
    }

    public MemberAdded added(List<TeamMember> membersAfter, TeamMember added) {
        current = membersAfter;
        return new MemberAdded(teamId, conveningId, organisation, membersAfter, membersAfter.size(), false, "CONFIRMED", added.memberId(),
                added.role(), CONVENING_DAY);
    }

    /** A plan or funding event's data: the shared addressing fields, and whatever else the kind carries. */
    public Map<String, Object> addressed(List<String> recipientRoles, UUID memberId, Map<String, Object> more) {
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("conveningId", conveningId.toString());
        data.put("teamId", teamId.toString());
        data.put("organisation", Map.of("kind", organisation.kind(), "orgId", organisation.orgId(), "name", organisation.name(),
                "state", organisation.state()));
        data.put("recipientRoles", recipientRoles);
        data.put("memberId", memberId == null ? null : memberId.toString());
        data.put("occurredAt", "2011-06-01T12:00:00Z");
        data.putAll(more);
        return data;
    }
}
