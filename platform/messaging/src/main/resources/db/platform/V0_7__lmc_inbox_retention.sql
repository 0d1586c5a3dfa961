-- Inbox rows are purged after the configured retention (longer than the topics' own retention, so a
-- redelivery still finds its row). Rows arrive in time order: a BRIN index serves the purge at almost no
-- cost per insert.
CREATE INDEX lmc_inbox_received_brin ON lmc_inbox USING brin (received_at);
