-- A replayed creation answers with the first answer's ETag too, so that a client can go on with If-Match.
ALTER TABLE lmc_idempotency ADD COLUMN etag TEXT;
