-- Published plans for the plan benchmark, written straight into plan-service's tables in the shape its own write path
-- leaves them (PlanAuthoring, PlanEndorsement and PublicRecord): a confirmed team of three officials, the plan with
-- version 1 signed by both sides and published, the version's measures, milestones and reported values, and the
-- public search columns computed with PublicRecord's expression. Plans :from to :to - 1; ids derive from the number,
-- so a run can add more plans later without clashing. Vocabularies are small on purpose: searches match many plans.
CREATE TEMP TABLE seed ON COMMIT DROP AS
SELECT i,
       md5('lmc-bench-plan-' || i)::uuid AS plan_id,
       md5('lmc-bench-team-' || i)::uuid AS team_id,
       CASE WHEN i % 3 = 0 THEN '1c0b4a6e-0000-4000-8000-000000002012'::uuid
            ELSE '0a6f1c2e-0000-4000-8000-000000002011'::uuid END AS convening_id,
       lpad((1000000 + i)::text, 7, '0') AS org_id,
       (ARRAY['Maple', 'Cedar', 'Riverside', 'Lincoln', 'Washington', 'Franklin', 'Jefferson', 'Madison', 'Oak Grove',
              'Pine Ridge', 'Lakeview', 'Hillcrest', 'Fairview', 'Greenwood', 'Springfield', 'Clinton', 'Union',
              'Harmony', 'Summit', 'Brookside'])[1 + i % 20]
         || ' ' || (ARRAY['Valley', 'County', 'City', 'Township', 'Unified', 'Consolidated', 'Independent', 'Community',
                          'Regional', 'Public'])[1 + (i / 20) % 10]
         || ' School District ' || i AS org_name,
       (ARRAY['AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY', 'LA',
              'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'OK',
              'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY'])[1 + (i * 7) % 50] AS org_state,
       1 + i % 10 AS p1,
       1 + (i % 10 + 1 + i % 8) % 10 AS p2,
       (v.goals)[1 + i % 24] AS goal1,
       (v.goals)[1 + (i * 5 + 7) % 24] AS goal2,
       (v.strategies)[1 + i % 8] AS strategy1,
       (v.strategies)[1 + (i * 3 + 1) % 8] AS strategy2,
       i % 3 AS milestones_done,
       timestamptz '2011-06-01 14:00:00+00' + (i % 20000) * interval '23 minutes' AS published_at
FROM generate_series(:from, :to - 1) AS i,
     (SELECT ARRAY['Peer assistance and review for new teachers', 'A new teacher evaluation system built jointly',
              'Compensation tied to career ladders', 'Extended learning time in high-need schools',
              'Community schools with wraparound services', 'Shared decision-making councils in every school',
              'Joint labor-management training academy', 'Mentoring for first-year principals',
              'Differentiated pay for hard-to-staff subjects', 'Interest-based bargaining for the next contract',
              'School improvement teams with teacher leaders', 'Professional learning communities',
              'Transparent budget process with the union', 'Recruitment and retention of teachers of color',
              'Data use for instructional decisions', 'Early childhood and kindergarten readiness',
              'Graduation pathways and dual enrollment', 'Restorative practices and school climate',
              'Parent and community engagement', 'Teacher voice in curriculum adoption',
              'Administrator evaluation with multiple measures', 'School board self-evaluation and governance',
              'Transfer and assignment by mutual consent', 'Turnaround of the lowest-performing schools'] AS goals,
             ARRAY['Joint steering committee', 'Pilot in ten schools', 'Stipends for teacher leaders', 'Release time for mentors',
              'Quarterly public reports', 'Memorandum of understanding', 'Survey of every teacher',
              'Summer institute'] AS strategies) AS v;

CREATE TEMP TABLE seed_content ON COMMIT DROP AS
SELECT s.*,
       md5('lmc-bench-m1-' || i)::uuid AS measure1, md5('lmc-bench-m2-' || i)::uuid AS measure2,
       md5('lmc-bench-ms1-' || i)::uuid AS milestone1, md5('lmc-bench-ms2-' || i)::uuid AS milestone2,
       md5('lmc-bench-ms3-' || i)::uuid AS milestone3, md5('lmc-bench-ms4-' || i)::uuid AS milestone4,
       s.org_name || ': ' || s.goal1 AS title
FROM seed s;

CREATE TEMP TABLE seed_plan ON COMMIT DROP AS
SELECT c.*,
       jsonb_build_object(
           'title', c.title,
           'summary', 'Labor and management of ' || c.org_name || ', together, for every student.',
           'principles', jsonb_build_array(
               jsonb_build_object('principle', c.p1, 'goals', jsonb_build_array(jsonb_build_object('title', c.goal1,
                   'strategies', jsonb_build_array(jsonb_build_object('title', c.strategy1,
                       'tactics', jsonb_build_array('Meet monthly with the union and the board')))))),
               jsonb_build_object('principle', c.p2, 'goals', jsonb_build_array(jsonb_build_object('title', c.goal2,
                   'strategies', jsonb_build_array(jsonb_build_object('title', c.strategy2,
                       'tactics', jsonb_build_array('Report progress at every board meeting'))))))),
           'measures', jsonb_build_array(
               jsonb_build_object('id', c.measure1, 'name', 'Graduation rate', 'unit', 'percent', 'baseline', 55 + c.i % 20,
                   'target', 85, 'targetDate', '2014-06-30'),
               jsonb_build_object('id', c.measure2, 'name', 'Teachers rated effective or better', 'unit', 'percent',
                   'baseline', 60 + c.i % 15, 'target', 90, 'targetDate', '2013-06-30')),
           'milestones', jsonb_build_array(
               jsonb_build_object('id', c.milestone1, 'title', 'Joint committee chartered', 'dueDate', '2011-09-01',
                   'ownerRole', 'SUPERINTENDENT', 'status', CASE WHEN c.milestones_done >= 1 THEN 'DONE' ELSE 'PLANNED' END),
               jsonb_build_object('id', c.milestone2, 'title', 'Pilot schools chosen', 'dueDate', '2011-12-15',
                   'ownerRole', 'UNION_LEADER', 'status', CASE WHEN c.milestones_done >= 2 THEN 'DONE' ELSE 'PLANNED' END),
               jsonb_build_object('id', c.milestone3, 'title', 'Agreement ratified by both boards', 'dueDate', '2012-04-30',
                   'ownerRole', 'BOARD_PRESIDENT', 'status', 'PLANNED'),
               jsonb_build_object('id', c.milestone4, 'title', 'First public progress report', 'dueDate', '2012-09-30',
                   'ownerRole', 'SUPERINTENDENT', 'status', 'PLANNED'))) AS content,
       'Labor and management of ' || c.org_name || ', together, for every student.' || E'\n' || c.goal1 || E'\n' || c.strategy1
         || E'\nMeet monthly with the union and the board\n' || c.goal2 || E'\n' || c.strategy2
         || E'\nReport progress at every board meeting\nGraduation rate\npercent\nTeachers rated effective or better\npercent\n'
         || E'Joint committee chartered\nPilot schools chosen\nAgreement ratified by both boards\nFirst public progress report\n'
         AS search_text
