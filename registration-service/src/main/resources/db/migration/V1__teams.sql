CREATE TABLE team (
    id            UUID PRIMARY KEY,
    convening_id  UUID        NOT NULL,
    org_kind      TEXT        NOT NULL CHECK (org_kind IN ('DISTRICT', 'STATE')),
    org_id        TEXT        NOT NULL,
    org_name      TEXT        NOT NULL,
    org_state     TEXT        NOT NULL CHECK (org_state ~ '^[A-Z]{2}$'),
    status        TEXT        NOT NULL CHECK (status IN ('REGISTERED', 'CONFIRMED', 'WAITLISTED', 'CANCELLED')),
    presenting    BOOLEAN     NOT NULL DEFAULT false,
    registered_by TEXT        NOT NULL,
    registered_at TIMESTAMPTZ NOT NULL,
    version       BIGINT      NOT NULL DEFAULT 0,
    -- One team per organisation per convening.
    CONSTRAINT team_one_per_org UNIQUE (convening_id, org_id)
);

CREATE TABLE team_member (
    id           UUID PRIMARY KEY,
    team_id      UUID    NOT NULL REFERENCES team (id),
    position     INT     NOT NULL,
    name         TEXT    NOT NULL,
    email        TEXT    NOT NULL,
    role         TEXT    NOT NULL,
    committed_at TIMESTAMPTZ,
    CONSTRAINT team_member_email_once UNIQUE (team_id, email)
);

CREATE INDEX team_member_team ON team_member (team_id);
