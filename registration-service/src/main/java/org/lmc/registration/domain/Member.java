package org.lmc.registration.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A person on a team, in a role slot of the convening. */
@Entity
@Table(name = "team_member")
public class Member {
    @Id
    private UUID id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "team_id")
    private Team team;
    private int position;
    private String name;
    private String email;
    private String role;
    @Column(name = "committed_at")
    private Instant committedAt;

    protected Member() {
    }

    Member(Team team, int position, String name, String email, String role) {
        this.id = UUID.randomUUID();
        this.team = team;
        this.position = position;
        this.name = name;
        this.email = email;
        this.role = role;
    }

    public UUID id() {
        return id;
    }

    public int position() {
        return position;
    }

    public String name() {
        return name;
    }

    public String email() {
        return email;
    }

    public String role() {
        return role;
    }

    public Instant committedAt() {
        return committedAt;
    }
}
