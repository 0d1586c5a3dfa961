-- Attendance at the convening, recorded per member by event staff.
ALTER TABLE team_member ADD COLUMN checked_in_at TIMESTAMPTZ;
ALTER TABLE team_member ADD COLUMN checked_in_by TEXT;

-- Expo booths: a confirmed team holds one, unique within its convening; a cancelled team gives it back.
ALTER TABLE team ADD COLUMN booth_number INT CHECK (booth_number > 0);
CREATE UNIQUE INDEX team_booth_once ON team (convening_id, booth_number) WHERE booth_number IS NOT NULL;
