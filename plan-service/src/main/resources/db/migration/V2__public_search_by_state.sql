-- The public search filters by state on nearly every query. One GIN index over the state and the text lets PostgreSQL
-- intersect both inside the index, so only the state's matching plans are read and ranked; with the text index alone a
-- common word read thousands of wide plan rows to keep a few dozen (./lmc bench-plan at 20,000 plans).
-- btree_gin ships with PostgreSQL and is a trusted extension: a database owner may create it.
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX plan_public_state_search ON plan USING gin (org_state, search_document) WHERE published_version IS NOT NULL;
