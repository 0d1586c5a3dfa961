CREATE TABLE test_effect (
    event_id TEXT PRIMARY KEY,
    thing_id TEXT NOT NULL,
    label    TEXT NOT NULL
);
