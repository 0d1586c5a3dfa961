-- Funders, grants, the team projection, entitlements, claims, invoices, payments, the double-entry ledger and the
-- hash-chained audit trail. Money is integer cents with an ISO 4217 currency; nothing here is ever a float.

CREATE TABLE funder (
    id         TEXT PRIMARY KEY CHECK (id ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(id) <= 80),
    name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE funding_grant (
    id                      UUID PRIMARY KEY,
    funder_id               TEXT NOT NULL REFERENCES funder (id),
    convening_id            UUID NOT NULL,
    kind                    TEXT NOT NULL CHECK (kind IN ('FOUNDATION_TRAVEL_GRANT', 'FEDERAL_EVENT_COST')),
    title                   TEXT NOT NULL,
    currency                CHAR(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    budget_cents            BIGINT NOT NULL CHECK (budget_cents > 0),
    estimate_cents          BIGINT CHECK (estimate_cents > 0),
    traveller_cap_cents     BIGINT CHECK (traveller_cap_cents > 0),
    draw_order              INT NOT NULL CHECK (draw_order >= 0),
    version                 INT NOT NULL DEFAULT 1,
    created_by              TEXT NOT NULL,
    created_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- A travel grant must say what one traveller is expected to cost; an event-cost grant has no travellers.
    CHECK ((kind = 'FOUNDATION_TRAVEL_GRANT') = (estimate_cents IS NOT NULL)),
    CHECK (kind = 'FOUNDATION_TRAVEL_GRANT' OR traveller_cap_cents IS NULL)
);
CREATE INDEX funding_grant_convening ON funding_grant (convening_id, kind, draw_order);
CREATE INDEX funding_grant_funder ON funding_grant (funder_id);

-- A grant-wide cap on what one category may cost in total.
CREATE TABLE grant_category_cap (
    grant_id  UUID NOT NULL REFERENCES funding_grant (id),
    category  TEXT NOT NULL,
    cap_cents BIGINT NOT NULL CHECK (cap_cents > 0),
    PRIMARY KEY (grant_id, category)
);

-- What registration events told us about teams: funding never asks registration-service.
CREATE TABLE team (
    id           UUID PRIMARY KEY,
    convening_id UUID NOT NULL,
    org_kind     TEXT NOT NULL,
    org_id       TEXT NOT NULL,
    org_name     TEXT NOT NULL,
    org_state    TEXT NOT NULL,
    presenting   BOOLEAN NOT NULL,
    status       TEXT NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX team_convening ON team (convening_id);
CREATE INDEX team_org ON team (org_id);

CREATE TABLE team_member (
    team_id   UUID NOT NULL REFERENCES team (id),
    member_id UUID NOT NULL,
    position  INT NOT NULL,
    name      TEXT NOT NULL,
    email     TEXT NOT NULL,
    role      TEXT NOT NULL,
    PRIMARY KEY (team_id, member_id)
);

-- One traveller's travel money: reserved on one grant (RESERVED, then RELEASED when the team cancels) or UNFUNDED.
CREATE TABLE entitlement (
    id             UUID PRIMARY KEY,
    team_id        UUID NOT NULL REFERENCES team (id),
    member_id      UUID NOT NULL,
    grant_id       UUID REFERENCES funding_grant (id),
    status         TEXT NOT NULL CHECK (status IN ('RESERVED', 'UNFUNDED', 'RELEASED', 'CANCELLED')),
    reserved_cents BIGINT NOT NULL DEFAULT 0 CHECK (reserved_cents >= 0),
    -- What approvals took from the reservation so far; the rest can be released.
    consumed_cents BIGINT NOT NULL DEFAULT 0 CHECK (consumed_cents >= 0 AND consumed_cents <= reserved_cents),
    released_cents BIGINT NOT NULL DEFAULT 0 CHECK (released_cents >= 0),
    currency       CHAR(3),
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((status = 'UNFUNDED') = (grant_id IS NULL) OR status = 'CANCELLED')
);
-- A traveller has at most one live entitlement: a redelivered or repeated confirmation reserves nothing twice.
CREATE UNIQUE INDEX entitlement_live ON entitlement (team_id, member_id) WHERE status IN ('RESERVED', 'UNFUNDED');
CREATE INDEX entitlement_grant ON entitlement (grant_id);

CREATE TABLE claim (
    id                UUID PRIMARY KEY,
    entitlement_id    UUID NOT NULL REFERENCES entitlement (id),
    grant_id          UUID NOT NULL REFERENCES funding_grant (id),
    team_id           UUID NOT NULL REFERENCES team (id),
    member_id         UUID NOT NULL,
    traveller_name    TEXT NOT NULL,
    traveller_email   TEXT NOT NULL,
    category          TEXT NOT NULL CHECK (category IN ('TRAVEL', 'LODGING', 'MEALS')),
    amount_cents      BIGINT NOT NULL CHECK (amount_cents > 0),
    currency          CHAR(3) NOT NULL,
    duty_status       TEXT NOT NULL CHECK (duty_status IN ('OFFICIAL_DUTY', 'PERSONAL_LEAVE')),
    receipt_issuer    TEXT NOT NULL,
    receipt_date      DATE NOT NULL,
    receipt_sha256    CHAR(64) NOT NULL CHECK (receipt_sha256 ~ '^[0-9a-f]{64}$'),
    status            TEXT NOT NULL CHECK (status IN ('SUBMITTED', 'APPROVED', 'REJECTED', 'PAID')),
    submitted_by      TEXT NOT NULL,
    submitted_at      TIMESTAMPTZ NOT NULL,
    decided_by        TEXT,
    decided_at        TIMESTAMPTZ,
    decision_reason   TEXT,
    CHECK (decided_by IS NULL OR decided_by <> submitted_by)
);
CREATE INDEX claim_team ON claim (team_id, submitted_at, id);
CREATE INDEX claim_grant ON claim (grant_id);

CREATE TABLE invoice (
    id              UUID PRIMARY KEY,
    grant_id        UUID NOT NULL REFERENCES funding_grant (id),
    vendor          TEXT NOT NULL,
    category        TEXT NOT NULL CHECK (category IN ('AUDIO_VISUAL', 'PRINTING', 'STAGING', 'EVENT_STAFFING')),
    amount_cents    BIGINT NOT NULL CHECK (amount_cents > 0),
    currency        CHAR(3) NOT NULL,
    receipt_issuer  TEXT NOT NULL,
    receipt_date    DATE NOT NULL,
    receipt_sha256  CHAR(64) NOT NULL CHECK (receipt_sha256 ~ '^[0-9a-f]{64}$'),
    status          TEXT NOT NULL CHECK (status IN ('SUBMITTED', 'APPROVED', 'REJECTED', 'PAID')),
    submitted_by    TEXT NOT NULL,
    submitted_at    TIMESTAMPTZ NOT NULL,
    decided_by      TEXT,
    decided_at      TIMESTAMPTZ,
    decision_reason TEXT,
    CHECK (decided_by IS NULL OR decided_by <> submitted_by)
);
CREATE INDEX invoice_grant ON invoice (grant_id, submitted_at, id);

-- At most one payment per claim and per invoice, whatever the application does.
CREATE TABLE payment (
    id           UUID PRIMARY KEY,
    grant_id     UUID NOT NULL REFERENCES funding_grant (id),
    claim_id     UUID UNIQUE REFERENCES claim (id),
    invoice_id   UUID UNIQUE REFERENCES invoice (id),
    amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
    currency     CHAR(3) NOT NULL,
    paid_by      TEXT NOT NULL,
    paid_at      TIMESTAMPTZ NOT NULL,
    CHECK ((claim_id IS NULL) <> (invoice_id IS NULL))
);

-- The ledger. Each grant has five accounts; COMMITMENT carries the funder's side (a credit, negative), the four
-- others the money's state (debits, never negative), so budget = available + reserved + payable + paid always.
CREATE TABLE ledger_account (
    grant_id      UUID NOT NULL REFERENCES funding_grant (id),
    account       TEXT NOT NULL CHECK (account IN ('COMMITMENT', 'AVAILABLE', 'RESERVED', 'PAYABLE', 'PAID')),
    balance_cents BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (grant_id, account),
    CHECK (account = 'COMMITMENT' OR balance_cents >= 0)
);

CREATE TABLE journal_entry (
    id             UUID PRIMARY KEY,
    grant_id       UUID NOT NULL REFERENCES funding_grant (id),
    kind           TEXT NOT NULL,
    recorded_at    TIMESTAMPTZ NOT NULL,
    recorded_by    TEXT NOT NULL,
    team_id        UUID,
    member_id      UUID,
    entitlement_id UUID REFERENCES entitlement (id),
    claim_id       UUID REFERENCES claim (id),
    invoice_id     UUID REFERENCES invoice (id),
    payment_id     UUID REFERENCES payment (id),
    memo           TEXT NOT NULL
);
CREATE INDEX journal_entry_grant ON journal_entry (grant_id, recorded_at, id);

-- Signed amounts: a debit is positive, a credit negative; an entry's lines sum to zero.
CREATE TABLE journal_line (
    id           BIGSERIAL PRIMARY KEY,
    entry_id     UUID NOT NULL REFERENCES journal_entry (id),
    grant_id     UUID NOT NULL,
    account      TEXT NOT NULL,
    amount_cents BIGINT NOT NULL CHECK (amount_cents <> 0),
    currency     CHAR(3) NOT NULL,
    FOREIGN KEY (grant_id, account) REFERENCES ledger_account (grant_id, account)
);
CREATE INDEX journal_line_entry ON journal_line (entry_id);
CREATE INDEX journal_line_grant ON journal_line (grant_id, id);

-- Each line moves its account's balance in the same statement; the CHECK on ledger_account refuses any
-- overdraft even if the application's own check was bypassed.
CREATE FUNCTION journal_line_post() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE ledger_account SET balance_cents = balance_cents + NEW.amount_cents
     WHERE grant_id = NEW.grant_id AND account = NEW.account;
    RETURN NEW;
END
$$;
CREATE TRIGGER journal_line_post AFTER INSERT ON journal_line FOR EACH ROW EXECUTE FUNCTION journal_line_post();

-- Checked at commit, once every line of the transaction is in: an entry with fewer than two lines, lines in two
-- currencies or lines that do not sum to zero aborts the whole transaction.
CREATE FUNCTION journal_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    total BIGINT;
    lines INT;
    currencies INT;
BEGIN
    SELECT coalesce(sum(amount_cents), 0), count(*), count(DISTINCT currency) INTO total, lines, currencies
      FROM journal_line WHERE entry_id = NEW.entry_id;
    IF total <> 0 OR lines < 2 OR currencies <> 1 THEN
        RAISE EXCEPTION 'journal entry % does not balance: % lines, sum %, % currencies', NEW.entry_id, lines, total, currencies
            USING ERRCODE = '23514';
    END IF;
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER journal_entry_balanced AFTER INSERT ON journal_line DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION journal_entry_balanced();

-- The journal and the audit trail are append-only: corrections are new entries, never edits.
CREATE FUNCTION lmc_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = '42501';
END
$$;
CREATE TRIGGER journal_entry_append_only BEFORE UPDATE OR DELETE ON journal_entry FOR EACH ROW EXECUTE FUNCTION lmc_refuse_change();
CREATE TRIGGER journal_entry_no_truncate BEFORE TRUNCATE ON journal_entry FOR EACH STATEMENT EXECUTE FUNCTION lmc_refuse_change();
CREATE TRIGGER journal_line_append_only BEFORE UPDATE OR DELETE ON journal_line FOR EACH ROW EXECUTE FUNCTION lmc_refuse_change();
CREATE TRIGGER journal_line_no_truncate BEFORE TRUNCATE ON journal_line FOR EACH STATEMENT EXECUTE FUNCTION lmc_refuse_change();

-- The audit trail: every change of money or of a grant, hash-chained. row_hash = SHA-256(previous_hash, content_hash),
-- content_hash = SHA-256 of the row's canonical content (org.lmc.funding.domain.AuditRecord#canonical).
CREATE TABLE audit_record (
    seq           BIGINT PRIMARY KEY,
    recorded_at   TIMESTAMPTZ NOT NULL,
    actor         TEXT NOT NULL,
    action        TEXT NOT NULL,
    subject_type  TEXT NOT NULL,
    subject_id    TEXT NOT NULL,
    details       TEXT NOT NULL,
    previous_hash CHAR(64) NOT NULL,
    content_hash  CHAR(64) NOT NULL,
    row_hash      CHAR(64) NOT NULL
);
-- The chain's head: one row, locked by each writer, so appends are serial and seq has no gaps.
CREATE TABLE audit_head (
    id       INT PRIMARY KEY CHECK (id = 1),
    last_seq BIGINT NOT NULL,
    last_hash CHAR(64) NOT NULL
);
INSERT INTO audit_head VALUES (1, 0, repeat('0', 64));

CREATE TRIGGER audit_record_append_only BEFORE UPDATE OR DELETE ON audit_record FOR EACH ROW EXECUTE FUNCTION lmc_refuse_change();
CREATE TRIGGER audit_record_no_truncate BEFORE TRUNCATE ON audit_record FOR EACH STATEMENT EXECUTE FUNCTION lmc_refuse_change();
-- The service's role may only add and read rows. (A superuser bypasses privileges, not the triggers above; the
-- chain check finds what it still manages to change.)
REVOKE UPDATE, DELETE, TRUNCATE ON audit_record, journal_entry, journal_line FROM PUBLIC;
DO $$
BEGIN
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON audit_record, journal_entry, journal_line FROM %I', current_user);
END
$$;
