-- Idempotency-Key records: the first response to a creating POST, replayed for a retry with the same key
-- and body. Written in the same transaction as the creation, so a key never outlives a rolled-back write.
CREATE TABLE lmc_idempotency (
    caller      TEXT        NOT NULL,
    idem_key    TEXT        NOT NULL,
    fingerprint TEXT        NOT NULL,
    status      INT         NOT NULL,
    location    TEXT,
    body        TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (caller, idem_key)
);

CREATE INDEX lmc_idempotency_created ON lmc_idempotency (created_at);
