package org.lmc.plan.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicIntegerArray;
import javax.sql.DataSource;
import org.lmc.contracts.registration.TeamOrganisation;
import org.lmc.plan.config.PlanConfig;
import org.lmc.plan.domain.PlanVersion;
import org.lmc.plan.domain.Progress;
import org.lmc.web.Cursor;
import org.lmc.web.ProblemException;
import org.lmc.web.ScoreCursor;

/**
 * The public plan database: published plans only, read from the rows {@link PublicRecord} keeps. Nothing here reads
 * a draft, an unpublished version or a member's email.
 *
 * <p>Reads go straight to JDBC, one statement each and no transaction: a statement sees one snapshot, so a page's
 * parts and its revision (the ETag) always agree, and the public database is the service's most-read path (JTA and
 * the ORM's per-query work cost more than the statement itself; see {@code ./lmc bench-plan}).
 *
 * <p>Search results are cached under the public directory's revision (migrations V3 and V5: a counter that moves once in the
 * transaction of every change a search can show). A search read with the revision in one statement is kept under it; a
 * search asked again reads the revision (one primary-key lookup) and reuses the kept result while it is the same, so an
 * answer is never older than the last commit, whichever instance wrote it. Ranking scores every match of the text, so
 * without the cache a common word's cost grows with the database.
 */
@ApplicationScoped
public class PublicPlans {
    private static final String SEARCH_COLUMNS = "p.id, p.convening_id, p.org_kind, p.org_id, p.org_name, p.org_state,"
            + " p.published_version, p.published_at, array_to_string(p.principles, ','), p.milestones_done, p.milestones_total";

    /**
     * Everything a plan page shows, in one statement: the plan row, its published version, and its signers, measures,
     * reported values and milestones as JSON arrays (numbers as text, so decimals keep their exact value).
     */
    private static final String PAGE = """
            SELECT p.convening_id, p.org_kind, p.org_id, p.org_name, p.org_state, p.published_version, p.public_revision,
                   (SELECT min(published_at) FROM plan_version WHERE plan_id = p.id),
                   v.content::text, v.submitted_at, v.submitted_by, v.endorsed_at, v.published_at,
                   (SELECT coalesce(json_agg(json_build_array(s.signer_name, s.role, s.signed_at) ORDER BY s.signed_at), '[]')
                      FROM plan_signature s WHERE s.plan_id = p.id AND s.version_number = p.published_version)::text,
                   (SELECT coalesce(json_agg(json_build_array(m.id, m.name, m.unit, m.baseline::text, m.target::text, m.target_date)
                           ORDER BY m.name, m.id), '[]') FROM plan_measure m WHERE m.plan_id = p.id)::text,
                   (SELECT coalesce(json_agg(json_build_array(x.measure_id, x.value::text, x.observed_on)
                           ORDER BY x.observed_on, x.reported_at), '[]') FROM plan_measure_value x WHERE x.plan_id = p.id)::text,
                   (SELECT coalesce(json_agg(json_build_array(ms.id, ms.title, ms.due_date, ms.owner_role, ms.completed_on)
                           ORDER BY ms.due_date, ms.id), '[]') FROM plan_milestone ms WHERE ms.plan_id = p.id)::text,
                   p.team_id
              FROM plan p JOIN plan_version v ON v.plan_id = p.id AND v.number = p.published_version
             WHERE p.id = ? AND p.published_version IS NOT NULL""";

    private final DataSource dataSource;
    private final ObjectMapper json;
    private final Clock clock;
    private final Cache<SearchKey, Searched> searches;
    /** Fingerprints of searches asked lately ({@link #askedBefore}). */
    private final AtomicIntegerArray asked = new AtomicIntegerArray(1 << 14);

    PublicPlans(DataSource dataSource, ObjectMapper json, Clock clock, PlanConfig config, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.json = json;
        this.clock = clock;
        this.searches = Caffeine.newBuilder().maximumSize(config.pages().searchCacheSize()).recordStats().build();
        CaffeineCacheMetrics.monitor(registry, searches, "plan-public-search");
    }

    /** What to search for; a null field matches any. */
    public record Search(String text, UUID conveningId, String state, Integer principle, String progress) {
    }

    /**
     * A search's results at a revision of the public directory (the answer's ETag), and the API's JSON answer made from
     * them once: a search reused from the cache is answered with the same bytes, not serialised again.
     */
    public static final class Searched {
        private final long revision;
        private final List<Found> found;
        private volatile byte[] json;

        Searched(long revision, List<Found> found) {
            this.revision = revision;
            this.found = found;
        }

        public long revision() {
            return revision;
        }

        public List<Found> found() {
            return found;
        }

