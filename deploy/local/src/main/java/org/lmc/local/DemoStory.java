package org.lmc.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The demo's story, through the services' public REST APIs only, each actor with their own Keycloak token: Denver,
 * February 2011 (district teams, the Ford Foundation's travel grant, the Department's event-cost grant) and Cincinnati,
 * May 2012 (state and district teams, Ford, Gates and GE travel grants), then the public's questions answered and every
 * number checked against every other. {@code ./lmc demo} plays it at full size, the end-to-end test ({@code LocalStackIT})
 * small; the code path is the same. Each run uses its own convenings, member emails and accounts, so it plays again on a
 * running stack.
 *
 * <p>Convenings are created with the real events' days of the year in the coming months (registration must be open
 * now, and members can be added only before a convening starts); receipts and progress carry today's dates.
 */
public final class DemoStory {

    /** How big the story is. */
    public record Size(String name, int teams, int capacity, int presenters, int neverCommit, int late, int claimTeams,
            int publishedPlans, int cincinnatiTeams, int cincinnatiCapacity, int cincinnatiStates) {
        /**
         * Denver as it was: 160 teams for 150 places, 12 presenting; Cincinnati as it was: state teams from 41 states and
         * more than 100 districts of those states.
         */
        public static Size full() {
            return new Size("full", 160, 150, 12, 4, 8, 20, 24, 41 + 104, 140, 41);
        }

        /** The end-to-end suite's: a handful of teams for five places, one presenting; Cincinnati small too. */
        public static Size small() {
            return new Size("small", 8, 5, 1, 1, 1, 2, 2, 6, 4, 2);
        }
    }

    /** One thing that must hold, with what was seen. */
    public record Check(String name, boolean holds, String detail) {
    }

    /** What the story did and found. */
    public record Outcome(String run, List<ConveningResult> convenings, List<Check> checks, List<String> answers) {
        public boolean allHold() {
            return checks.stream().allMatch(Check::holds);
        }
    }

    /** One convening's figures. */
    public record ConveningResult(String label, String conveningId, int registered, int confirmed, int waitlisted, int incomplete,
            int cancelled, String promotedTeamId, List<String> waitlistOrder, int presenters, int travellersReserved,
            int claimsPaid, long claimsPaidCents, int invoicesPaid, long invoicesPaidCents, int plansPublished,
            Map<String, Long> paidByFunder, int states) {
    }

