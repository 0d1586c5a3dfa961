package org.lmc.registration.domain;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.lmc.contracts.EventTypes;
import org.lmc.contracts.registration.TeamRegistered;
import org.lmc.messaging.PendingEvent;
import org.lmc.web.ProblemException;

/** A district or state team registered for one convening. Its methods return the events they cause. */
@Entity
@Table(name = "team")
public class Team {
    @Id
    private UUID id;
    @Column(name = "convening_id")
    private UUID conveningId;
    @Embedded
    private Organisation organisation;
    @Enumerated(EnumType.STRING)
    private TeamStatus status;
    private boolean presenting;
    @Column(name = "registered_by")
    private String registeredBy;
    @Column(name = "registered_at")
    private Instant registeredAt;
    @Version
    private long version;
    @OneToMany(mappedBy = "team", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("position")
    private List<Member> members = new ArrayList<>();

    protected Team() {
    }

    /** What a new member brings: name, contact email and role slot. */
    public record NewMember(String name, String email, String role) {
    }

    /** A registration, as the team with the event it causes. */
    public record Registration(Team team, List<PendingEvent> events) {
    }

    public static Registration register(UUID conveningId, Organisation organisation, List<NewMember> newMembers,
            String registeredBy, Instant now) {
        if (newMembers.isEmpty()) {
            throw ProblemException.rule("no-members", "members", "members: a team registers with its members");
        }
        Set<String> emails = new HashSet<>();
        for (int i = 0; i < newMembers.size(); i++) {
            String email = newMembers.get(i).email().toLowerCase(Locale.ROOT);
            if (!emails.add(email)) {
                throw ProblemException.rule("duplicate-member", "members[" + i + "].email",
                        "members[" + i + "].email " + email + " is already on this team");
            }
        }
        Team team = new Team();
        team.id = UUID.randomUUID();
        team.conveningId = conveningId;
        team.organisation = organisation;
        team.status = TeamStatus.REGISTERED;
        team.registeredBy = registeredBy;
        team.registeredAt = now;
        for (int i = 0; i < newMembers.size(); i++) {
            NewMember m = newMembers.get(i);
            team.members.add(new Member(team, i, m.name().strip(), m.email().toLowerCase(Locale.ROOT), m.role()));
        }
        return new Registration(team, List.of(new PendingEvent(EventTypes.TEAM_REGISTERED_V1, team.id.toString(), team.registered())));
    }

    private TeamRegistered registered() {
        return new TeamRegistered(id, conveningId,
                new TeamRegistered.Organisation(organisation.kind().name(), organisation.orgId(), organisation.name(), organisation.state()),
                members.stream().map(m -> new TeamRegistered.Member(m.id(), m.name(), m.email(), m.role())).toList(),
                members.size(), presenting, status.name(), registeredAt);
    }

    public UUID id() {
        return id;
    }

    public UUID conveningId() {
        return conveningId;
    }

    public Organisation organisation() {
        return organisation;
    }

    public TeamStatus status() {
        return status;
    }

    public boolean presenting() {
        return presenting;
    }

    public Instant registeredAt() {
        return registeredAt;
    }

    public long version() {
        return version;
    }

    public List<Member> members() {
        return List.copyOf(members);
    }
}
