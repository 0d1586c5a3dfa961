package org.lmc.notification.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A milestone notification in an organisation's inbox, caused by one event. */
@Entity
@Table(name = "notification")
public class Notification {
    @Id
    private UUID id;
    @Column(name = "org_id")
    private String orgId;
    @Column(name = "event_id")
    private String eventId;
    @Column(name = "event_type")
    private String eventType;
    @Column(name = "team_id")
    private UUID teamId;
    private String subject;
    private String body;
    @Column(name = "created_at")
    private Instant createdAt;

    protected Notification() {
    }

    public Notification(String orgId, String eventId, String eventType, UUID teamId, String subject, String body, Instant createdAt) {
        this.id = UUID.randomUUID();
        this.orgId = orgId;
        this.eventId = eventId;
        this.eventType = eventType;
        this.teamId = teamId;
        this.subject = subject;
        this.body = body;
        this.createdAt = createdAt;
    }

    public UUID id() {
        return id;
    }

    public String orgId() {
        return orgId;
    }

    public String eventId() {
        return eventId;
    }

    public String eventType() {
        return eventType;
    }

    public UUID teamId() {
        return teamId;
    }

    public String subject() {
        return subject;
    }

    public String body() {
        return body;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
