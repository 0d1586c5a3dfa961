-- Auditors ask the trail who did what (actor), which kind of action, and what happened to one object; each question
-- reads in chain order from an index instead of walking every row.
CREATE INDEX audit_record_actor ON audit_record (actor, seq);
CREATE INDEX audit_record_action ON audit_record (action, seq);
CREATE INDEX audit_record_subject ON audit_record (subject_type, subject_id, seq);
CREATE INDEX audit_record_time ON audit_record (recorded_at);
