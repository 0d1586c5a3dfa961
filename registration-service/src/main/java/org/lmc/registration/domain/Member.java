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
    @Column(name = "committed_by")
    private String committedBy;
    @Column(name = "checked_in_at")
    private Instant checkedInAt;
    @Column(name = "checked_in_by")
    private String checkedInBy;
    /** The token subject of the person who acts for this seat (SeatHolder); null until they first act. */
    @Column(name = "bound_subject")
    private String boundSubject;

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

    /** A member as stored, added to a team read by {@link Team#stored} (in position order). */
    public static Member stored(Team team, UUID id, int position, String name, String email, String role, Instant committedAt,
            String committedBy, Instant checkedInAt, String checkedInBy, String boundSubject) {
        Member member = new Member();
        member.id = id;
        member.team = team;
        member.position = position;
        member.name = name;
        member.email = email;
        member.role = role;
        member.committedAt = committedAt;
        member.committedBy = committedBy;
        member.checkedInAt = checkedInAt;
        member.checkedInBy = checkedInBy;
        member.boundSubject = boundSubject;
        team.addStored(member);
        return member;
    }

    /** Records the commitment to attend, once: a repeated commitment keeps the first. */
    boolean commit(String recordedBy, Instant now) {
        if (committedAt != null) {
            return false;
        }
        committedAt = now;
        committedBy = recordedBy;
        return true;
    }

    /** Binds the seat to the person's token subject, once: a bound seat keeps its subject until a replacement. */
    void bindTo(String subject) {
        if (boundSubject == null) {
            boundSubject = subject;
        }
    }

    /** Whoever acts for the seat next binds it anew (an account lost, or another person). */
    void releaseIdentity() {
        boundSubject = null;
    }

    /**
     * Another person (or role) takes this slot: their commitment is their own, so it starts over, and the seat's
     * identity binding is released.
     */
    void replace(String name, String email, String role, boolean samePersonAndRole) {
        this.name = name;
        this.email = email;
        this.role = role;
        this.boundSubject = null;
        if (!samePersonAndRole) {
            committedAt = null;
            committedBy = null;
        }
    }

    /** Records arrival at the convening, once: a repeated check-in keeps the first. */
    boolean checkIn(String recordedBy, Instant now) {
        if (checkedInAt != null) {
            return false;
        }
        checkedInAt = now;
        checkedInBy = recordedBy;
        return true;
    }

    public Instant checkedInAt() {
        return checkedInAt;
    }

    public boolean committed() {
        return committedAt != null;
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

    public String boundSubject() {
        return boundSubject;
    }

    public Instant committedAt() {
        return committedAt;
    }
}
