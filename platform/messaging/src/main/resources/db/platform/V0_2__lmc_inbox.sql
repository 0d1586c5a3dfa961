-- The idempotent inbox: one row per (consumer, event id), inserted in the same transaction as the
-- handler's effect, so a redelivered event finds its row and has no second effect.
CREATE TABLE lmc_inbox (
    consumer      TEXT        NOT NULL,
    event_id      TEXT        NOT NULL,
    event_type    TEXT        NOT NULL,
    topic         TEXT        NOT NULL,
    kafka_partition INT       NOT NULL,
    kafka_offset  BIGINT      NOT NULL,
    outcome       TEXT        NOT NULL CHECK (outcome IN ('PROCESSED', 'IGNORED', 'DEAD_LETTERED')),
    reason        TEXT,
    received_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

CREATE INDEX lmc_inbox_dead_lettered ON lmc_inbox (consumer, received_at) WHERE outcome = 'DEAD_LETTERED';