        /** The API's answer: made by {@code render} the first time (a race makes the same bytes twice), then kept. */
        public byte[] json(java.util.function.Function<List<Found>, byte[]> render) {
            byte[] made = json;
            if (made == null) {
                made = render.apply(found);
                json = made;
            }
            return made;
        }
    }

    private record SearchKey(Search search, String after, int max) {
    }

    /** One published plan in a result list; {@code rank} is the text match's score (0 without text). */
    public record Found(UUID planId, UUID conveningId, TeamOrganisation organisation, String title, int versionNumber,
            Instant publishedAt, List<Integer> principles, int milestonesDone, int milestonesTotal, float rank) {
    }

    /**
     * Up to {@code max} published plans: ranked by the text match when there is text, newest publication first otherwise.
     * The page comes from the plan rows alone (filters first, so a state or convening index narrows them before any text
     * is ranked), the published title included (migration V4).
     */
    public Searched search(Search search, String after, int max) {
        SearchKey key = new SearchKey(search, after, max);
        try (Connection connection = dataSource.getConnection()) {
            Searched cached = searches.getIfPresent(key);
            // A search asked for the first time costs one statement, which reads the revision with the results; a cached
            // one costs the revision's read, and its search again only when the directory moved since.
            if (cached != null && cached.revision() >= directoryRevision(connection)) {
                return cached;
            }
            Searched fresh = query(connection, search, after, max);
            if (cached != null || askedBefore(key)) {
                // A slower search of an older revision must not replace a newer one.
                searches.asMap().merge(key, fresh, (old, mine) -> mine.revision() >= old.revision() ? mine : old);
            }
            return fresh;
        } catch (SQLException e) {
            throw new IllegalStateException("public plan search failed", e);
        }
    }

    /**
     * Whether this search was asked recently, remembered by a fingerprint in a fixed array: only a search asked twice is
     * kept, so searches asked once (most of a long tail) never fill the cache and push out the common ones, nor keep
     * their results alive in the heap. A collision only keeps a result early.
     */
    private boolean askedBefore(SearchKey key) {
        int hash = key.hashCode();
        int slot = (hash ^ (hash >>> 16)) & (asked.length() - 1);
        return asked.getAndSet(slot, hash) == hash;
    }

    /** Refuses a malformed {@code after} cursor (400 naming it): a ranked search pages by score, the others by publication. */
    public static void checkCursor(String after, boolean ranked) {
        if (after == null) {
            return;
        }
        if (ranked) {
            ScoreCursor.decode(after, "after");
        } else {
            Cursor.decode(after, "after");
        }
    }

    /** The public directory's revision now: a search's answer is unchanged while it stays the same. */
    public long directoryRevision() {
        try (Connection connection = dataSource.getConnection()) {
            return directoryRevision(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("public directory revision read failed", e);
        }
    }

    /**
     * The directory's one row, read through its primary key: a scan reads every page of the table, and the table keeps
     * the pages that versions of its row filled between vacuums (before migration V5 a transaction publishing 20,000
     * plans left 20,000 versions, about 200 pages, and every search read them).
     */
    private static final String THE_DIRECTORY = "d.singleton = true";

    private static long directoryRevision(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT revision FROM public_directory d WHERE " + THE_DIRECTORY);
                ResultSet r = statement.executeQuery()) {
            if (!r.next()) {
                throw new IllegalStateException("public_directory holds no revision");
            }
            return r.getLong(1);
        }
    }

