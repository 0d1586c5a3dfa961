-- Change feeds (?since=): a table that offers one gives its rows a change_xid column and a BEFORE INSERT OR UPDATE
-- trigger running this function, which stamps each written row with the id of the transaction writing it. Readers
-- only return rows whose stamp is below the oldest transaction still running (see org.lmc.web.ChangeFeed), so a
-- transaction that commits after a younger one is never skipped by a client that already read past the younger.
CREATE FUNCTION lmc_stamp_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.change_xid := pg_current_xact_id()::text::bigint;
    RETURN NEW;
END
$$;
