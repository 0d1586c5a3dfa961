package org.lmc.plan.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.lmc.web.ProblemException;

/** A team's request for mediation support (the Federal Mediation and Conciliation Service's offer): asked, assigned, closed. */
@Entity
@Table(name = "assistance_request")
public class AssistanceRequest {
    public enum Status { REQUESTED, ASSIGNED, CLOSED }

    @Id
    private UUID id;
    @Column(name = "plan_id")
    private UUID planId;
    private String topic;
    private String details;
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    private Status status;
    @Column(name = "requested_at")
    private Instant requestedAt;
    @Column(name = "requested_by")
    private String requestedBy;
    private String assignee;
    @Column(name = "assigned_at")
    private Instant assignedAt;
    private String resolution;
    @Column(name = "closed_at")
    private Instant closedAt;

    protected AssistanceRequest() {
    }

    public AssistanceRequest(UUID id, UUID planId, String topic, String details, String requestedBy, Instant now) {
        this.id = id;
        this.planId = planId;
        this.topic = topic;
        this.details = details;
        this.status = Status.REQUESTED;
        this.requestedBy = requestedBy;
        this.requestedAt = now;
    }

    /** Staff assign (or reassign) someone while the request is open. */
    public void assign(String assignee, Instant now) {
        if (status == Status.CLOSED) {
            throw ProblemException.conflict("assistance-closed", "the request is closed");
        }
        this.assignee = assignee;
        this.assignedAt = now;
        this.status = Status.ASSIGNED;
    }

    public void close(String resolution, Instant now) {
        if (status == Status.CLOSED) {
            throw ProblemException.conflict("assistance-closed", "the request is already closed");
        }
        this.resolution = resolution;
        this.closedAt = now;
        this.status = Status.CLOSED;
    }

    public UUID id() {
        return id;
    }

    public UUID planId() {
        return planId;
    }

    public String topic() {
        return topic;
    }

    public String details() {
        return details;
    }

    public Status status() {
        return status;
    }

    public Instant requestedAt() {
        return requestedAt;
    }

    public String assignee() {
        return assignee;
    }

    public Instant assignedAt() {
        return assignedAt;
    }

    public String resolution() {
        return resolution;
    }

    public Instant closedAt() {
        return closedAt;
    }
}
