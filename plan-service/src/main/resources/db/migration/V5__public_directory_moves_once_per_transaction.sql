-- The public directory's revision moves once per transaction, not once per changed plan row: a transaction that
-- published 20,000 plans left 20,000 versions of the directory's one row behind it (none can be pruned before it
-- commits), about 200 pages, and every search's revision read paid for them until vacuum. Once is enough:
-- a search's cache compares revisions read after commit, and the one move covers every change of the transaction.
-- The row's xmin is the transaction that last moved it; a savepoint's subtransaction has its own xid, so a transaction
-- with savepoints may move it a few times, never less than once.
CREATE OR REPLACE FUNCTION public_directory_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE public_directory SET revision = revision + 1
     WHERE singleton AND xmin <> CAST(pg_current_xact_id() AS xid);
    RETURN NULL;
END
$$;