    static final long ESTIMATE_CENTS = 150_000;
    /** Problem types saying a state change had already happened (see {@link #expect}). */
    private static final List<String> ALREADY_DONE = List.of(":already-signed", ":already-published", ":already-decided",
            ":team-already-cancelled", ":already-paid");
    private static final int THREADS = 4;
    private static final String[] FIRST = {"Maria", "James", "Linda", "Robert", "Patricia", "Michael", "Barbara", "David", "Susan",
        "Carlos", "Karen", "Daniel", "Nancy", "Anthony", "Lisa", "Kevin", "Angela", "Brian", "Denise", "Tyrone"};
    private static final String[] LAST = {"Alvarez", "Carter", "Nguyen", "Johnson", "Okafor", "Williams", "Brown", "Garcia", "Miller",
        "Davis", "Martinez", "Lopez", "Wilson", "Anderson", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Harris"};
    /** States for the synthetic districts: USPS code and FIPS prefix of the NCES LEA id. */
    private static final String[][] STATES = {{"AL", "01"}, {"AZ", "04"}, {"AR", "05"}, {"CA", "06"}, {"CO", "08"}, {"CT", "09"},
        {"DE", "10"}, {"FL", "12"}, {"GA", "13"}, {"ID", "16"}, {"IL", "17"}, {"IN", "18"}, {"IA", "19"}, {"KS", "20"}, {"KY", "21"},
        {"LA", "22"}, {"ME", "23"}, {"MD", "24"}, {"MA", "25"}, {"MI", "26"}, {"MN", "27"}, {"MS", "28"}, {"MO", "29"}, {"MT", "30"},
        {"NE", "31"}, {"NV", "32"}, {"NH", "33"}, {"NJ", "34"}, {"NM", "35"}, {"NY", "36"}, {"NC", "37"}, {"ND", "38"}, {"OH", "39"},
        {"OK", "40"}, {"OR", "41"}, {"PA", "42"}, {"RI", "44"}, {"SC", "45"}, {"SD", "46"}, {"TN", "47"}, {"TX", "48"}, {"UT", "49"},
        {"VT", "50"}, {"VA", "51"}, {"WA", "53"}, {"WV", "54"}, {"WI", "55"}, {"WY", "56"}};

    private final StackConfig config;
    private final Console console;
    private final Size size;
    private final IntSupplier mailsReceived;
    private final Http http;
    private final DemoActors actors;
    /**
     * The run's id, in its emails, account names and titles. Several runs share one stack (the end-to-end test plays the
     * story, then fault runs, on one Keycloak), so it is 32 random bits: the 4,096 ids of three hex digits it once had
     * collided there, and a member's account was refused as another run's email.
     */
    private final String run = String.format(Locale.ROOT, "%08x", ThreadLocalRandom.current().nextInt());
    private final String registration;
    private final String plan;
    private final String funding;
    private final String notification;
    private final List<Check> checks = new ArrayList<>();
    private final List<String> answers = new ArrayList<>();
    private final AtomicInteger accounts = new AtomicInteger();
    private final List<LocalDate> sweeps = new ArrayList<>();
    private final Set<String> runTeams = ConcurrentHashMap.newKeySet();
    /**
     * Set for a fault run: a sender killed after an email or webhook left but before it recorded the delivery sends it
     * again after a restart. A webhook's repeat carries the same {@code webhook-id} (Standard Webhooks: the receiver drops
     * repeats), so milestones are counted by id; the SMTP server may then hold more messages than deliveries recorded.
     */
    private boolean atLeastOnce;
    /**
     * Off for a fault run's later rounds: the sweep plays fabricated days, and once a round has swept to the last of them
     * the claims of its earliest reminders are purged (they are past their window); a later round sweeping the same days
     * from the start would remind the earlier round's plans again, time running backwards as it never does in service.
     */
    private boolean sweepReminders = true;

    /** {@code mailsReceived}: the stack's SMTP server's message count, or null when this process does not hold it. */
    public DemoStory(StackConfig config, Console console, Size size, IntSupplier mailsReceived) {
        this(config, console, size, mailsReceived, new Http());
    }

    /** The story through {@code http}: the fault harness's retrying client ({@link Http#retrying}). */
    DemoStory(StackConfig config, Console console, Size size, IntSupplier mailsReceived, Http http) {
        this.config = config;
        this.console = console;
        this.size = size;
        this.mailsReceived = mailsReceived;
        this.http = http;
        this.actors = new DemoActors(config, http);
        this.registration = config.serviceUrl(ServiceDef.REGISTRATION);
        this.plan = config.serviceUrl(ServiceDef.PLAN);
        this.funding = config.serviceUrl(ServiceDef.FUNDING);
        this.notification = config.serviceUrl(ServiceDef.NOTIFICATION);
    }

    /** Counts webhooks by their id and emails as at least once (see {@link #atLeastOnce}); for the fault harness. */
    DemoStory deliveredAtLeastOnce() {
        atLeastOnce = true;
        return this;
    }

    /** Plays no reminder sweep, and so expects no reminder (see {@link #sweepReminders}); for the fault harness. */
    DemoStory withoutReminderSweeps() {
        sweepReminders = false;
        return this;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The people and teams of a run

    static final class Person {
        final String role;
        final String name;
        final String email;
        String id;
        String token;

        Person(String role, String name, String email) {
            this.role = role;
            this.name = name;
            this.email = email;
        }
    }

    static final class Team {
        final String kind;
        final String orgId;
        final String name;
        final String state;
        final List<Person> members = new ArrayList<>();
        String id;
        boolean named;
        boolean neverCompletes;
        boolean late;
        boolean presenting;
        String planId;
        boolean published;
        int milestonesDone;
        final List<Claim> claims = new ArrayList<>();

        Team(String kind, String orgId, String name, String state) {
            this.kind = kind;
            this.orgId = orgId;
            this.name = name;
            this.state = state;
        }

        Person member(String role) {
            return members.stream().filter(m -> m.role.equals(role)).findFirst().orElseThrow();
        }

        String head() {
            return "STATE".equals(kind) ? "CHIEF_STATE_SCHOOL_OFFICER" : "SUPERINTENDENT";
        }
    }

    record Claim(String id, String grantId, String memberId, String category, long cents, String duty) {
    }

    record GrantSpec(String funderId, String funderName, String kind, String title, long budgetCents, int drawOrder) {
    }

    /** One convening as the story plays it. */
    final class Convening {
        final String label;
        final String city;
        final LocalDate startsOn;
        final int capacity;
        final List<String> kinds;
        final List<Team> teams;
        final List<GrantSpec> grants;
        final boolean invoices;
        final int presenters;
        final int claimTeams;
        final int publishedPlans;
        final Map<String, String> grantIds = new LinkedHashMap<>();
        final List<Team> completionOrder = new ArrayList<>();
        final List<Team> waitlist = new ArrayList<>();
        final List<Team> confirmed = new ArrayList<>();
        Team cancelled;
        Team promoted;
        String id;

        /** How many states the story's teams come from: the header and the check against the service both use it. */
        long states() {
            return teams.stream().map(t -> t.state).distinct().count();
        }
        long invoicesPaidCents;
        int invoicesPaid;

        Convening(String label, String city, LocalDate startsOn, int capacity, List<String> kinds, List<Team> teams,
                List<GrantSpec> grants, boolean invoices, int presenters, int claimTeams, int publishedPlans) {
            this.label = label;
            this.city = city;
            this.startsOn = startsOn;
            this.capacity = capacity;
            this.kinds = kinds;
            this.teams = teams;
            this.grants = grants;
            this.invoices = invoices;
            this.presenters = presenters;
            this.claimTeams = claimTeams;
            this.publishedPlans = publishedPlans;
        }

        int travellers() {
            return confirmed.stream().mapToInt(t -> t.presenting ? 5 : 3).sum();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    public Outcome run() {
        return run(() -> { });
    }

    /**
     * The story, with {@code beforeChecks} run once every convening is played and before anything is checked: the fault
     * harness ends its faults there and waits for the platform to drain.
     */
    Outcome run(Runnable beforeChecks) {
        long started = System.nanoTime();
        // What was already on its way is delivered first, so that the run's emails can be counted apart (a fault run
        // counts them at least once, and its next round starts at once, while the faults go on).
        // Settled means no outbox row unsent in any service (no event still on its way to notification-service) and no
        // delivery pending, on three looks a second apart with no mail arriving in between: a delivery whose transaction
        // was still open at a look (created before the run, sent during it) shows by the next. (Two looks once let one
        // email made before the run arrive after its count was taken.)
        long settle = System.nanoTime() + (atLeastOnce ? 0 : 30_000_000_000L);
        int mailsSeen = mailsReceived == null ? -1 : mailsReceived.getAsInt();
        int quietLooks = 0;
        while (quietLooks < 3 && System.nanoTime() < settle) {
            boolean nonePending = pages(notification + "/api/v1/deliveries?status=PENDING&limit=200", actors.user("admin")).isEmpty()
                    && java.util.Arrays.stream(ServiceDef.values())
                            .allMatch(service -> metric(config.serviceUrl(service), "lmc_outbox_pending") == 0);
            int mailsNow = mailsReceived == null ? -1 : mailsReceived.getAsInt();
            quietLooks = nonePending && mailsNow == mailsSeen ? quietLooks + 1 : 0;
            mailsSeen = mailsNow;
            if (quietLooks < 3) {
                pause(nonePending ? 1_000 : 300);
            }
        }
        Instant startedAt = Instant.now();
        int mailsBefore = mailsReceived == null ? -1 : mailsReceived.getAsInt();
        console.line("");
        console.line("Demo story (" + size.name() + ", run " + run + "): Denver, February 2011, then Cincinnati, May 2012.");
        List<Convening> played = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        WebhookReceiver hooks = WebhookReceiver.start();
        try {
            hooks.subscribe(http, notification, actors.agency(), "demo run " + run);
            ensureFunders();
            Convening denver = denver();
            play(denver, pool);
            played.add(denver);
            if (size.cincinnatiTeams() > 0) {
                Convening cincinnati = cincinnati();
                play(cincinnati, pool);
                played.add(cincinnati);
            }
            if (sweepReminders) {
                reminderSweeps(played);
            }
            beforeChecks.run();
            List<ConveningResult> results = new ArrayList<>();
            for (Convening c : played) {
                results.add(verify(c, pool));
            }
            questions(played);
            verifyMessaging(startedAt, mailsBefore);
            verifyWebhooks(played, hooks);
            console.step("story done in " + (System.nanoTime() - started) / 1_000_000_000 + " s");
            return new Outcome(run, results, List.copyOf(checks), List.copyOf(answers));
        } finally {
            pool.shutdownNow();
            hooks.close(http, notification, actors.agency());
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The two convenings

    private Convening denver() {
        List<Team> teams = new ArrayList<>();
        // The realm's district users belong to Denver and Baltimore City, whose NCES ids are these.
        teams.add(named("0803360", "Denver Public Schools", "CO"));
        teams.add(named("2400090", "Baltimore City Public Schools", "MD"));
        // The other districts named in the reports; their ids carry the right state prefix, numbered for the demo.
        String[][] others = {{"06", "Green Dot Public Schools (Los Angeles)", "CA"}, {"09", "New Haven Public Schools", "CT"},
            {"37", "Winston-Salem/Forsyth County Schools", "NC"}, {"17", "Thornton Township High School District 205", "IL"},
            {"17", "Oak Lawn-Hometown School District 123", "IL"}, {"09", "Meriden Public Schools", "CT"},
            {"41", "Portland Public Schools", "OR"}};
        for (int i = 0; i < others.length && teams.size() < size.teams() / 2 + 2; i++) {
            Team t = district(others[i][0] + String.format(Locale.ROOT, "%05d", 90_000 + i), others[i][1], others[i][2]);
            t.named = true;
            teams.add(t);
        }
        for (int i = teams.size(); i < size.teams(); i++) {
            String[] state = STATES[i % STATES.length];
            teams.add(district(state[1] + String.format(Locale.ROOT, "%05d", 10_000 + i), "District " + (i + 1) + " of " + state[0],
                    state[0]));
        }
        markCommitments(teams, size.neverCommit(), size.late());
        List<GrantSpec> grants = List.of(
                new GrantSpec("ford-foundation", "Ford Foundation", "FOUNDATION_TRAVEL_GRANT",
                        "Travel, lodging and meals of district teams to Denver", budgetFor(size.capacity(), size.presenters()), 1),
                new GrantSpec("us-department-of-education", "U.S. Department of Education", "FEDERAL_EVENT_COST",
                        "Production of the Denver convening", 25_000_000, 0));
        return new Convening("Denver 2011", "Denver", nextDay(Month.FEBRUARY, 15), size.capacity(), List.of("DISTRICT"), teams, grants,
                true, size.presenters(), size.claimTeams(), size.publishedPlans());
    }

    private Convening cincinnati() {
        List<Team> teams = new ArrayList<>();
        // One team per state's department of education, from the first states of the list (Oregon and Maryland among them
        // in the full story), in an order that spreads them; the districts come from those same states.
        int states = Math.min(size.cincinnatiStates(), STATES.length);
        // A stride that shares no factor with the count visits each of the first states once (7 would repeat some of 42).
        int stride = states % 7 == 0 ? 1 : 7;
        List<String[]> represented = new ArrayList<>();
        for (int i = 0; i < states; i++) {
            String[] state = STATES[(i * stride) % states];
            represented.add(state);
            teams.add(new Team("STATE", state[0], "State of " + state[0] + " (department of education)", state[0]));
        }
        Team portland = district("4100099", "Portland Public Schools", "OR");
        portland.named = true;
        teams.add(portland);
        for (int i = teams.size(); i < size.cincinnatiTeams(); i++) {
            String[] state = represented.get((i * 5 + 3) % states);
            teams.add(district(state[1] + String.format(Locale.ROOT, "%05d", 60_000 + i), "District " + (i + 1) + " of " + state[0],
                    state[0]));
        }
        markCommitments(teams, 1, 1);
        int capacity = size.cincinnatiCapacity();
        int presenters = Math.max(1, size.presenters() / 3);
        long travellers = capacity * 3L + presenters * 2L;
        // Ford is drawn first, then Gates, then GE; Ford and Gates hold about 40% of the travellers each, GE the rest.
        long ford = travellers * 2 / 5;
        long gates = travellers * 2 / 5;
        // Room for three more: a promoted team may be funded before the cancelled team's travel is released.
        long ge = travellers - ford - gates + 4;
        List<GrantSpec> grants = List.of(
                new GrantSpec("ford-foundation", "Ford Foundation", "FOUNDATION_TRAVEL_GRANT", "Cincinnati travel (Ford)",
                        ford * ESTIMATE_CENTS, 1),
                new GrantSpec("gates-foundation", "Bill & Melinda Gates Foundation", "FOUNDATION_TRAVEL_GRANT",
                        "Cincinnati travel (Gates)", gates * ESTIMATE_CENTS, 2),
                new GrantSpec("ge-foundation", "GE Foundation", "FOUNDATION_TRAVEL_GRANT", "Cincinnati travel (GE)",
                        ge * ESTIMATE_CENTS, 3));
        return new Convening("Cincinnati 2012", "Cincinnati", nextDay(Month.MAY, 8), capacity, List.of("STATE", "DISTRICT"), teams,
                grants, false, presenters, Math.max(3, size.claimTeams() / 2), Math.max(1, size.publishedPlans() / 2));
    }

    private static long budgetFor(int capacity, int presenters) {
        return (capacity * 3L + presenters * 2L + 3) * ESTIMATE_CENTS;
    }

    /** The next such day at least 45 days ahead, so the convening has not started and milestones fall after it. */
    private static LocalDate nextDay(Month month, int day) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate d = LocalDate.of(today.getYear(), month, day);
        while (d.isBefore(today.plusDays(45))) {
            d = d.plusYears(1);
        }
        return d;
    }

    private Team named(String orgId, String name, String state) {
        Team t = district(orgId, name, state);
        t.named = true;
        return t;
    }

    private Team district(String orgId, String name, String state) {
        return new Team("DISTRICT", orgId, name, state);
    }

    /** The last teams registered never complete; a few others, spread over the list, are late with their last commitment. */
    private static void markCommitments(List<Team> teams, int never, int late) {
        for (int i = 0; i < never && i < teams.size(); i++) {
            teams.get(teams.size() - 1 - i).neverCompletes = true;
        }
        List<Team> candidates = teams.stream().filter(t -> !t.named && !t.neverCompletes).toList();
        for (int i = 0; i < late && i < candidates.size(); i++) {
            candidates.get(candidates.size() * i / late).late = true;
        }
    }

    private void members(Team t, int index) {
        String domain = t.name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "") + ".example.org";
        if (domain.length() > 40) {
            domain = domain.substring(0, 28) + ".example.org";
        }
        List<String> roles = List.of(t.head(), "UNION_LEADER", "BOARD_PRESIDENT");
        for (int r = 0; r < roles.size(); r++) {
            String first = FIRST[(index * 3 + r) % FIRST.length];
            String last = LAST[(index * 7 + r * 3) % LAST.length];
            t.members.add(new Person(roles.get(r), first + " " + last,
                    (first + "." + last + "." + run).toLowerCase(Locale.ROOT) + "@" + domain));
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Playing a convening

    private void play(Convening c, ExecutorService pool) {
        console.line("");
        console.line("== " + c.label + ": " + c.teams.size() + " teams from " + c.states() + " states for " + c.capacity
                + " places, " + c.city + ", " + c.startsOn + " ==");
        createConvening(c);
        createGrants(c);
        register(c, pool);
        commit(c, pool);
        presenters(c);
        cancelOne(c);
        awaitReservations(c);
        claims(c, pool);
        if (c.invoices) {
            invoices(c);
        }
        plans(c, pool);
    }

    private void createConvening(Convening c) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", (c.city.equals("Denver") ? "Advancing Student Achievement Through Labor-Management Collaboration"
                : "Collaborating to Transform the Teaching Profession") + " (" + c.label + ", demo run " + run + ")");
        body.put("city", c.city);
        body.put("startsOn", c.startsOn.toString());
        body.put("endsOn", c.startsOn.plusDays(1).toString());
        body.put("capacityTeams", c.capacity);
        body.put("registrationOpensAt", now.minus(1, ChronoUnit.HOURS).toString());
        body.put("registrationClosesAt", now.plus(30, ChronoUnit.DAYS).toString());
        body.put("teamKinds", c.kinds);
        Map<String, Object> required = new LinkedHashMap<>();
        for (String kind : c.kinds) {
            required.put(kind, List.of("STATE".equals(kind) ? "CHIEF_STATE_SCHOOL_OFFICER" : "SUPERINTENDENT", "UNION_LEADER",
                    "BOARD_PRESIDENT"));
        }
        body.put("requiredRoles", required);
        body.put("optionalRoles", List.of("TEACHER", "PRINCIPAL"));
        body.put("maxTeamSize", 3);
        body.put("maxPresentingTeamSize", 5);
        Http.Response r = post(registration + "/api/v1/convenings", actors.user("admin"), body, true);
        expect(r, 201, "the admin creates the " + c.label + " convening");
        c.id = r.json().path("id").asText();
        console.step("admin created convening " + c.id + " (capacity " + c.capacity + " teams, roles " + required.values().iterator().next()
                + ", up to 5 for presenting teams)");
    }

    private void ensureFunders() {
        String admin = actors.user("admin");
        for (String[] f : new String[][] {{"ford-foundation", "Ford Foundation"}, {"gates-foundation", "Bill & Melinda Gates Foundation"},
            {"ge-foundation", "GE Foundation"}, {"us-department-of-education", "U.S. Department of Education"}}) {
            Http.Response r = post(funding + "/api/v1/funders", admin, Map.of("id", f[0], "name", f[1]), true);
            if (r.status() != 201 && r.status() != 409) {
                throw new DemoFailure("POST /api/v1/funders " + f[0] + ": " + r.status() + " " + r.brief());
            }
        }
    }

    private void createGrants(Convening c) {
        String admin = actors.user("admin");
        for (GrantSpec g : c.grants) {
            Map<String, Object> terms = new LinkedHashMap<>();
            terms.put("title", g.title());
            terms.put("currency", "USD");
            terms.put("budgetCents", g.budgetCents());
            if (g.kind().equals("FOUNDATION_TRAVEL_GRANT")) {
                terms.put("estimatedCostPerTravellerCents", ESTIMATE_CENTS);
                terms.put("capPerTravellerCents", 200_000);
            }
            terms.put("drawOrder", g.drawOrder());
            Map<String, Object> body = Map.of("funderId", g.funderId(), "conveningId", c.id, "kind", g.kind(), "terms", terms);
            Http.Response r = post(funding + "/api/v1/grants", admin, body, true);
            expect(r, 201, "the admin creates " + g.funderId() + "'s grant");
            c.grantIds.put(g.funderId(), r.json().path("id").asText());
            console.step("grant " + g.funderId() + " " + g.kind() + " " + dollars(g.budgetCents()) + " (draw order " + g.drawOrder() + ")");
        }
    }

    private void register(Convening c, ExecutorService pool) {
        String agency = actors.agency();
        List<Supplier<Void>> work = new ArrayList<>();
        for (int i = 0; i < c.teams.size(); i++) {
            Team t = c.teams.get(i);
            members(t, i);
            work.add(() -> {
                register(c, t, agency);
                return null;
            });
        }
        runAll(pool, work, "teams registered");
    }

    private void register(Convening c, Team t, String agency) {
        {
            Map<String, Object> organisation = new LinkedHashMap<>();
            organisation.put("kind", t.kind);
            if (t.kind.equals("DISTRICT")) {
                organisation.put("ncesLeaId", t.orgId);
            }
            organisation.put("name", t.name);
            organisation.put("state", t.state);
            List<Map<String, Object>> members = t.members.stream().map(m -> DemoPath.member(m.name, m.email, m.role)).toList();
            // The realm's district users register their own districts; the agency's system registers the others.
            String token = t.orgId.equals("0803360") ? actors.user("district-a") : t.orgId.equals("2400090") ? actors.user("district-b")
                    : agency;
            Http.Response r = post(registration + "/api/v1/convenings/" + c.id + "/teams", token,
                    Map.of("organisation", organisation, "members", members), true);
            expect(r, 201, "registering " + t.name);
            t.id = r.json().path("id").asText();
            runTeams.add(t.id);
            for (JsonNode m : r.json().path("members")) {
                for (Person p : t.members) {
                    if (p.role.equals(m.path("role").asText())) {
                        p.id = m.path("id").asText();
                    }
                }
            }
        }
    }

    /**
     * Members commit: first the superintendent and union leader of every team, then the board presidents in registration
     * order, the late teams' last; a few teams' presidents never commit. Places go in order of completion.
     */
    private void commit(Convening c, ExecutorService pool) {
        String agency = actors.agency();
        List<Supplier<Void>> first = new ArrayList<>();
        for (Team t : c.teams) {
            for (Person p : t.members.subList(0, 2)) {
                first.add(() -> {
                    expect(post(commitUrl(t, p), agency, Map.of(), false), 200, "commitment of " + p.role + " of " + t.name);
                    return null;
                });
            }
        }
        runAll(pool, first, "first commitments");
        List<Team> order = new ArrayList<>(c.teams.stream().filter(t -> !t.neverCompletes && !t.late).toList());
        order.addAll(c.teams.stream().filter(t -> t.late).toList());
        // Teams completing well inside the capacity get places in any order: their last commitments go in parallel.
        // The last places and the waitlist are decided one commitment at a time, in order.
        int free = Math.max(0, Math.min(order.size(), c.capacity - 5));
        List<Supplier<Void>> early = new ArrayList<>();
        for (Team t : order.subList(0, free)) {
            early.add(() -> {
                Http.Response r = post(commitUrl(t, t.member("BOARD_PRESIDENT")), agency, Map.of(), false);
                expect(r, 200, "the last commitment of " + t.name);
                return null;
            });
            c.completionOrder.add(t);
            c.confirmed.add(t);
        }
        runAll(pool, early, "last commitments, early teams");
        long t0 = System.nanoTime();
        int done = 0;
        List<String> answeredWrong = new ArrayList<>();
        for (Team t : order.subList(free, order.size())) {
            Http.Response r = post(commitUrl(t, t.member("BOARD_PRESIDENT")), agency, Map.of(), false);
            expect(r, 200, "the last commitment of " + t.name);
            c.completionOrder.add(t);
            String expected = c.confirmed.size() < c.capacity ? "CONFIRMED" : "WAITLISTED";
            (expected.equals("CONFIRMED") ? c.confirmed : c.waitlist).add(t);
            if (!expected.equals(r.json().path("status").asText())) {
                answeredWrong.add(t.name + " " + r.json().path("status").asText() + ", expected " + expected);
            }
            progress("last commitments, in order", ++done, order.size() - free, t0);
        }
        check(c.label + ": each last commitment answered with the place it earned (in order)", answeredWrong.isEmpty(),
                answeredWrong.isEmpty() ? (order.size() - free) + " answered in order" : answeredWrong.toString());
        console.step(c.confirmed.size() + " teams confirmed, " + c.waitlist.size() + " waitlisted ("
                + c.teams.stream().filter(t -> t.late).count() + " late), "
                + c.teams.stream().filter(t -> t.neverCompletes).count() + " never complete");
    }

    private String commitUrl(Team t, Person p) {
        return registration + "/api/v1/teams/" + t.id + "/members/" + p.id + "/commitment";
    }

    /** The Department picks presenting teams (Baltimore City first in Denver); each brings a teacher and a principal. */
    private void presenters(Convening c) {
        String admin = actors.user("admin");
        String agency = actors.agency();
        List<Team> picked = new ArrayList<>();
        c.confirmed.stream().filter(t -> t.orgId.equals("2400090")).forEach(picked::add);
        for (Team t : c.confirmed) {
            if (picked.size() >= c.presenters) {
                break;
            }
            if (!picked.contains(t) && !t.orgId.equals("0803360")) {
                picked.add(t);
            }
        }
        for (Team t : picked) {
            Http.Response r = post(registration + "/api/v1/teams/" + t.id + "/presenter", admin,
                    Map.of("session", "How " + t.name + " works together: labor and management at one table"), false);
            expect(r, 200, "designating " + t.name + " as presenter");
            t.presenting = true;
            int i = c.teams.indexOf(t);
            for (String role : List.of("TEACHER", "PRINCIPAL")) {
                String first = FIRST[(i + role.length()) % FIRST.length];
                String last = LAST[(i * 11 + role.length()) % LAST.length];
                Person p = new Person(role, first + " " + last, (first + "." + last + "." + role + "." + run).toLowerCase(Locale.ROOT)
                        + "@" + t.members.get(0).email.substring(t.members.get(0).email.indexOf('@') + 1));
                Http.Response added = post(registration + "/api/v1/teams/" + t.id + "/members", agency,
                        DemoPath.member(p.name, p.email, p.role), true);
                expect(added, 201, "adding a " + role + " to " + t.name);
                for (JsonNode m : added.json().path("members")) {
                    if (m.path("email").asText().equals(p.email)) {
                        p.id = m.path("id").asText();
                    }
                }
                if (p.id == null) {
                    throw new DemoFailure("the added " + role + " is not among " + t.name + "'s members: " + added.brief());
                }
                t.members.add(p);
            }
        }
        console.step(picked.size() + " presenting teams bring five each (" + picked.stream().map(t -> t.name).limit(3).toList()
                + (picked.size() > 3 ? ", ..." : "") + ")");
    }

    /** A confirmed team withdraws; the first team on the waitlist takes its place. */
    private void cancelOne(Convening c) {
        Team leaving = null;
        for (int i = c.confirmed.size() - 1; i >= 0; i--) {
            Team t = c.confirmed.get(i);
            if (!t.presenting && !t.orgId.equals("0803360") && !t.orgId.equals("2400090")) {
                leaving = t;
                break;
            }
        }
        if (leaving == null || c.waitlist.isEmpty()) {
            console.step("no cancellation (nobody waiting)");
            return;
        }
        Http.Response r = post(registration + "/api/v1/teams/" + leaving.id + "/cancellation", actors.agency(), Map.of(), false);
        expect(r, 200, "cancelling " + leaving.name);
        c.cancelled = leaving;
        c.confirmed.remove(leaving);
        c.promoted = c.waitlist.remove(0);
        c.confirmed.add(c.promoted);
        console.step(leaving.name + " cancelled; " + c.promoted.name + " promoted from the waitlist");
    }

    /** funding-service reserves travel from the registration events; the demo waits for it on the API. */
    private void awaitReservations(Convening c) {
        long expected = c.travellers() * ESTIMATE_CENTS;
        long t0 = System.nanoTime();
        long reserved = 0;
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            reserved = 0;
            for (GrantSpec g : c.grants) {
                if (g.kind().equals("FOUNDATION_TRAVEL_GRANT")) {
                    reserved += get(funding + "/api/v1/grants/" + c.grantIds.get(g.funderId()), actors.user("admin"))
                            .path("balances").path("reservedCents").asLong();
                }
            }
            if (reserved == expected) {
                break;
            }
            pause(300);
        }
        check(c.label + ": travel reserved for every funded traveller", reserved == expected,
                dollars(reserved) + " reserved, " + c.travellers() + " travellers x " + dollars(ESTIMATE_CENTS) + " = " + dollars(expected));
        console.step("funding-service reserved " + dollars(reserved) + " for " + c.travellers() + " travellers ("
                + (System.nanoTime() - t0) / 1_000_000 + " ms after the last change)");
    }

    /**
     * Travellers claim travel, lodging and meals with receipts. The Maryland team's five claim in person with their own
     * accounts, two of them on personal leave; other teams' claims come through the agency. Each grant's funder approves
     * and pays its own claims.
     */
    private void claims(Convening c, ExecutorService pool) {
        List<Team> claiming = new ArrayList<>();
        c.confirmed.stream().filter(t -> t.orgId.equals("2400090")).forEach(claiming::add);
        // Spread over the confirmed teams, so that every travel grant in the draw order pays some claims.
        int want = Math.min(c.claimTeams, c.confirmed.size());
        double step = (double) c.confirmed.size() / Math.max(1, want);
        for (int k = 0; k < want && claiming.size() < want; k++) {
            Team t = c.confirmed.get((int) (k * step));
            if (!claiming.contains(t)) {
                claiming.add(t);
            }
        }
        for (Team t : c.confirmed) {
            if (claiming.size() >= want) {
                break;
            }
            if (!claiming.contains(t)) {
                claiming.add(t);
            }
        }
        Map<String, String> entitlementGrant = new HashMap<>();
        for (Team t : claiming) {
            for (JsonNode e : getArray(funding + "/api/v1/entitlements?team=" + t.id, actors.user("admin"))) {
                if ("RESERVED".equals(e.path("status").asText())) {
                    entitlementGrant.put(e.path("memberId").asText(), e.path("grantId").asText());
                }
            }
        }
        List<Supplier<Void>> work = new ArrayList<>();
        for (Team t : claiming) {
            boolean inPerson = t.orgId.equals("2400090");
            List<Person> travellers = t.members.stream().filter(p -> entitlementGrant.containsKey(p.id)).toList();
            for (int i = 0; i < travellers.size(); i++) {
                Person p = travellers.get(i);
                int index = i;
                work.add(() -> {
                    String token = inPerson ? account(t, p) : actors.agency();
                    String duty = inPerson ? (p.role.equals("BOARD_PRESIDENT") || p.role.equals("PRINCIPAL") ? "PERSONAL_LEAVE" : "OFFICIAL_DUTY")
                            : (index == 2 && t.orgId.hashCode() % 3 == 0 ? "PERSONAL_LEAVE" : "OFFICIAL_DUTY");
                    long variation = (long) (p.name.hashCode() & 0x3f) * 100;
                    String[][] items = {{"TRAVEL", "United Airlines", Long.toString(41_200 + variation)},
                        {"LODGING", "Hyatt Regency " + c.city, Long.toString(38_900)}, {"MEALS", c.city + " convention catering",
                            Long.toString(7_100 + variation / 4)}};
                    for (String[] item : items) {
                        Map<String, Object> body = new LinkedHashMap<>();
                        body.put("teamId", t.id);
                        body.put("memberId", p.id);
                        body.put("category", item[0]);
                        body.put("amountCents", Long.parseLong(item[2]));
                        body.put("currency", "USD");
                        body.put("dutyStatus", duty);
                        body.put("receipt", Map.of("issuer", item[1], "date", LocalDate.now(ZoneOffset.UTC).minusDays(1).toString(),
                                "sha256", sha256(run + t.id + p.id + item[0])));
                        Http.Response r = post(funding + "/api/v1/claims", token, body, true);
                        expect(r, 201, "a " + item[0] + " claim of " + p.role + " of " + t.name);
                        synchronized (t.claims) {
                            t.claims.add(new Claim(r.json().path("id").asText(), r.json().path("grantId").asText(), p.id, item[0],
                                    Long.parseLong(item[2]), duty));
                        }
                    }
                    return null;
                });
            }
        }
        runAll(pool, work, "travellers' claims");
        List<Claim> all = claiming.stream().flatMap(t -> t.claims.stream()).toList();
        List<Supplier<Void>> decisions = new ArrayList<>();
        for (Claim cl : all) {
            decisions.add(() -> {
                String funder = funderUser(c, cl.grantId());
                expect(post(funding + "/api/v1/claims/" + cl.id() + "/approval", actors.user(funder), Map.of(), false), 200,
                        funder + " approves claim " + cl.id());
                expect(post(funding + "/api/v1/payments", actors.user(funder), Map.of("claimId", cl.id()), true), 201,
                        funder + " pays claim " + cl.id());
                return null;
            });
        }
        runAll(pool, decisions, "approvals and payments");
        long cents = all.stream().mapToLong(Claim::cents).sum();
        console.step(all.size() + " claims of " + claiming.size() + " teams approved and paid by their funders: " + dollars(cents));
    }

    private String funderUser(Convening c, String grantId) {
        for (Map.Entry<String, String> e : c.grantIds.entrySet()) {
            if (e.getValue().equals(grantId)) {
                return switch (e.getKey()) {
                    case "ford-foundation" -> "funder-ford";
                    case "gates-foundation" -> "funder-gates";
                    case "ge-foundation" -> "funder-ge";
                    default -> "funder-ed";
                };
            }
        }
        throw new DemoFailure("claim on grant " + grantId + ", not a grant of " + c.label);
    }

    /** The Department's event costs: the admin records each invoice, the second admin approves it, then it is paid. */
    private void invoices(Convening c) {
        String grant = c.grantIds.get("us-department-of-education");
        String[][] items = {{"AUDIO_VISUAL", "Mile High Audio Visual", "1250000"}, {"PRINTING", "Front Range Printing", "318000"},
            {"STAGING", "Colorado Convention Staging", "940000"}, {"EVENT_STAFFING", "Denver Event Staff", "612500"}};
        String admin = actors.user("admin");
        String adminB = actors.user("admin-b");
        boolean makerRefused = false;
        for (String[] item : items) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("grantId", grant);
            body.put("vendor", item[1]);
            body.put("category", item[0]);
            body.put("amountCents", Long.parseLong(item[2]));
            body.put("currency", "USD");
            body.put("receipt", Map.of("issuer", item[1], "date", LocalDate.now(ZoneOffset.UTC).minusDays(2).toString(),
                    "sha256", sha256(run + item[0])));
            Http.Response r = post(funding + "/api/v1/invoices", admin, body, true);
            expect(r, 201, "recording the " + item[0] + " invoice");
            String id = r.json().path("id").asText();
            if (!makerRefused) {
                Http.Response own = post(funding + "/api/v1/invoices/" + id + "/approval", admin, Map.of(), false);
                makerRefused = own.status() == 403 || own.status() == 409;
                check(c.label + ": the admin who recorded an invoice cannot approve it", makerRefused, "answered " + own.status());
            }
            expect(post(funding + "/api/v1/invoices/" + id + "/approval", adminB, Map.of(), false), 200, "admin-b approves " + item[0]);
            expect(post(funding + "/api/v1/payments", admin, Map.of("invoiceId", id), true), 201, "paying the " + item[0] + " invoice");
            c.invoicesPaid++;
            c.invoicesPaidCents += Long.parseLong(item[2]);
        }
        console.step(c.invoicesPaid + " event invoices recorded by admin, approved by admin-b, paid: " + dollars(c.invoicesPaidCents));
    }

    /**
     * Plans open from the registration events; for some teams the superintendent and union leader get accounts, the
     * superintendent writes and submits the plan, both sign with their own tokens, the plan is published and progress reported.
     */
    private void plans(Convening c, ExecutorService pool) {
        String admin = actors.user("admin");
        long deadline = System.nanoTime() + 120_000_000_000L;
        Map<String, JsonNode> byTeam = Map.of();
        int expected = c.confirmed.size() + (c.cancelled == null ? 0 : 1);
        while (System.nanoTime() < deadline) {
            byTeam = plansOf(c, admin);
            if (byTeam.size() >= expected && (c.cancelled == null || "CLOSED".equals(byTeam.get(c.cancelled.id).path("status").asText()))) {
                break;
            }
            pause(300);
        }
        for (Team t : c.confirmed) {
            JsonNode p = byTeam.get(t.id);
            t.planId = p == null ? null : p.path("id").asText();
        }
        console.step(byTeam.size() + " plans opened by plan-service from the registration events");
        List<Team> publishing = new ArrayList<>();
        c.confirmed.stream().filter(t -> t.named && t.planId != null).forEach(publishing::add);
        for (Team t : c.confirmed) {
            if (publishing.size() >= c.publishedPlans) {
                break;
            }
            if (!publishing.contains(t) && t.planId != null) {
                publishing.add(t);
            }
        }
        while (publishing.size() > c.publishedPlans) {
            publishing.remove(publishing.size() - 1);
        }
        List<Supplier<Void>> work = new ArrayList<>();
        for (int i = 0; i < publishing.size(); i++) {
            Team t = publishing.get(i);
            boolean completes = i % 2 == 0;
            work.add(() -> {
                publish(c, t, completes);
                return null;
            });
        }
        runAll(pool, work, "plans written, signed by both officials and published");
        console.step(publishing.size() + " plans published; " + publishing.stream().filter(t -> t.milestonesDone > 0).count()
                + " reported a completed milestone and a measure");
    }

    private Map<String, JsonNode> plansOf(Convening c, String token) {
        Map<String, JsonNode> byTeam = new HashMap<>();
        for (JsonNode p : pages(plan + "/api/v1/plans?convening=" + c.id + "&limit=200", token)) {
            byTeam.put(p.path("teamId").asText(), p);
        }
        return byTeam;
    }

    private void publish(Convening c, Team t, boolean completes) {
        Person head = t.member(t.head());
        Person leader = t.member("UNION_LEADER");
        String headToken = account(t, head);
        String leaderToken = account(t, leader);
        String url = plan + "/api/v1/plans/" + t.planId;
        Http.Response current = http.get(url, headToken);
        expect(current, 200, "the superintendent reads " + t.name + "'s plan");
        String revision = current.json().path("draftRevision").asText();
        Http.Response saved = put(url + "/draft", headToken, draft(c, t), "\"" + revision + "\"");
        expect(saved, 200, "saving " + t.name + "'s draft");
        Http.Response version = post(url + "/versions", headToken, Map.of(), true);
        expect(version, 201, "submitting " + t.name + "'s plan");
        int number = version.json().path("number").asInt(1);
        expect(post(url + "/versions/" + number + "/signatures", headToken, Map.of(), false), 201, t.head() + " of " + t.name + " signs");
        expect(post(url + "/versions/" + number + "/signatures", leaderToken, Map.of(), false), 201, "the union leader of " + t.name
                + " signs");
        expect(post(url + "/publication", headToken, Map.of("version", number), false), 200, "publishing " + t.name + "'s plan");
        t.published = true;
        if (completes) {
            JsonNode published = get(url + "/versions/" + number, headToken).path("content");
            String measure = published.path("measures").path(0).path("id").asText();
            String milestone = published.path("milestones").path(0).path("id").asText();
            String today = LocalDate.now(ZoneOffset.UTC).toString();
            expect(post(url + "/measures/" + measure + "/values", headToken, Map.of("value", 52.5, "observedOn", today), true), 201,
                    "reporting a measure of " + t.name);
            expect(post(url + "/milestones/" + milestone + "/completion", headToken, Map.of("completedOn", today), false), 200,
                    "completing a milestone of " + t.name);
            t.milestonesDone = 1;
        }
    }

    /** Milestones after the convening: 45 days (union leader), 90 days (superintendent), 180 days (board president). */
    private Map<String, Object> draft(Convening c, Team t) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("title", t.name + ": labor and management, one plan");
        d.put("summary", "What " + t.name + " brought home from " + c.city + ".");
        d.put("principles", List.of(
                Map.of("principle", 3, "goals", List.of(Map.of("title", "Joint professional development",
                        "strategies", List.of(Map.of("title", "A joint committee runs the new contract's training",
                                "tactics", List.of("Monthly joint committee meetings", "Peer coaching in every school")))))),
                Map.of("principle", 5, "goals", List.of(Map.of("title", "A fair evaluation system designed together",
                        "strategies", List.of(Map.of("title", "Pilot the rubric in ten schools", "tactics", List.of("Train evaluators"))))))));
        d.put("measures", List.of(Map.of("name", "Teachers rated with the joint rubric", "unit", "percent", "baseline", 0,
                "target", 80, "targetDate", c.startsOn.plusYears(2).toString())));
        d.put("milestones", List.of(
                milestone("Joint committee adopts the evaluation rubric", c.startsOn.plusDays(45), "UNION_LEADER"),
                milestone("Pilot schools chosen", c.startsOn.plusDays(90), t.head()),
                milestone("Board adopts the evaluation policy", c.startsOn.plusDays(180), "BOARD_PRESIDENT")));
        return d;
    }

