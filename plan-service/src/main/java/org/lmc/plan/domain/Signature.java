package org.lmc.plan.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.hibernate.annotations.Immutable;

/** One official's signature on a version, in the role they hold on the team; never changed once given. */
@Entity
@Immutable
@Table(name = "plan_signature")
@IdClass(Signature.Key.class)
public class Signature {
    @Id
    @Column(name = "plan_id")
    private UUID planId;
    @Id
    @Column(name = "version_number")
    private int versionNumber;
    @Id
    private String role;
    @Column(name = "member_id")
    private UUID memberId;
    @Column(name = "signer_name")
    private String signerName;
    @Column(name = "signer_subject")
    private String signerSubject;
    @Column(name = "signed_at")
    private Instant signedAt;

    protected Signature() {
    }

    Signature(UUID planId, int versionNumber, String role, UUID memberId, String signerName, String signerSubject, Instant signedAt) {
        this.planId = planId;
        this.versionNumber = versionNumber;
        this.role = role;
        this.memberId = memberId;
        this.signerName = signerName;
        this.signerSubject = signerSubject;
        this.signedAt = signedAt;
    }

    public int versionNumber() {
        return versionNumber;
    }

    public String role() {
        return role;
    }

    public UUID memberId() {
        return memberId;
    }

    public String signerName() {
        return signerName;
    }

    public Instant signedAt() {
        return signedAt;
    }

    /** The composite key (plan, version, role). */
    public static class Key implements Serializable {
        private UUID planId;
        private int versionNumber;
        private String role;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.versionNumber == versionNumber && Objects.equals(k.planId, planId) && Objects.equals(k.role, role);
        }

        @Override
        public int hashCode() {
            return Objects.hash(planId, versionNumber, role);
        }
    }
}
