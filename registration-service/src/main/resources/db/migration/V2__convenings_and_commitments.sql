-- Convenings: team kinds and role slots are data, so each year's rules need no code change.
CREATE TABLE convening (
    id                       UUID PRIMARY KEY,
    title                    TEXT        NOT NULL,
    city                     TEXT        NOT NULL,
    starts_on                DATE        NOT NULL,
    ends_on                  DATE        NOT NULL,
    capacity_teams           INT         NOT NULL CHECK (capacity_teams > 0),
    registration_opens_at    TIMESTAMPTZ NOT NULL,
    registration_closes_at   TIMESTAMPTZ NOT NULL,
    team_kinds               JSONB       NOT NULL, -- ["DISTRICT", "STATE"]
    required_roles           JSONB       NOT NULL, -- {"DISTRICT": ["SUPERINTENDENT", ...], "STATE": [...]}
    optional_roles           JSONB       NOT NULL, -- ["TEACHER", "PRINCIPAL"]
    max_team_size            INT         NOT NULL CHECK (max_team_size > 0),
    max_presenting_team_size INT         NOT NULL,
    created_by               TEXT        NOT NULL,
    created_at               TIMESTAMPTZ NOT NULL,
    version                  BIGINT      NOT NULL DEFAULT 0,
    CHECK (ends_on >= starts_on),
    CHECK (registration_closes_at > registration_opens_at),
    CHECK (max_presenting_team_size >= max_team_size)
);

-- NOT VALID: rows written before convenings existed keep their ids; every new team must name a real convening.
ALTER TABLE team ADD CONSTRAINT team_convening FOREIGN KEY (convening_id) REFERENCES convening (id) NOT VALID;

-- Waitlist order is the order of completion; the position shown is the rank among those still waiting.
ALTER TABLE team ADD COLUMN waitlist_order BIGINT;
ALTER TABLE team ADD COLUMN confirmed_at TIMESTAMPTZ;
ALTER TABLE team ADD COLUMN cancelled_at TIMESTAMPTZ;
CREATE INDEX team_convening_status ON team (convening_id, status, waitlist_order);

-- Who recorded a commitment: the member themself or the staff user who took it down.
ALTER TABLE team_member ADD COLUMN committed_by TEXT;
