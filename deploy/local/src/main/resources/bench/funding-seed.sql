-- Paid travel for the funding pages benchmark, written straight into funding-service's tables in the shape its own
-- write path leaves them (TeamProjection, Reservations, Claims, Payments): a confirmed team of three officials, each
-- with a reservation on the convening's travel grant, a travel, a lodging and a meals claim approved by another
-- person and paid, one payment each. Teams :from to :to - 1, 200 to a convening (seed_grant maps convening number k
-- to its grant, created through the API); ids derive from the numbers, so a run can add more teams later. The ledger
-- gets one balanced entry per batch and grant afterwards (the benchmark books it), so budgets stay reconciled.
CREATE TEMP TABLE seed ON COMMIT DROP AS
SELECT i, r,
       md5('lmc-bench-funding-team-' || i)::uuid AS team_id,
       md5('lmc-bench-funding-member-' || i || '-' || r)::uuid AS member_id,
       md5('lmc-bench-funding-entitlement-' || i || '-' || r)::uuid AS entitlement_id,
       g.grant_id, g.convening_id,
       (ARRAY['SUPERINTENDENT', 'UNION_LEADER', 'BOARD_PRESIDENT'])[r] AS role,
       CASE WHEN (i + r) % 4 = 0 THEN 'PERSONAL_LEAVE' ELSE 'OFFICIAL_DUTY' END AS duty_status
FROM generate_series(:from, :to - 1) AS i, generate_series(1, 3) AS r, seed_grant g
WHERE g.k = i / 200;

INSERT INTO team (id, convening_id, org_kind, org_id, org_name, org_state, presenting, status)
SELECT DISTINCT team_id, convening_id, 'DISTRICT', lpad((2000000 + i)::text, 7, '0'), 'Bench School District ' || i,
       (ARRAY['AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY', 'LA',
              'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'OK',
              'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY'])[1 + (i * 7) % 50],
       false, 'CONFIRMED'
FROM seed;

INSERT INTO team_member (team_id, member_id, position, name, email, role)
SELECT team_id, member_id, r, initcap(lower(replace(role, '_', ' '))) || ' ' || i,
       lower(role) || '@d' || i || '.example.org', role
FROM seed;

INSERT INTO entitlement (id, team_id, member_id, grant_id, status, reserved_cents, consumed_cents, currency)
SELECT entitlement_id, team_id, member_id, grant_id, 'RESERVED', 150000, 90000, 'USD' FROM seed;

INSERT INTO claim (id, entitlement_id, grant_id, team_id, member_id, traveller_name, traveller_email, category, amount_cents,
                   currency, duty_status, receipt_issuer, receipt_date, receipt_sha256, status, submitted_by, submitted_at,
                   decided_by, decided_at)
SELECT md5('lmc-bench-funding-claim-' || i || '-' || r || '-' || c.category)::uuid, entitlement_id, grant_id, team_id, member_id,
       initcap(lower(replace(role, '_', ' '))) || ' ' || i, lower(role) || '@d' || i || '.example.org', c.category, c.cents,
       'USD', duty_status, c.issuer, DATE '2011-02-17', md5(i || '-' || r || c.category) || md5(c.category || i || '-' || r),
       'PAID', 'bench-traveller-' || i, timestamptz '2011-02-20 12:00:00+00', 'bench-funder', timestamptz '2011-03-01 12:00:00+00'
FROM seed, (VALUES ('TRAVEL', 50000, 'United Airlines'), ('LODGING', 30000, 'Hyatt Regency Denver'),
                   ('MEALS', 10000, 'Hyatt Regency Denver')) AS c(category, cents, issuer);

INSERT INTO payment (id, grant_id, claim_id, amount_cents, currency, paid_by, paid_at)
SELECT md5('lmc-bench-funding-payment-' || c.id)::uuid, c.grant_id, c.id, c.amount_cents, 'USD', 'bench-funder',
       timestamptz '2011-03-02 12:00:00+00'
FROM claim c JOIN (SELECT DISTINCT team_id FROM seed) t ON t.team_id = c.team_id;

-- The ledger as reservations, approvals and payments would have left it: per grant, one balanced entry moving what
-- the batch reserved out of AVAILABLE, the paid part to PAID and the rest still RESERVED.
CREATE TEMP TABLE seed_entry ON COMMIT DROP AS
SELECT gen_random_uuid() AS id, e.grant_id, sum(e.reserved_cents) AS reserved, sum(e.consumed_cents) AS consumed
FROM entitlement e JOIN seed s ON s.entitlement_id = e.id
GROUP BY e.grant_id;

INSERT INTO journal_entry (id, grant_id, kind, recorded_at, recorded_by, memo)
SELECT id, grant_id, 'BENCH_SEEDED', now(), 'bench-seed', 'seeded reservations, approvals and payments' FROM seed_entry;

INSERT INTO journal_line (entry_id, grant_id, account, amount_cents, currency)
SELECT id, grant_id, a.account,
       CASE a.account WHEN 'AVAILABLE' THEN -reserved WHEN 'RESERVED' THEN reserved - consumed ELSE consumed END, 'USD'
FROM seed_entry, (VALUES ('AVAILABLE'), ('RESERVED'), ('PAID')) AS a(account);
