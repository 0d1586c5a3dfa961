-- Removes the plan benchmark's plans :from to :to - 1 (bench/plan-seed.sql made them; ids derive from the number) with
-- every row that hangs off them, so a second round can measure the smaller size again on the same stack.
CREATE TEMP TABLE unseed ON COMMIT DROP AS
SELECT md5('lmc-bench-plan-' || i)::uuid AS plan_id, md5('lmc-bench-team-' || i)::uuid AS team_id
FROM generate_series(:from, :to - 1) AS i;

DELETE FROM plan_measure_value WHERE plan_id IN (SELECT plan_id FROM unseed);
DELETE FROM plan_measure WHERE plan_id IN (SELECT plan_id FROM unseed);
DELETE FROM plan_reminder WHERE plan_id IN (SELECT plan_id FROM unseed);
DELETE FROM plan_milestone WHERE plan_id IN (SELECT plan_id FROM unseed);
DELETE FROM assistance_request WHERE plan_id IN (SELECT plan_id FROM unseed);
DELETE FROM plan_signature WHERE plan_id IN (SELECT plan_id FROM unseed);
DELETE FROM plan_version WHERE plan_id IN (SELECT plan_id FROM unseed);
DELETE FROM plan WHERE id IN (SELECT plan_id FROM unseed);
DELETE FROM plan_team_member WHERE team_id IN (SELECT team_id FROM unseed);
DELETE FROM plan_team WHERE id IN (SELECT team_id FROM unseed);
