-- The public directory's revision: one counter that moves in the same transaction as every change a public search
-- can show (a publication, a progress count, a closed or renamed team's plan). plan-service caches search results under
-- it and checks it with one primary-key read per search, so a cached page is never older than the last commit; a
-- sequence would not do (nextval is seen before its transaction commits). Drafts do not move it.
CREATE TABLE public_directory (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    revision  bigint NOT NULL
);
INSERT INTO public_directory (singleton, revision) VALUES (true, 1);

CREATE FUNCTION public_directory_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE public_directory SET revision = revision + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER plan_public_directory_insert AFTER INSERT ON plan FOR EACH ROW
    WHEN (NEW.published_version IS NOT NULL) EXECUTE FUNCTION public_directory_moved();
CREATE TRIGGER plan_public_directory_delete AFTER DELETE ON plan FOR EACH ROW
    WHEN (OLD.published_version IS NOT NULL) EXECUTE FUNCTION public_directory_moved();
CREATE TRIGGER plan_public_directory_update AFTER UPDATE ON plan FOR EACH ROW
    WHEN ((OLD.published_version IS NOT NULL OR NEW.published_version IS NOT NULL)
          AND (OLD.convening_id, OLD.org_kind, OLD.org_id, OLD.org_name, OLD.org_state, OLD.published_version, OLD.published_at,
               OLD.search_document, OLD.principles, OLD.milestones_total, OLD.milestones_done, OLD.public_revision)
              IS DISTINCT FROM
              (NEW.convening_id, NEW.org_kind, NEW.org_id, NEW.org_name, NEW.org_state, NEW.published_version, NEW.published_at,
               NEW.search_document, NEW.principles, NEW.milestones_total, NEW.milestones_done, NEW.public_revision))
    EXECUTE FUNCTION public_directory_moved();
