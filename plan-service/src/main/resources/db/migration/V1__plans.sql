-- plan-service: its projection of registered teams, the action plans with their immutable versions and joint
-- sign-off, the public plan database, progress, milestone reminders and assistance requests.

-- The Principles in Action of the District Action Plan template (reference data).
CREATE TABLE principle (
    number smallint PRIMARY KEY CHECK (number BETWEEN 1 AND 99),
    title  text NOT NULL UNIQUE
);
INSERT INTO principle (number, title) VALUES
    (1, 'Strategic Direction-Setting'),
    (2, 'Clear and Shared Responsibility for Academic Outcomes of All Students'),
    (3, 'Supporting the Growth and Improvement of Teachers and Leaders'),
    (4, 'School Design, Schedules, Teacher Workload, and Time'),
    (5, 'Teacher Evaluation'),
    (6, 'Administrator Evaluation'),
    (7, 'School Board Evaluation'),
    (8, 'Transfer, Assignment, and Reduction in Force'),
    (9, 'Compensation and Benefits'),
    (10, 'Dynamic Decision-Making and Problem-Solving');

-- Teams and members as registration-service's events describe them (this service never calls it).
CREATE TABLE plan_team (
    id            uuid PRIMARY KEY,
    convening_id  uuid NOT NULL,
    org_kind      text NOT NULL CHECK (org_kind IN ('DISTRICT', 'STATE')),
    org_id        text NOT NULL,
    org_name      text NOT NULL,
    org_state     text NOT NULL CHECK (org_state ~ '^[A-Z]{2}$'),
    status        text NOT NULL,
    updated_at    timestamptz NOT NULL
);

CREATE TABLE plan_team_member (
    id             uuid PRIMARY KEY,
    team_id        uuid NOT NULL REFERENCES plan_team (id),
    position       int NOT NULL,
    name           text NOT NULL,
    email          text NOT NULL,
    role           text NOT NULL,
    -- The token subject that first signed for this seat; a later signature must come from the same subject.
    -- Cleared when another person takes the seat.
    signer_subject text
);
CREATE INDEX plan_team_member_team ON plan_team_member (team_id);

CREATE TABLE plan (
    id                 uuid PRIMARY KEY,
    team_id            uuid NOT NULL UNIQUE REFERENCES plan_team (id),
    convening_id       uuid NOT NULL,
    org_kind           text NOT NULL,
    org_id             text NOT NULL,
    org_name           text NOT NULL,
    org_state          text NOT NULL,
    status             text NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
    draft              jsonb NOT NULL,
    draft_revision     bigint NOT NULL,
    latest_version     int NOT NULL DEFAULT 0,
    published_version  int,
    published_at       timestamptz,
    opened_at          timestamptz NOT NULL,
    closed_at          timestamptz,
    updated_at         timestamptz NOT NULL,
    -- Public database (only for a published plan): full-text document, principles and milestone counts of the
    -- published version, and a revision that moves with everything the public page shows (its ETag).
    search_document    tsvector,
    principles         smallint[] NOT NULL DEFAULT '{}',
    milestones_total   int NOT NULL DEFAULT 0,
    milestones_done    int NOT NULL DEFAULT 0,
    public_revision    bigint NOT NULL DEFAULT 0,
    change_xid         bigint NOT NULL
);
CREATE INDEX plan_convening ON plan (convening_id, opened_at, id);
CREATE INDEX plan_org ON plan (org_id);
CREATE INDEX plan_change ON plan (change_xid, id);
CREATE INDEX plan_public_search ON plan USING gin (search_document) WHERE published_version IS NOT NULL;
CREATE INDEX plan_public_principles ON plan USING gin (principles) WHERE published_version IS NOT NULL;
CREATE INDEX plan_public_order ON plan (published_at DESC, id DESC) WHERE published_version IS NOT NULL;
CREATE TRIGGER plan_change_stamp BEFORE INSERT OR UPDATE ON plan FOR EACH ROW EXECUTE FUNCTION lmc_stamp_change();

-- Frozen versions: never updated except for their endorsement and publication times.
CREATE TABLE plan_version (
    plan_id       uuid NOT NULL REFERENCES plan (id),
    number        int NOT NULL CHECK (number >= 1),
    content       jsonb NOT NULL,
    submitted_at  timestamptz NOT NULL,
    submitted_by  text NOT NULL,
    endorsed_at   timestamptz,
    published_at  timestamptz,
    PRIMARY KEY (plan_id, number)
);

CREATE TABLE plan_signature (
    plan_id         uuid NOT NULL,
    version_number  int NOT NULL,
    role            text NOT NULL,
    member_id       uuid NOT NULL,
    signer_name     text NOT NULL,
    signer_subject  text NOT NULL,
    signed_at       timestamptz NOT NULL,
    PRIMARY KEY (plan_id, version_number, role),
    FOREIGN KEY (plan_id, version_number) REFERENCES plan_version (plan_id, number)
);

-- The milestones and measures of each plan's published version, kept in rows for progress, reminders and search.
CREATE TABLE plan_milestone (
    plan_id       uuid NOT NULL REFERENCES plan (id),
    id            uuid NOT NULL,
    title         text NOT NULL,
    due_date      date NOT NULL,
    owner_role    text NOT NULL,
    completed_on  date,
    completed_by  text,
    PRIMARY KEY (plan_id, id)
);
CREATE INDEX plan_milestone_due ON plan_milestone (due_date) WHERE completed_on IS NULL;

CREATE TABLE plan_measure (
    plan_id      uuid NOT NULL REFERENCES plan (id),
    id           uuid NOT NULL,
    name         text NOT NULL,
    unit         text NOT NULL,
    baseline     numeric NOT NULL,
    target       numeric NOT NULL,
    target_date  date NOT NULL,
    PRIMARY KEY (plan_id, id)
);

-- Reported values: the history is kept (append-only); it is the public record of the plan's progress.
CREATE TABLE plan_measure_value (
    id           uuid PRIMARY KEY,
    plan_id      uuid NOT NULL REFERENCES plan (id),
    measure_id   uuid NOT NULL,
    value        numeric NOT NULL,
    observed_on  date NOT NULL,
    reported_at  timestamptz NOT NULL,
    reported_by  text NOT NULL
);
CREATE INDEX plan_measure_value_measure ON plan_measure_value (plan_id, measure_id, observed_on, reported_at);

-- One row per reminder sent: the primary key is the claim, inserted in the transaction that writes the event's
-- outbox row, so two sweeping instances (or a restart) never send the same reminder twice.
CREATE TABLE plan_reminder (
    plan_id       uuid NOT NULL,
    milestone_id  uuid NOT NULL,
    due_date      date NOT NULL,
    threshold     text NOT NULL,
    sent_at       timestamptz NOT NULL,
    PRIMARY KEY (plan_id, milestone_id, due_date, threshold)
);
CREATE INDEX plan_reminder_due ON plan_reminder (due_date);

CREATE TABLE assistance_request (
    id            uuid PRIMARY KEY,
    plan_id       uuid NOT NULL REFERENCES plan (id),
    topic         text NOT NULL,
    details       text NOT NULL,
    status        text NOT NULL CHECK (status IN ('REQUESTED', 'ASSIGNED', 'CLOSED')),
    requested_at  timestamptz NOT NULL,
    requested_by  text NOT NULL,
    assignee      text,
    assigned_at   timestamptz,
    resolution    text,
    closed_at     timestamptz
);
CREATE INDEX assistance_request_plan ON assistance_request (plan_id, requested_at);
