-- The transactional outbox: a business change and the events it causes commit together;
-- the relay sends unsent rows to Kafka in id order and marks them sent once the broker acked.
CREATE TABLE lmc_outbox (
    id          BIGSERIAL PRIMARY KEY,
    event_id    UUID        NOT NULL UNIQUE,
    topic       TEXT        NOT NULL,
    record_key  TEXT        NOT NULL,
    event_type  TEXT        NOT NULL,
    source      TEXT        NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    payload     JSON        NOT NULL, -- JSON, not JSONB: the exact bytes the producer wrote
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at     TIMESTAMPTZ
);

-- The relay only ever looks for unsent rows; keep that lookup small however large the table grows.
CREATE INDEX lmc_outbox_unsent ON lmc_outbox (id) WHERE sent_at IS NULL;
CREATE INDEX lmc_outbox_sent_at ON lmc_outbox (sent_at) WHERE sent_at IS NOT NULL;
