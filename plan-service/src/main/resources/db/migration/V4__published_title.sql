-- The published version's title on the plan row, set with its search document at publication: a public search then
-- makes its page of results from the plan rows alone. It read each result's version for the title, a JSON document
-- detoasted per row, about a sixth of a search's time in PostgreSQL (./lmc bench-plan, 20,000 plans).
ALTER TABLE plan ADD COLUMN published_title text;

UPDATE plan p SET published_title = v.content ->> 'title'
  FROM plan_version v
 WHERE v.plan_id = p.id AND v.number = p.published_version;

-- A title change whose words stem to the same search document (case, punctuation) still changes what a search shows.
DROP TRIGGER plan_public_directory_update ON plan;
CREATE TRIGGER plan_public_directory_update AFTER UPDATE ON plan FOR EACH ROW
    WHEN ((OLD.published_version IS NOT NULL OR NEW.published_version IS NOT NULL)
          AND (OLD.convening_id, OLD.org_kind, OLD.org_id, OLD.org_name, OLD.org_state, OLD.published_version, OLD.published_at,
               OLD.published_title, OLD.search_document, OLD.principles, OLD.milestones_total, OLD.milestones_done,
               OLD.public_revision)
              IS DISTINCT FROM
              (NEW.convening_id, NEW.org_kind, NEW.org_id, NEW.org_name, NEW.org_state, NEW.published_version, NEW.published_at,
               NEW.published_title, NEW.search_document, NEW.principles, NEW.milestones_total, NEW.milestones_done,
               NEW.public_revision))
    EXECUTE FUNCTION public_directory_moved();