    /** The search, and in the same statement (one snapshot) the directory's revision it is at. */
    private Searched query(Connection connection, Search search, String after, int max) throws SQLException {
        boolean ranked = search.text() != null;
        StringBuilder where = new StringBuilder(" WHERE p.published_version IS NOT NULL");
        List<Object> parameters = new ArrayList<>();
        if (ranked) {
            where.append(" AND p.search_document @@ q.query");
        }
        if (search.conveningId() != null) {
            where.append(" AND p.convening_id = ?");
            parameters.add(search.conveningId());
        }
        if (search.state() != null) {
            where.append(" AND p.org_state = ?");
            parameters.add(search.state());
        }
        if (search.principle() != null) {
            where.append(" AND p.principles @> ARRAY[CAST(? AS smallint)]");
            parameters.add(search.principle());
        }
        if (search.progress() != null) {
            where.append(switch (search.progress()) {
                case "COMPLETE" -> " AND p.milestones_total > 0 AND p.milestones_done >= p.milestones_total";
                case "UNDER_WAY" -> " AND p.milestones_done > 0 AND p.milestones_done < p.milestones_total";
                default -> " AND p.milestones_done = 0";
            });
        }
        String order;
        // The text's query is a FROM item, made once per statement: an expression would be made again for every match
        // under the generic plan PostgreSQL settles on for a prepared statement (about three times the cost at 200 matches).
        List<Object> fromParameters = new ArrayList<>();
        String from;
        String rank;
        if (ranked) {
            from = "websearch_to_tsquery('english', ?) AS q (query), plan p";
            fromParameters.add(search.text());
            rank = "ts_rank(p.search_document, q.query)";
            if (after != null) {
                ScoreCursor cursor = ScoreCursor.decode(after, "after");
                where.append(" AND (ts_rank(p.search_document, q.query), p.id) < (CAST(? AS real), ?)");
                parameters.addAll(List.of(cursor.score(), cursor.id()));
            }
            order = " ORDER BY %1$srank DESC, %2$s.id DESC";
        } else {
            from = "plan p";
            rank = "CAST(0 AS real)";
            if (after != null) {
                Cursor cursor = Cursor.decode(after, "after");
                where.append(" AND (p.published_at, p.id) < (?, ?)");
                parameters.addAll(List.of(Timestamp.from(cursor.time()), cursor.id()));
            }
            order = " ORDER BY %2$s.published_at DESC, %2$s.id DESC";
        }
        // The revision's one row leads, so an empty result still carries it.
        String sql = "SELECT d.revision, s.* FROM public_directory d LEFT JOIN LATERAL (SELECT " + SEARCH_COLUMNS + ", " + rank
                + " AS rank, p.published_title FROM " + from + where + order.formatted("", "p") + " LIMIT ?) s ON true"
                + " WHERE " + THE_DIRECTORY + order.formatted("s.", "s");
        List<Object> all = new ArrayList<>(fromParameters);
        all.addAll(parameters);
        all.add(max);
        List<Found> found = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < all.size(); i++) {
                statement.setObject(i + 1, all.get(i));
            }
            long revision = 0;
            try (ResultSet r = statement.executeQuery()) {
                while (r.next()) {
                    revision = r.getLong(1);
                    UUID planId = r.getObject(2, UUID.class);
                    if (planId == null) {
                        break;
                    }
                    String principles = r.getString(10);
                    found.add(new Found(planId, r.getObject(3, UUID.class), new TeamOrganisation(r.getString(4),
                            r.getString(5), r.getString(6), r.getString(7)), r.getString(14), r.getInt(8), instant(r, 9),
                            principles == null || principles.isEmpty() ? List.of()
                                    : List.of(principles.split(",")).stream().map(Integer::valueOf).toList(),
                            r.getInt(11), r.getInt(12), r.getFloat(13)));
                }
            }
            return new Searched(revision, List.copyOf(found));
        }
    }

    /** The cursor of the item after which the next page starts. */
    public static String cursorAfter(Found last, boolean ranked) {
        return ranked ? new ScoreCursor(last.rank(), last.planId()).encode() : new Cursor(last.publishedAt(), last.planId()).encode();
    }

    /** A reported value in a measure's public history. */
    public record Value(BigDecimal value, LocalDate observedOn) {
    }

    public record Measure(UUID id, String name, String unit, BigDecimal baseline, BigDecimal target, LocalDate targetDate,
            List<Value> history, boolean onTrack) {
    }

    public record Milestone(UUID id, String title, LocalDate dueDate, String ownerRole, LocalDate completedOn) {
        /** DONE once completed, OVERDUE when its due date has passed on {@code asOf}, OPEN otherwise. */
        public String status(LocalDate asOf) {
            return completedOn != null ? "DONE" : dueDate.isBefore(asOf) ? "OVERDUE" : "OPEN";
        }
    }

    public record Signer(String name, String role, Instant signedAt) {
    }

    /** A published plan's public page. */
    public record PlanPage(UUID planId, UUID conveningId, TeamOrganisation organisation, long revision, PlanVersion version,
            JsonNode content, List<Signer> signers, List<Measure> measures, List<Milestone> milestones, LocalDate asOf,
            int milestonesDone, int measuresOnTrack, UUID teamId, LocalDate firstPublished) {
    }

    /** The plan's public revision (its page's ETag), or 404 when it is not published. */
    public long revision(UUID planId) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(
                "SELECT public_revision FROM plan WHERE id = ? AND published_version IS NOT NULL")) {
            statement.setObject(1, planId);
            try (ResultSet r = statement.executeQuery()) {
                if (!r.next()) {
                    throw ProblemException.notFound("published plan", planId);
                }
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("public plan revision read failed", e);
        }
    }

    public PlanPage page(UUID planId) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(PAGE)) {
            statement.setObject(1, planId);
            try (ResultSet r = statement.executeQuery()) {
                if (!r.next()) {
                    throw ProblemException.notFound("published plan", planId);
                }
                return page(planId, r);
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("public plan read failed", e);
        }
    }

    private PlanPage page(UUID planId, ResultSet r) throws SQLException, JsonProcessingException {
        JsonNode content = json.readTree(r.getString(9));
        PlanVersion version = PlanVersion.snapshot(planId, r.getInt(6), content, instant(r, 10), r.getString(11), instant(r, 12),
                instant(r, 13));
        LocalDate firstPublished = LocalDate.ofInstant(instant(r, 8), ZoneOffset.UTC);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<Signer> signers = new ArrayList<>();
        for (JsonNode s : json.readTree(r.getString(14))) {
            signers.add(new Signer(s.get(0).asText(), s.get(1).asText(), OffsetDateTime.parse(s.get(2).asText()).toInstant()));
        }
        Map<UUID, List<Value>> history = new LinkedHashMap<>();
        for (JsonNode v : json.readTree(r.getString(16))) {
            history.computeIfAbsent(UUID.fromString(v.get(0).asText()), id -> new ArrayList<>())
                    .add(new Value(new BigDecimal(v.get(1).asText()), LocalDate.parse(v.get(2).asText())));
        }
        List<Measure> measures = new ArrayList<>();
        int onTrack = 0;
        for (JsonNode m : json.readTree(r.getString(15))) {
            UUID id = UUID.fromString(m.get(0).asText());
            BigDecimal baseline = new BigDecimal(m.get(3).asText());
            BigDecimal target = new BigDecimal(m.get(4).asText());
            LocalDate targetDate = LocalDate.parse(m.get(5).asText());
            List<Value> own = history.getOrDefault(id, List.of());
            Value latest = own.isEmpty() ? null : own.get(own.size() - 1);
            boolean track = latest != null && Progress.onTrack(baseline, target, firstPublished, targetDate, latest.value(),
                    latest.observedOn());
            onTrack += track ? 1 : 0;
            measures.add(new Measure(id, m.get(1).asText(), m.get(2).asText(), baseline, target, targetDate, own, track));
        }
        List<Milestone> milestones = new ArrayList<>();
        int done = 0;
        for (JsonNode m : json.readTree(r.getString(17))) {
            LocalDate completed = m.get(4).isNull() ? null : LocalDate.parse(m.get(4).asText());
            done += completed != null ? 1 : 0;
            milestones.add(new Milestone(UUID.fromString(m.get(0).asText()), m.get(1).asText(), LocalDate.parse(m.get(2).asText()),
                    m.get(3).asText(), completed));
        }
        return new PlanPage(planId, r.getObject(1, UUID.class), new TeamOrganisation(r.getString(2), r.getString(3), r.getString(4),
                r.getString(5)), r.getLong(7), version, content, signers, measures, milestones, today, done, onTrack,
                r.getObject(18, UUID.class), firstPublished);
    }

    /** A value to filter the search by, with how many published plans have it. */
    public record Facet(String value, long plans) {
    }

    /** The search's filters' choices at a revision of the public directory. */
    public record Facets(long revision, Map<String, List<Facet>> byFilter) {
    }

    /**
     * The convenings and the states that published plans belong to, for the search's filters, in value order, with the
     * directory's revision they were counted at (one statement, one snapshot).
     */
    public Facets facets() {
        Map<String, List<Facet>> facets = new LinkedHashMap<>();
        facets.put("convening", new ArrayList<>());
        facets.put("state", new ArrayList<>());
        long revision = 0;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("""
                        SELECT d.revision, f.filter, f.value, f.plans FROM public_directory d LEFT JOIN LATERAL (
                            SELECT 'convening' AS filter, CAST(convening_id AS text) AS value, count(*) AS plans
                              FROM plan WHERE published_version IS NOT NULL GROUP BY convening_id
                            UNION ALL
                            SELECT 'state', org_state, count(*) FROM plan WHERE published_version IS NOT NULL GROUP BY org_state) f ON true
                         WHERE\s""" + THE_DIRECTORY + " ORDER BY f.filter, f.value");
                ResultSet r = statement.executeQuery()) {
            while (r.next()) {
                revision = r.getLong(1);
                if (r.getString(2) != null) {
                    facets.get(r.getString(2)).add(new Facet(r.getString(3), r.getLong(4)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("public plan facets read failed", e);
        }
        return new Facets(revision, facets);
    }

    /** The Principles in Action: number to title. */
    public Map<Integer, String> principles() {
        Map<Integer, String> principles = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT number, title FROM principle ORDER BY number");
                ResultSet r = statement.executeQuery()) {
            while (r.next()) {
                principles.put(r.getInt(1), r.getString(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("principles read failed", e);
        }
        return principles;
    }

    private static Instant instant(ResultSet r, int column) throws SQLException {
        OffsetDateTime value = r.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
