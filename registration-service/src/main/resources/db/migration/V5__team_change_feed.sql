-- The teams' change feed (GET /convenings/{c}/teams/changes?since=): every write stamps the team with its
-- transaction id (lmc_stamp_change, platform migration V0_4). A change to a member always moves its team's version,
-- so the team row is written, and stamped, whenever anything about the team changes.
ALTER TABLE team ADD COLUMN change_xid BIGINT;
UPDATE team SET change_xid = pg_current_xact_id()::text::bigint;
ALTER TABLE team ALTER COLUMN change_xid SET NOT NULL;
CREATE TRIGGER team_stamp_change BEFORE INSERT OR UPDATE ON team FOR EACH ROW EXECUTE FUNCTION lmc_stamp_change();
CREATE INDEX team_convening_change ON team (convening_id, change_xid, id);
