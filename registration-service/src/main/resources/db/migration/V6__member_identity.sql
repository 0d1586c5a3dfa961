-- A member's seat is bound to the token subject of the person who first acts for it with a verified email
-- (SeatHolder); afterwards only that subject acts for the member. NULL while unbound; a replacement clears it.
ALTER TABLE team_member ADD COLUMN bound_subject TEXT;