FROM seed_content c;

INSERT INTO plan_team (id, convening_id, org_kind, org_id, org_name, org_state, status, updated_at)
SELECT team_id, convening_id, 'DISTRICT', org_id, org_name, org_state, 'CONFIRMED', published_at - interval '120 days'
FROM seed_plan;

INSERT INTO plan_team_member (id, team_id, position, name, email, role)
SELECT md5('lmc-bench-member-' || i || '-' || r.position)::uuid, team_id, r.position, r.title || ' of ' || org_name,
       lower(r.role) || '@' || org_id || '.example.org', r.role
FROM seed_plan, (VALUES (1, 'SUPERINTENDENT', 'Superintendent'), (2, 'UNION_LEADER', 'Union president'),
                        (3, 'BOARD_PRESIDENT', 'Board president')) AS r (position, role, title);

INSERT INTO plan (id, team_id, convening_id, org_kind, org_id, org_name, org_state, status, draft, draft_revision,
                  latest_version, published_version, published_at, opened_at, updated_at, principles, milestones_total,
                  milestones_done, public_revision)
SELECT plan_id, team_id, convening_id, 'DISTRICT', org_id, org_name, org_state, 'OPEN', content, 3, 1, 1, published_at,
       published_at - interval '100 days', published_at, ARRAY[p1, p2]::smallint[], 4, milestones_done, 1
FROM seed_plan;

INSERT INTO plan_version (plan_id, number, content, submitted_at, submitted_by, endorsed_at, published_at)
SELECT plan_id, 1, content, published_at - interval '10 days', 'bench-district-' || org_id, published_at - interval '1 day', published_at
FROM seed_plan;

INSERT INTO plan_signature (plan_id, version_number, role, member_id, signer_name, signer_subject, signed_at)
SELECT plan_id, 1, r.role, md5('lmc-bench-member-' || i || '-' || r.position)::uuid, r.title || ' of ' || org_name,
       'bench-' || r.position || '-' || i, published_at - interval '2 days'
FROM seed_plan, (VALUES (1, 'SUPERINTENDENT', 'Superintendent'), (2, 'UNION_LEADER', 'Union president')) AS r (position, role, title);

INSERT INTO plan_milestone (plan_id, id, title, due_date, owner_role, completed_on, completed_by)
SELECT plan_id, m.id, m.title, m.due, m.owner, CASE WHEN m.n <= milestones_done THEN m.due - 10 END,
       CASE WHEN m.n <= milestones_done THEN 'bench-district-' || org_id END
FROM seed_plan, LATERAL (VALUES (1, milestone1, 'Joint committee chartered', date '2011-09-01', 'SUPERINTENDENT'),
                                (2, milestone2, 'Pilot schools chosen', date '2011-12-15', 'UNION_LEADER'),
                                (3, milestone3, 'Agreement ratified by both boards', date '2012-04-30', 'BOARD_PRESIDENT'),
                                (4, milestone4, 'First public progress report', date '2012-09-30', 'SUPERINTENDENT'))
                        AS m (n, id, title, due, owner);

INSERT INTO plan_measure (plan_id, id, name, unit, baseline, target, target_date)
SELECT plan_id, measure1, 'Graduation rate', 'percent', 55 + i % 20, 85, date '2014-06-30' FROM seed_plan
UNION ALL
SELECT plan_id, measure2, 'Teachers rated effective or better', 'percent', 60 + i % 15, 90, date '2013-06-30' FROM seed_plan;

INSERT INTO plan_measure_value (id, plan_id, measure_id, value, observed_on, reported_at, reported_by)
SELECT md5('lmc-bench-value-' || i || '-' || k)::uuid, plan_id, measure1, 55 + i % 20 + k * 3, date '2011-06-30' + k * 182,
       timestamptz '2011-07-01 12:00:00+00' + k * interval '182 days', 'bench-district-' || org_id
FROM seed_plan, generate_series(1, 3) AS k;

UPDATE plan p SET published_title = s.title, search_document = setweight(to_tsvector('english', p.org_name || ' ' || p.org_state || ' ' || s.title), 'A')
        || setweight(to_tsvector('english', s.search_text), 'B')
        || setweight(to_tsvector('english', coalesce((SELECT string_agg(title, ' ') FROM principle
               WHERE number = ANY (p.principles)), '')), 'C')
FROM seed_plan s WHERE p.id = s.plan_id;
