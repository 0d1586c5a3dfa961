package org.lmc.plan.domain;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A frozen, numbered version of a plan. Its content never changes after submission (the column is not updatable);
 * only its endorsement and publication times are set, once each.
 */
@Entity
@Table(name = "plan_version")
@IdClass(PlanVersion.Key.class)
public class PlanVersion {
    @Id
    @Column(name = "plan_id")
    private UUID planId;
    @Id
    private int number;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(updatable = false)
    private JsonNode content;
    @Column(name = "submitted_at", updatable = false)
    private Instant submittedAt;
    @Column(name = "submitted_by", updatable = false)
    private String submittedBy;
    @Column(name = "endorsed_at")
    private Instant endorsedAt;
    @Column(name = "published_at")
    private Instant publishedAt;

    protected PlanVersion() {
    }

    PlanVersion(UUID planId, int number, JsonNode content, Instant submittedAt, String submittedBy) {
        this.planId = planId;
        this.number = number;
        this.content = content.deepCopy();
        this.submittedAt = submittedAt;
        this.submittedBy = submittedBy;
    }

    /** A copy of a stored version read in one statement by the public database; never persisted. */
    public static PlanVersion snapshot(UUID planId, int number, JsonNode content, Instant submittedAt, String submittedBy,
            Instant endorsedAt, Instant publishedAt) {
        PlanVersion version = new PlanVersion();
        version.planId = planId;
        version.number = number;
        version.content = content;
        version.submittedAt = submittedAt;
        version.submittedBy = submittedBy;
        version.endorsedAt = endorsedAt;
        version.publishedAt = publishedAt;
        return version;
    }

    void endorse(Instant at) {
        if (endorsedAt == null) {
            endorsedAt = at;
        }
    }

    void publish(Instant at) {
        publishedAt = at;
    }

    public UUID planId() {
        return planId;
    }

    public int number() {
        return number;
    }

    /** A copy: the frozen content cannot be changed through it. */
    public JsonNode content() {
        return content.deepCopy();
    }

    public Instant submittedAt() {
        return submittedAt;
    }

    public Instant endorsedAt() {
        return endorsedAt;
    }

    public Instant publishedAt() {
        return publishedAt;
    }

    public boolean endorsed() {
        return endorsedAt != null;
    }

    /** The composite key (plan, number). */
    public static class Key implements Serializable {
        private UUID planId;
        private int number;

        public Key() {
        }

        public Key(UUID planId, int number) {
            this.planId = planId;
            this.number = number;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.number == number && Objects.equals(k.planId, planId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(planId, number);
        }
    }
}
