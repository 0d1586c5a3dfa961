-- Who is told: teams and their members as the registration events describe them (never asked of another service).
CREATE TABLE directory_team (
    team_id      UUID PRIMARY KEY,
    convening_id UUID        NOT NULL,
    org_kind     TEXT        NOT NULL,
    org_id       TEXT        NOT NULL,
    org_name     TEXT        NOT NULL,
    org_state    TEXT        NOT NULL,
    status       TEXT        NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX directory_team_org ON directory_team (org_id);

-- Current members of a team; a replaced member is kept with active = false so that a late event about them
-- still finds their address, but they are no longer told about their old team.
CREATE TABLE directory_member (
    member_id  UUID PRIMARY KEY,
    team_id    UUID        NOT NULL REFERENCES directory_team (team_id) ON DELETE CASCADE,
    name       TEXT        NOT NULL,
    email      TEXT        NOT NULL,
    role       TEXT        NOT NULL,
    active     BOOLEAN     NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX directory_member_team ON directory_member (team_id) WHERE active;

-- The inbox gains the kind, the person concerned, the read mark and the event data (for webhooks).
ALTER TABLE notification ADD COLUMN kind TEXT NOT NULL DEFAULT 'REGISTRATION_RECEIVED';
ALTER TABLE notification ALTER COLUMN kind DROP DEFAULT;
ALTER TABLE notification ADD COLUMN member_id UUID;
ALTER TABLE notification ADD COLUMN read_at TIMESTAMPTZ;
ALTER TABLE notification ADD COLUMN data JSONB NOT NULL DEFAULT '{}';
CREATE INDEX notification_org_unread ON notification (org_id, created_at DESC, id) WHERE read_at IS NULL;
CREATE INDEX notification_created ON notification (created_at);

-- Webhook subscriptions of agencies (and admins). The secret is shown once, at creation or rotation; the
-- previous secret still signs until previous_secret_until, so receivers can switch without losing a message.
CREATE TABLE webhook_subscription (
    id                    UUID PRIMARY KEY,
    owner                 TEXT        NOT NULL,
    url                   TEXT        NOT NULL,
    kinds                 TEXT[]      NOT NULL,
    org_id                TEXT,
    description           TEXT,
    secret                TEXT        NOT NULL,
    previous_secret       TEXT,
    previous_secret_until TIMESTAMPTZ,
    created_at            TIMESTAMPTZ NOT NULL,
    deleted_at            TIMESTAMPTZ
);
CREATE INDEX webhook_subscription_owner ON webhook_subscription (owner, created_at, id) WHERE deleted_at IS NULL;

-- One delivery per (event, channel, recipient): recorded with the inbox row, sent after commit by the worker.
-- recipient = the email address, or the subscription id for a webhook. A digest is a delivery of its own
-- (kind DAILY_DIGEST) that its items point to.
CREATE TABLE delivery (
    id              UUID PRIMARY KEY,
    notification_id UUID REFERENCES notification (id) ON DELETE CASCADE,
    event_id        TEXT        NOT NULL,
    kind            TEXT        NOT NULL,
    channel         TEXT        NOT NULL CHECK (channel IN ('EMAIL', 'WEBHOOK')),
    recipient       TEXT        NOT NULL,
    member_id       UUID,
    subscription_id UUID REFERENCES webhook_subscription (id),
    org_id          TEXT,
    team_id         UUID,
    status          TEXT        NOT NULL CHECK (status IN ('PENDING', 'DIGEST', 'IN_DIGEST', 'DELIVERED', 'DEAD')),
    attempts        INT         NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    claimed_until   TIMESTAMPTZ,
    last_error      TEXT,
    digest_id       UUID REFERENCES delivery (id) ON DELETE SET NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    finished_at     TIMESTAMPTZ,
    CONSTRAINT delivery_once UNIQUE (event_id, channel, recipient)
);
CREATE INDEX delivery_due ON delivery (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX delivery_digest_due ON delivery (recipient) WHERE status = 'DIGEST';
CREATE INDEX delivery_listing ON delivery (status, created_at, id);
CREATE INDEX delivery_digest_items ON delivery (digest_id) WHERE digest_id IS NOT NULL;
CREATE INDEX delivery_finished ON delivery (finished_at) WHERE finished_at IS NOT NULL;

-- Every attempt, for the delivery log; purged with its delivery.
CREATE TABLE delivery_attempt (
    id          BIGSERIAL PRIMARY KEY,
    delivery_id UUID        NOT NULL REFERENCES delivery (id) ON DELETE CASCADE,
    attempt     INT         NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    duration_ms BIGINT      NOT NULL,
    succeeded   BOOLEAN     NOT NULL,
    http_status INT,
    error       TEXT
);
CREATE INDEX delivery_attempt_delivery ON delivery_attempt (delivery_id, id);

-- Email preferences of an organisation (member_key '') or one person (member_key = member id), per kind.
CREATE TABLE notification_preference (
    org_id     TEXT        NOT NULL,
    member_key TEXT        NOT NULL,
    kind       TEXT        NOT NULL,
    channel    TEXT        NOT NULL,
    mode       TEXT        NOT NULL CHECK (mode IN ('IMMEDIATE', 'DIGEST', 'OFF')),
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (org_id, member_key, kind, channel)
);
