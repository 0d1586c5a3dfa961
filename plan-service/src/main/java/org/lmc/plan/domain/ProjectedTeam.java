package org.lmc.plan.domain;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.lmc.contracts.registration.TeamMember;
import org.lmc.contracts.registration.TeamOrganisation;

/** A team as registration-service's events last described it: organisation, status and members. */
@Entity
@Table(name = "plan_team")
public class ProjectedTeam {
    @Id
    private UUID id;
    @Column(name = "convening_id")
    private UUID conveningId;
    @Column(name = "org_kind")
    private String orgKind;
    @Column(name = "org_id")
    private String orgId;
    @Column(name = "org_name")
    private String orgName;
    @Column(name = "org_state")
    private String orgState;
    private String status;
    @Column(name = "updated_at")
    private Instant updatedAt;
    @OneToMany(cascade = CascadeType.ALL, orphanRemoval = true)
    @JoinColumn(name = "team_id", nullable = false)
    @OrderBy("position")
    private List<ProjectedMember> members = new ArrayList<>();

    protected ProjectedTeam() {
    }

    public ProjectedTeam(UUID id) {
        this.id = id;
    }

    /**
     * Takes the team's state from an event. A member whose email changed is another person in the seat: their
     * binding to a token subject is dropped.
     */
    public void describe(UUID conveningId, TeamOrganisation organisation, String status, List<TeamMember> described, Instant at) {
        this.conveningId = conveningId;
        this.orgKind = organisation.kind();
        this.orgId = organisation.orgId();
        this.orgName = organisation.name();
        this.orgState = organisation.state();
        this.status = status;
        this.updatedAt = at;
        Map<UUID, ProjectedMember> current = new HashMap<>();
        members.forEach(m -> current.put(m.id(), m));
        List<ProjectedMember> next = new ArrayList<>();
        for (int i = 0; i < described.size(); i++) {
            TeamMember m = described.get(i);
            ProjectedMember member = current.get(m.memberId());
            if (member == null) {
                member = new ProjectedMember(m.memberId());
            }
            member.describe(i, m.name(), m.email().toLowerCase(Locale.ROOT), m.role());
            next.add(member);
        }
        members.clear();
        members.addAll(next);
    }

    public UUID id() {
        return id;
    }

    public UUID conveningId() {
        return conveningId;
    }

    public TeamOrganisation organisation() {
        return new TeamOrganisation(orgKind, orgId, orgName, orgState);
    }

    public String status() {
        return status;
    }

    public List<ProjectedMember> members() {
        return List.copyOf(members);
    }

    /** The member holding {@code role}, if any. */
    public Optional<ProjectedMember> inRole(String role) {
        return members.stream().filter(m -> m.role().equals(role)).findFirst();
    }

    /** Whether {@code subject} already signs for a seat other than {@code member}'s: one account, one seat. */
    public boolean subjectHoldsAnotherSeat(String subject, ProjectedMember member) {
        return members.stream().anyMatch(m -> m != member && subject.equals(m.signerSubject()));
    }

    public Optional<ProjectedMember> withEmail(String email) {
        String wanted = email.toLowerCase(Locale.ROOT);
        return members.stream().filter(m -> m.email().equals(wanted)).findFirst();
    }
}
