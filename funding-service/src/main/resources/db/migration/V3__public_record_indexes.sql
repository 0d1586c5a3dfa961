-- The public funding record reads one team's or one convening's money. Without these indexes each team page counted
-- its travellers by walking every entitlement, and each convening page joined every payment of every grant: at 20,000
-- teams the funding benchmark measured 65 ms for the one and 690 ms for the other.
CREATE INDEX entitlement_team ON entitlement (team_id);
CREATE INDEX payment_grant ON payment (grant_id);
