package org.lmc.plan.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** A member of a projected team; {@code signerSubject} binds the seat to the token subject that first signed for it. */
@Entity
@Table(name = "plan_team_member")
public class ProjectedMember {
    @Id
    private UUID id;
    private int position;
    private String name;
    private String email;
    private String role;
    @Column(name = "signer_subject")
    private String signerSubject;

    protected ProjectedMember() {
    }

    ProjectedMember(UUID id) {
        this.id = id;
    }

    void describe(int position, String name, String email, String role) {
        if (this.email != null && !this.email.equals(email)) {
            signerSubject = null;
        }
        this.position = position;
        this.name = name;
        this.email = email;
        this.role = role;
    }

    /**
     * Whether {@code subject} may sign for this seat: the first signature binds it, later ones must come from the
     * same subject. Returns false when another subject holds the seat.
     */
    public boolean bindSigner(String subject) {
        if (signerSubject == null) {
            signerSubject = subject;
            return true;
        }
        return signerSubject.equals(subject);
    }

    /** Whether {@code subject} may sign for this seat: no account signed for it yet, or this one did. */
    public boolean openTo(String subject) {
        return signerSubject == null || signerSubject.equals(subject);
    }

    String signerSubject() {
        return signerSubject;
    }

    public UUID id() {
        return id;
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
}