    private static Map<String, Object> milestone(String title, LocalDate due, String owner) {
        return Map.of("title", title, "dueDate", due.toString(), "ownerRole", owner, "status", "PLANNED");
    }

    /** A person's own district account (made once per run), and its token. */
    private String account(Team t, Person p) {
        synchronized (p) {
            if (p.token == null) {
                p.token = actors.member("demo-" + run + "-" + accounts.incrementAndGet(), p.email, p.name, t.orgId);
            }
            return p.token;
        }
    }

    /**
     * The months after the convenings, played by the reminder sweep "as of" every second week from each convening's start
     * for fourteen weeks, in date order: milestones come due (14 and 3 days before) and overdue.
     */
    private void reminderSweeps(List<Convening> played) {
        String admin = actors.user("admin");
        TreeSet<LocalDate> dates = new TreeSet<>();
        for (Convening c : played) {
            for (int week = 2; week <= 14; week += 2) {
                dates.add(c.startsOn.plusWeeks(week));
            }
        }
        int sent = 0;
        for (LocalDate asOf : dates) {
            Http.Response r = post(plan + "/api/v1/admin/reminder-sweeps?asOf=" + asOf, admin, null, false);
            expect(r, 200, "the reminder sweep as of " + asOf);
            sweeps.add(asOf);
            sent += r.json().path("sent").asInt();
        }
        console.step(dates.size() + " reminder sweeps as of " + dates.first() + " to " + dates.last() + ": " + sent + " reminders sent");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Checks

    private ConveningResult verify(Convening c, ExecutorService pool) {
        console.line("");
        console.line("== checking " + c.label + " ==");
        String admin = actors.user("admin");
        String auditor = actors.user("auditor");
        // Registration: statuses, waitlist order, the promotion.
        Map<String, JsonNode> teams = new HashMap<>();
        for (JsonNode t : pages(registration + "/api/v1/convenings/" + c.id + "/teams?limit=200", admin)) {
            teams.put(t.path("id").asText(), t);
        }
        int confirmed = count(teams, "CONFIRMED");
        int waitlisted = count(teams, "WAITLISTED");
        int incomplete = count(teams, "REGISTERED");
        int cancelled = count(teams, "CANCELLED");
        check(c.label + ": teams registered", teams.size() == c.teams.size(), teams.size() + " of " + c.teams.size());
        int states = (int) teams.values().stream().map(t -> t.path("organisation").path("state").asText()).distinct().count();
        long expectedStates = c.states();
        check(c.label + ": teams from every state of the story", states == expectedStates, states + " states, expected "
                + expectedStates);
        check(c.label + ": confirmed teams fill the places", confirmed == c.confirmed.size() && confirmed <= c.capacity,
                confirmed + " confirmed, expected " + c.confirmed.size() + ", capacity " + c.capacity);
        boolean statuses = c.confirmed.stream().allMatch(t -> "CONFIRMED".equals(teams.get(t.id).path("status").asText()))
                && c.teams.stream().filter(t -> t.neverCompletes).allMatch(t -> "REGISTERED".equals(teams.get(t.id).path("status").asText()));
        check(c.label + ": each team's status is the one its commitments earned", statuses, "confirmed " + confirmed + ", waitlisted "
                + waitlisted + ", incomplete " + incomplete + ", cancelled " + cancelled);
        List<String> order = new ArrayList<>();
        boolean positions = true;
        for (int i = 0; i < c.waitlist.size(); i++) {
            JsonNode t = teams.get(c.waitlist.get(i).id);
            order.add(c.waitlist.get(i).name);
            positions &= "WAITLISTED".equals(t.path("status").asText()) && t.path("waitlistPosition").asInt() == i + 1;
        }
        check(c.label + ": waitlist in order of completion, positions from 1", positions && waitlisted == c.waitlist.size(),
                waitlisted + " waiting: " + (order.size() > 4 ? order.subList(0, 4) + "..." : order));
        if (c.cancelled != null) {
            check(c.label + ": the cancellation promoted the first waitlisted team",
                    "CANCELLED".equals(teams.get(c.cancelled.id).path("status").asText())
                            && "CONFIRMED".equals(teams.get(c.promoted.id).path("status").asText()),
                    c.cancelled.name + " cancelled, " + c.promoted.name + " promoted");
        }
        long fives = c.confirmed.stream().filter(t -> t.presenting).filter(t -> teams.get(t.id).path("members").size() == 5).count();
        check(c.label + ": presenting teams bring five", fives == c.presenters, fives + " of " + c.presenters);

        // Plans and travel entitlements: each confirmed team exactly one of each per funded traveller; the cancelled team's closed.
        Map<String, Integer> plansPerTeam = new HashMap<>();
        Map<String, String> planStatus = new HashMap<>();
        for (JsonNode p : pages(plan + "/api/v1/plans?convening=" + c.id + "&limit=200", admin)) {
            plansPerTeam.merge(p.path("teamId").asText(), 1, Integer::sum);
            planStatus.put(p.path("teamId").asText(), p.path("status").asText());
        }
        long onePlan = c.confirmed.stream().filter(t -> plansPerTeam.getOrDefault(t.id, 0) == 1 && "OPEN".equals(planStatus.get(t.id)))
                .count();
        check(c.label + ": each confirmed team has exactly one open plan", onePlan == c.confirmed.size()
                && plansPerTeam.size() == c.confirmed.size() + (c.cancelled == null ? 0 : 1),
                onePlan + " of " + c.confirmed.size() + ", " + plansPerTeam.size() + " plans in all");
        if (c.cancelled != null) {
            check(c.label + ": the cancelled team's plan is closed, not deleted", "CLOSED".equals(planStatus.get(c.cancelled.id)),
                    String.valueOf(planStatus.get(c.cancelled.id)));
        }
        List<Supplier<Void>> reads = new ArrayList<>();
        Map<String, JsonNode> entitlements = new ConcurrentHashMap<>();
        List<Team> withEntitlements = new ArrayList<>(c.confirmed);
        if (c.cancelled != null) {
            withEntitlements.add(c.cancelled);
        }
        for (Team t : withEntitlements) {
            reads.add(() -> {
                entitlements.put(t.id, getArray(funding + "/api/v1/entitlements?team=" + t.id, admin));
                return null;
            });
        }
        runAll(pool, reads, null);
        int rightEntitlements = 0;
        int travellers = 0;
        for (Team t : c.confirmed) {
            Map<String, Integer> perMember = new HashMap<>();
            int live = 0;
            for (JsonNode e : entitlements.get(t.id)) {
                if (!List.of("RELEASED", "CANCELLED").contains(e.path("status").asText())) {
                    perMember.merge(e.path("memberId").asText(), 1, Integer::sum);
                    live += e.path("grantId").isNull() || e.path("grantId").isMissingNode() ? 0 : 1;
                }
            }
            int expected = t.presenting ? 5 : 3;
            travellers += live;
            if (live == expected && perMember.size() == expected && perMember.values().stream().allMatch(n -> n == 1)) {
                rightEntitlements++;
            }
        }
        check(c.label + ": each confirmed traveller has exactly one funded travel entitlement", rightEntitlements == c.confirmed.size(),
                rightEntitlements + " of " + c.confirmed.size() + " teams right, " + travellers + " travellers");
        if (c.cancelled != null) {
            long live = 0;
            for (JsonNode e : entitlements.get(c.cancelled.id)) {
                live += List.of("RELEASED", "CANCELLED").contains(e.path("status").asText()) ? 0 : 1;
            }
            check(c.label + ": the cancelled team's travel is released", live == 0, live + " still held");
        }

        // Money: ledger totals against what was approved, reconciliation, public totals against the funders' own.
        Map<String, Long> claimsPerGrant = new HashMap<>();
        int claims = 0;
        long claimCents = 0;
        for (Team t : c.teams) {
            for (Claim cl : t.claims) {
                claimsPerGrant.merge(cl.grantId(), cl.cents(), Long::sum);
                claims++;
                claimCents += cl.cents();
            }
        }
        Map<String, Long> paidByFunder = new LinkedHashMap<>();
        for (Map.Entry<String, String> g : c.grantIds.entrySet()) {
            String funderUser = funderUser(c, g.getValue());
            JsonNode grant = get(funding + "/api/v1/grants/" + g.getValue(), actors.user(funderUser));
            long paid = grant.path("balances").path("paidCents").asLong(-1);
            long payable = grant.path("balances").path("payableCents").asLong(-1);
            long expectedPaid = g.getKey().equals("us-department-of-education") ? c.invoicesPaidCents
                    : claimsPerGrant.getOrDefault(g.getValue(), 0L);
            check(c.label + ": " + g.getKey() + "'s ledger paid = approved " + (g.getKey().equals("us-department-of-education") ? "invoices"
                    : "claims"), paid == expectedPaid && payable == 0, "paid " + dollars(paid) + ", approved " + dollars(expectedPaid)
                    + ", payable " + dollars(payable) + " (read by " + funderUser + ")");
            JsonNode reconciliation = get(funding + "/api/v1/grants/" + g.getValue() + "/reconciliation", auditor);
            List<String> broken = new ArrayList<>();
            reconciliation.path("checks").forEach(ch -> {
                if (!ch.path("holds").asBoolean()) {
                    broken.add(ch.path("name").asText() + ": " + ch.path("detail").asText());
                }
            });
            check(c.label + ": " + g.getKey() + "'s reconciliation is clean (auditor)", reconciliation.path("balanced").asBoolean()
                    && broken.isEmpty() && reconciliation.path("checks").size() > 0, broken.isEmpty()
                    ? reconciliation.path("checks").size() + " checks hold" : broken.toString());
            paidByFunder.merge(g.getKey(), paid, Long::sum);
        }
        JsonNode publicFunding = get(funding + "/api/v1/public/convenings/" + c.id + "/funding", null);
        Map<String, Long> publicByFunder = new LinkedHashMap<>();
        publicFunding.path("byFunder").forEach(t -> publicByFunder.merge(t.path("funderId").asText(), t.path("paidCents").asLong(),
                Long::sum));
        Map<String, Long> fundersPaid = new LinkedHashMap<>(paidByFunder);
        fundersPaid.values().removeIf(v -> v == 0);
        check(c.label + ": public totals by funder = the funders' own ledgers", publicByFunder.equals(fundersPaid),
                "public " + publicByFunder + ", funders " + fundersPaid);

        // Notifications: each registration milestone once in its team's inbox.
        verifyInboxes(c, pool);
        int published = (int) c.teams.stream().filter(t -> t.published).count();
        return new ConveningResult(c.label, c.id, teams.size(), confirmed, waitlisted, incomplete, cancelled,
                c.promoted == null ? null : c.promoted.id, order, (int) fives, travellers, claims, claimCents, c.invoicesPaid,
                c.invoicesPaidCents, published, paidByFunder, states);
    }

    /** Each team's inbox holds each of its milestones once: registration, confirmed or waitlisted, promoted, cancelled, published, paid. */
    private void verifyInboxes(Convening c, ExecutorService pool) {
        String admin = actors.user("admin");
        Map<String, Map<String, Integer>> expected = new HashMap<>();
        for (Team t : c.teams) {
            Map<String, Integer> e = new HashMap<>();
            e.put("REGISTRATION_RECEIVED", 1);
            if (c.completionOrder.contains(t)) {
                boolean placed = c.completionOrder.indexOf(t) < c.capacity;
                e.put(placed ? "TEAM_CONFIRMED" : "TEAM_WAITLISTED", 1);
            }
            if (t == c.promoted) {
                e.put("TEAM_PROMOTED", 1);
            }
            if (t == c.cancelled) {
                e.put("TEAM_CANCELLED", 1);
            }
            if (t.published) {
                e.put("PLAN_PUBLISHED", 1);
                int[] reminders = reminders(c, t);
                if (reminders[0] > 0) {
                    e.put("MILESTONE_DUE_SOON", reminders[0]);
                }
                if (reminders[1] > 0) {
                    e.put("MILESTONE_OVERDUE", reminders[1]);
                }
            }
            if (!t.claims.isEmpty()) {
                e.put("PAYMENT_MADE", t.claims.size());
            }
            expected.put(t.id, e);
        }
        long deadline = System.nanoTime() + 90_000_000_000L;
        List<String> wrong = new ArrayList<>();
        int duplicates = 0;
        int rows = 0;
        while (true) {
            wrong.clear();
            duplicates = 0;
            rows = 0;
            Map<String, List<JsonNode>> byOrg = new ConcurrentHashMap<>();
            List<Supplier<Void>> reads = new ArrayList<>();
            for (String org : c.teams.stream().map(t -> t.orgId).distinct().toList()) {
                reads.add(() -> {
                    byOrg.put(org, pages(notification + "/api/v1/inbox?orgId=" + org + "&limit=200", admin));
                    return null;
                });
            }
            runAll(pool, reads, null);
            for (Team t : c.teams) {
                Map<String, Integer> seen = new HashMap<>();
                Set<String> keys = new HashSet<>();
                for (JsonNode n : byOrg.get(t.orgId)) {
                    if (!t.id.equals(n.path("teamId").asText())) {
                        continue;
                    }
                    rows++;
                    if (!keys.add(n.path("eventId").asText() + "/" + n.path("kind").asText() + "/" + n.path("memberId").asText())) {
                        duplicates++;
                    }
                    if (expected.get(t.id).containsKey(n.path("kind").asText())) {
                        seen.merge(n.path("kind").asText(), 1, Integer::sum);
                    }
                }
                if (!seen.equals(expected.get(t.id)) && wrong.size() < 3) {
                    wrong.add(t.name + ": " + seen + " expected " + expected.get(t.id));
                }
            }
            if ((wrong.isEmpty() && duplicates == 0) || System.nanoTime() > deadline) {
                break;
            }
            pause(1000);
        }
        check(c.label + ": each team told of each of its milestones exactly once (inbox)", wrong.isEmpty() && duplicates == 0,
                wrong.isEmpty() ? rows + " inbox rows of " + c.teams.size() + " teams, no repeats" : duplicates + " repeats; " + wrong);
    }

    /**
     * The reminders a published plan's milestones earned over the run's sweeps (every sweep sees every plan): one per
     * milestone and threshold (the tightest of 14 and 3 days that applies), one overdue once the due date has passed; a
     * completed milestone earns none. {due soon, overdue}.
     */
    @SuppressWarnings("unchecked")
    private int[] reminders(Convening c, Team t) {
        int[] counts = new int[2];
        List<Map<String, Object>> milestones = (List<Map<String, Object>>) draft(c, t).get("milestones");
        for (int m = 0; m < milestones.size(); m++) {
            if (m < t.milestonesDone) {
                continue;
            }
            LocalDate due = LocalDate.parse((String) milestones.get(m).get("dueDate"));
            Set<String> claimed = new HashSet<>();
            for (LocalDate asOf : sweeps) {
                long daysLeft = ChronoUnit.DAYS.between(asOf, due);
                // Overdue milestones are reminded when a sweep finds them within 30 days of their due date.
                String threshold = daysLeft < 0 ? (daysLeft >= -30 ? "OVERDUE" : null) : daysLeft <= 3 ? "3" : daysLeft <= 14 ? "14" : null;
                if (threshold != null && claimed.add(threshold)) {
                    counts[threshold.equals("OVERDUE") ? 1 : 0]++;
                }
            }
        }
        return counts;
    }

    /** The public's questions, answered from the public API only. */
    private void questions(List<Convening> played) {
        console.line("");
        console.line("== the questions people asked, answered from the public API (no token) ==");
        Convening denver = played.get(0);
        Team maryland = denver.confirmed.stream().filter(t -> t.orgId.equals("2400090")).findFirst().orElse(null);
        if (maryland != null) {
            JsonNode answer = get(funding + "/api/v1/public/teams/" + maryland.id + "/funding", null);
            Map<String, Long> byCategory = new LinkedHashMap<>();
            List<String> funders = new ArrayList<>();
            answer.path("paid").forEach(p -> {
                byCategory.merge(p.path("category").asText(), p.path("paidCents").asLong(), Long::sum);
                if (!funders.contains(p.path("funderName").asText())) {
                    funders.add(p.path("funderName").asText());
                }
            });
            Map<String, Long> claimed = new LinkedHashMap<>();
            maryland.claims.forEach(cl -> claimed.merge(cl.category(), cl.cents(), Long::sum));
            long leave = maryland.claims.stream().filter(cl -> cl.duty().equals("PERSONAL_LEAVE")).map(Claim::memberId).distinct().count();
            long total = byCategory.values().stream().mapToLong(Long::longValue).sum();
            String line = "Who paid for the " + answer.path("fundedTravellers").asLong() + " people from " + answer.path("organisation")
                    .asText() + " (" + answer.path("state").asText() + ") to go to Denver? " + String.join(", ", funders) + ": "
                    + dollars(total) + " (" + byCategory.entrySet().stream().map(e -> e.getKey().toLowerCase(Locale.ROOT) + " "
                    + dollars(e.getValue())).reduce((a, b) -> a + ", " + b).orElse("nothing") + "); "
                    + answer.path("travellersOnPersonalLeave").asLong() + " travelled on personal leave, "
                    + answer.path("travellersOnOfficialDuty").asLong() + " on official duty.";
            answers.add(line);
            console.line(line);
            console.line("  (GET " + funding + "/api/v1/public/teams/" + maryland.id + "/funding; the page: " + funding + "/funding/teams/"
                    + maryland.id + ")");
            check("the Maryland team's public answer = its paid claims", byCategory.equals(claimed)
                    && answer.path("fundedTravellers").asLong() == 5 && answer.path("travellersOnPersonalLeave").asLong() == leave,
                    "public " + byCategory + ", paid " + claimed + ", " + answer.path("travellersOnPersonalLeave").asLong()
                            + " on personal leave (expected " + leave + ")");
        }
        for (Convening c : played) {
            JsonNode answer = get(funding + "/api/v1/public/convenings/" + c.id + "/funding", null);
            StringBuilder line = new StringBuilder("Who paid for " + c.label + "? ");
            List<String> parts = new ArrayList<>();
            answer.path("totals").forEach(t -> parts.add(t.path("funderName").asText() + " " + t.path("category").asText()
                    .toLowerCase(Locale.ROOT) + " " + dollars(t.path("paidCents").asLong())));
            line.append(String.join("; ", parts));
            answers.add(line.toString());
            console.line(line.toString());
            console.line("  (GET " + funding + "/api/v1/public/convenings/" + c.id + "/funding; the page: " + funding
                    + "/funding/convenings/" + c.id + ")");
            List<JsonNode> plans = pages(plan + "/api/v1/public/plans?convening=" + c.id + "&limit=100", null);
            long published = c.teams.stream().filter(t -> t.published).count();
            int done = 0;
            int total = 0;
            for (JsonNode p : plans) {
                done += p.path("milestonesDone").asInt(p.path("progress").path("milestonesDone").asInt());
                total += p.path("milestonesTotal").asInt(p.path("progress").path("milestonesTotal").asInt());
            }
            int expectedDone = c.teams.stream().mapToInt(t -> t.milestonesDone).sum();
            String progress = "How are " + c.label + "'s published plans doing? " + plans.size() + " plans in the public database, "
                    + done + " of " + total + " milestones done.";
            answers.add(progress);
            console.line(progress);
            console.line("  (GET " + plan + "/api/v1/public/plans?convening=" + c.id + "; the page: " + plan + "/plans?convening="
                    + c.id + ")");
            check(c.label + ": the public plan database lists every published plan with its progress",
                    plans.size() == published && done == expectedDone && total == published * 3,
                    plans.size() + " of " + published + " plans, " + done + " of " + total + " milestones done (expected " + expectedDone + ")");
        }
    }

    /** Messaging settles: no outbox row unsent, no dead letter, every email sent once (counted at the SMTP server when held here). */
    private void verifyMessaging(Instant startedAt, int mailsBefore) {
        console.line("");
        console.line("== messaging ==");
        String admin = actors.user("admin");
        long deadline = System.nanoTime() + 90_000_000_000L;
        Map<String, Double> pending = new LinkedHashMap<>();
        int deliveriesPending = -1;
        while (true) {
            pending.clear();
            for (ServiceDef s : List.of(ServiceDef.REGISTRATION, ServiceDef.PLAN, ServiceDef.FUNDING, ServiceDef.NOTIFICATION)) {
                pending.put(s.shortName(), metric(config.serviceUrl(s), "lmc_outbox_pending"));
            }
            deliveriesPending = pages(notification + "/api/v1/deliveries?status=PENDING&limit=200", admin).size();
            if ((pending.values().stream().allMatch(v -> v == 0) && deliveriesPending == 0) || System.nanoTime() > deadline) {
                break;
            }
            pause(500);
        }
        check("no outbox row left unsent", pending.values().stream().allMatch(v -> v == 0), "pending " + pending);
        Map<String, Integer> dead = new LinkedHashMap<>();
        for (ServiceDef s : List.of(ServiceDef.REGISTRATION, ServiceDef.PLAN, ServiceDef.FUNDING, ServiceDef.NOTIFICATION)) {
            Http.Response r = http.get(config.serviceUrl(s) + "/api/v1/admin/dead-letters", admin);
            dead.put(s.shortName(), r.status() == 200 ? r.json().path("deadLetters").size() : -r.status());
        }
        check("no dead letters", dead.values().stream().allMatch(v -> v == 0), "open dead letters " + dead);
        int delivered = 0;
        int failed = 0;
        Set<String> keys = new HashSet<>();
        int repeats = 0;
        for (String status : List.of("DELIVERED", "DEAD", "FAILED")) {
            Http.Response first = http.get(notification + "/api/v1/deliveries?status=" + status + "&limit=1", admin);
            if (first.status() != 200) {
                continue;
            }
            for (JsonNode d : pages(notification + "/api/v1/deliveries?status=" + status + "&limit=200", admin)) {
                if (!"EMAIL".equals(d.path("channel").asText()) || Instant.parse(d.path("createdAt").asText()).isBefore(startedAt)) {
                    continue;
                }
                if (!keys.add(d.path("eventId").asText() + "/" + d.path("recipient").asText() + "/" + d.path("kind").asText())) {
                    repeats++;
                }
                if (status.equals("DELIVERED")) {
                    delivered++;
                } else {
                    failed++;
                }
            }
        }
        check("every email delivery sent once, none failed", repeats == 0 && failed == 0 && deliveriesPending == 0 && delivered > 0,
                delivered + " delivered, " + failed + " failed, " + deliveriesPending + " pending, " + repeats + " repeats");
        if (mailsBefore >= 0) {
            int mails = mailsReceived.getAsInt() - mailsBefore;
            if (atLeastOnce) {
                check("the SMTP server received each delivered email at least once", mails >= delivered, mails + " messages received, "
                        + delivered + " email deliveries recorded");
            } else {
                check("the SMTP server received each delivered email once", mails == delivered, mails + " messages received, "
                        + delivered + " email deliveries recorded");
            }
        }
        console.step("outbox pending " + pending + ", dead letters " + dead + ", " + delivered + " emails delivered");
    }

    /**
     * The agency's webhook on loopback got each subscribed milestone of the run's teams once, signed with its secret, and
     * as many messages as the delivery log says were delivered to it.
     */
    private void verifyWebhooks(List<Convening> played, WebhookReceiver hooks) {
        Map<String, Integer> expected = new TreeMap<>();
        for (Convening c : played) {
            expected.merge("TEAM_CONFIRMED", (int) c.completionOrder.stream().filter(t -> c.completionOrder.indexOf(t) < c.capacity)
                    .count(), Integer::sum);
            expected.merge("TEAM_PROMOTED", c.promoted == null ? 0 : 1, Integer::sum);
            expected.merge("PLAN_PUBLISHED", (int) c.teams.stream().filter(t -> t.published).count(), Integer::sum);
            expected.merge("PAYMENT_MADE", c.teams.stream().mapToInt(t -> t.claims.size()).sum(), Integer::sum);
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        Map<String, Integer> received = new TreeMap<>();
        while (true) {
            received.clear();
            Set<String> counted = new HashSet<>();
            for (WebhookReceiver.Message m : hooks.messages()) {
                if (runTeams.contains(m.teamId()) && (!atLeastOnce || counted.add(m.webhookId()))) {
                    received.merge(m.type(), 1, Integer::sum);
                }
            }
            if (received.equals(expected) || System.nanoTime() > deadline) {
                break;
            }
            pause(500);
        }
        List<WebhookReceiver.Message> all = hooks.messages();
        long ids = all.stream().map(WebhookReceiver.Message::webhookId).distinct().count();
        long badSignatures = all.stream().filter(m -> !m.signed()).count();
        int delivered = 0;
        for (JsonNode d : pages(notification + "/api/v1/deliveries?status=DELIVERED&limit=200", actors.agency())) {
            if (hooks.subscriptionId().equals(d.path("subscriptionId").asText())) {
                delivered++;
            }
        }
        long messages = atLeastOnce ? ids : all.size();
        check("the agency's webhook got each subscribed milestone of the run's teams once" + (atLeastOnce ? " by webhook-id" : "")
                + ", signed", received.equals(expected) && ids == messages && badSignatures == 0, "received " + received + ", expected "
                + expected + "; " + all.size() + " messages, " + ids + " distinct webhook-ids, " + badSignatures + " bad signatures");
        check("webhook messages received" + (atLeastOnce ? " (distinct webhook-ids)" : "") + " = webhook deliveries recorded",
                delivered == messages, messages + " received, " + delivered + " delivered in the delivery log");
        console.step("webhook receiver: " + all.size() + " signed messages, " + received);
    }

    private static double metric(String baseUrl, String name) {
        Http.Response r = new Http().get(baseUrl + "/q/metrics", null);
        double sum = 0;
        for (String line : r.body().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static int count(Map<String, JsonNode> teams, String status) {
        return (int) teams.values().stream().filter(t -> status.equals(t.path("status").asText())).count();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The summary

    /** The end table: one column per convening, then every check. */
    public static void printSummary(Outcome o, Console console) {
        List<String[]> rows = new ArrayList<>();
        String[] header = new String[o.convenings().size() + 1];
        header[0] = "";
        for (int i = 0; i < o.convenings().size(); i++) {
            header[i + 1] = o.convenings().get(i).label();
        }
        rows.add(header);
        addRow(rows, o, "teams registered", r -> r.registered());
        addRow(rows, o, "states", r -> r.states());
        addRow(rows, o, "confirmed", r -> r.confirmed());
        addRow(rows, o, "waitlisted", r -> r.waitlisted());
        addRow(rows, o, "never complete", r -> r.incomplete());
        addRow(rows, o, "cancelled (one promoted)", r -> r.cancelled());
        addRow(rows, o, "presenting teams of five", r -> r.presenters());
        addRow(rows, o, "travellers funded", r -> r.travellersReserved());
        addRow(rows, o, "travel claims paid", r -> r.claimsPaid() + " / " + dollars(r.claimsPaidCents()));
        addRow(rows, o, "event invoices paid", r -> r.invoicesPaid() + " / " + dollars(r.invoicesPaidCents()));
        addRow(rows, o, "paid by funder", r -> r.paidByFunder().entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getKey().replace("-foundation", "").replace("us-department-of-education", "ED") + " " + dollars(e.getValue()))
                .reduce((a, b) -> a + ", " + b).orElse("-"));
        addRow(rows, o, "plans published", r -> r.plansPublished());
        int[] widths = new int[header.length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        console.line("");
        console.line("Summary (run " + o.run() + ")");
        for (String[] r : rows) {
            StringBuilder b = new StringBuilder("  ");
            for (int i = 0; i < r.length; i++) {
                b.append(String.format(Locale.ROOT, "%-" + widths[i] + "s", r[i])).append(i + 1 < r.length ? " | " : "");
            }
            console.line(b.toString().stripTrailing());
        }
        console.line("");
        long held = o.checks().stream().filter(Check::holds).count();
        console.line("Checks: " + held + " of " + o.checks().size() + " hold");
        for (Check c : o.checks()) {
            console.line("  " + (c.holds() ? "ok  " : "FAIL") + " " + c.name() + " (" + c.detail() + ")");
        }
    }

    private static void addRow(List<String[]> rows, Outcome o, String name, Function<ConveningResult, Object> f) {
        String[] r = new String[o.convenings().size() + 1];
        r[0] = name;
        for (int i = 0; i < o.convenings().size(); i++) {
            r[i + 1] = String.valueOf(f.apply(o.convenings().get(i)));
        }
        rows.add(r);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // HTTP helpers

    private Http.Response post(String url, String token, Object body, boolean idempotent) {
        return http.postJson(url, token, body == null ? Map.of() : body,
                idempotent ? Map.of("Idempotency-Key", UUID.randomUUID().toString()) : Map.of());
    }

    private Http.Response put(String url, String token, Object body, String ifMatch) {
        return http.putJson(url, token, body, Map.of("If-Match", ifMatch));
    }

    private JsonNode get(String url, String token) {
        Http.Response r = http.get(url, token);
        expect(r, 200, "GET " + url);
        return r.json();
    }

    private JsonNode getArray(String url, String token) {
        JsonNode n = get(url, token);
        return n.isArray() ? n : n.path("items");
    }

    /** Every item of a cursor-paginated list ({@code items}, {@code next} passed back as {@code after}). */
    private List<JsonNode> pages(String url, String token) {
        List<JsonNode> items = new ArrayList<>();
        String after = null;
        do {
            JsonNode page = get(after == null ? url : url + "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8), token);
            (page.isArray() ? page : page.path("items")).forEach(items::add);
            after = page.path("next").isTextual() ? page.path("next").asText() : null;
        } while (after != null);
        return items;
    }

    /**
     * The answer must be {@code status}. A state change the client had to send again (its first answer was lost to a
     * fault) may find its own first attempt done: the 409 saying the target state is already reached is that success.
     */
    private static void expect(Http.Response r, int status, String what) {
        if (r.status() == 409 && r.attempts() > 1 && ALREADY_DONE.stream().anyMatch(r.problemType()::endsWith)) {
            return;
        }
        if (r.status() != status) {
            throw new DemoFailure(what + ": expected " + status + ", got " + r.status() + " " + r.brief());
        }
    }

    private void check(String name, boolean holds, String detail) {
        synchronized (checks) {
            checks.add(new Check(name, holds, detail));
        }
        if (!holds) {
            console.step("CHECK FAILED: " + name + " (" + detail + ")");
        }
    }

    private void runAll(ExecutorService pool, List<Supplier<Void>> work, String what) {
        long t0 = System.nanoTime();
        AtomicInteger done = new AtomicInteger();
        List<Future<Void>> futures = new ArrayList<>();
        for (Supplier<Void> w : work) {
            futures.add(pool.submit(() -> {
                w.get();
                if (what != null) {
                    progress(what, done.incrementAndGet(), work.size(), t0);
                }
                return null;
            }));
        }
        for (Future<Void> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                futures.forEach(x -> x.cancel(true));
                throw e.getCause() instanceof DemoFailure d ? d : new DemoFailure(String.valueOf(e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DemoFailure("interrupted");
            }
        }
    }

    private final Map<String, Long> lastProgress = new ConcurrentHashMap<>();

    /** A progress line at most every two seconds per step, and at the end. */
    private void progress(String what, int done, int total, long t0) {
        long now = System.nanoTime();
        Long last = lastProgress.get(what);
        if (done == total || last == null || now - last > 2_000_000_000L) {
            lastProgress.put(what, now);
            int width = 30;
            int filled = total == 0 ? width : done * width / total;
            console.step(String.format(Locale.ROOT, "%-28s [%s%s] %d/%d (%.1f s)", what, "#".repeat(filled), ".".repeat(width - filled),
                    done, total, (now - t0) / 1e9));
            if (done == total) {
                lastProgress.remove(what);
            }
        }
    }

    static String dollars(long cents) {
        return String.format(Locale.US, "$%,d.%02d", cents / 100, Math.abs(cents % 100));
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis + ThreadLocalRandom.current().nextInt(20));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailure("interrupted");
        }
    }
}
