-- A district's inbox: one notification per milestone event for its organisation.
CREATE TABLE notification (
    id          UUID PRIMARY KEY,
    org_id      TEXT        NOT NULL,
    event_id    TEXT        NOT NULL UNIQUE,
    event_type  TEXT        NOT NULL,
    team_id     UUID,
    subject     TEXT        NOT NULL,
    body        TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE INDEX notification_org ON notification (org_id, created_at DESC, id);
