-- Dead letters: the record of every event a consumer parked, with all it needs to be replayed (key, headers,
-- data) and why. One row per (consumer, event id): an event is dead-lettered at most once per consumer. The
-- copy on the dead-letter topic is sent after this row commits and marked in published_at.
CREATE TABLE lmc_dead_letter (
    consumer         TEXT        NOT NULL,
    event_id         TEXT        NOT NULL,
    event_type       TEXT,
    topic            TEXT        NOT NULL,
    kafka_partition  INT         NOT NULL,
    kafka_offset     BIGINT      NOT NULL,
    record_key       TEXT,
    headers          JSONB       NOT NULL,
    payload          BYTEA,
    reason           TEXT        NOT NULL,
    reason_kind      TEXT        NOT NULL,
    attempts         INT         NOT NULL,
    dead_lettered_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at     TIMESTAMPTZ,
    redriven_at      TIMESTAMPTZ,
    redrive_error    TEXT,
    PRIMARY KEY (consumer, event_id)
);

-- Open dead letters are what health, metrics and the admin list read.
CREATE INDEX lmc_dead_letter_open ON lmc_dead_letter (consumer, dead_lettered_at) WHERE redriven_at IS NULL;
