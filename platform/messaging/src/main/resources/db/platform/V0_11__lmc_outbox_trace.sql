-- The W3C traceparent of the transaction that wrote the event, sent as a Kafka header so the consumer's handling
-- continues the same trace (EventTracing). Null when the writer was outside any trace.
ALTER TABLE lmc_outbox ADD COLUMN trace_parent text;
