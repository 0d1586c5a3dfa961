-- The breakout session a presenting team leads (presenting teams may bring more members).
ALTER TABLE team ADD COLUMN presenting_session TEXT;
ALTER TABLE team ADD CONSTRAINT team_presenting_has_session CHECK (presenting = (presenting_session IS NOT NULL)) NOT VALID;
