-- A row Kafka keeps refusing (too large, unknown topic) is parked after bounded attempts instead of blocking
-- the relay; later rows of the same aggregate wait behind it, so an aggregate's order holds.
ALTER TABLE lmc_outbox
    ADD COLUMN send_attempts INT NOT NULL DEFAULT 0,
    ADD COLUMN parked_at     TIMESTAMPTZ,
    ADD COLUMN park_reason   TEXT;

CREATE INDEX lmc_outbox_parked ON lmc_outbox (topic, record_key, id) WHERE parked_at IS NOT NULL;
