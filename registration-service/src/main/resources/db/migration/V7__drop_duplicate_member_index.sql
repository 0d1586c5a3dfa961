-- team_member_email_once (team_id, email) already serves every look-up by team_id; a second index on team_id only
-- cost every member insert one more index entry.
DROP INDEX team_member_team;
