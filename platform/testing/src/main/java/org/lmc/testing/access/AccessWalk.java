package org.lmc.testing.access;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import net.jqwik.api.sessions.JqwikSession;
import org.lmc.testing.fuzz.HostileInput;

/**
 * Walks a running service's whole API as every caller and compares each answer with the service's access matrix.
 * The operations come from the service's own OpenAPI document ({@code /q/openapi?format=json}), so an endpoint missing
 * from the table fails the walk, as does a row of the table the service no longer offers. Every writing call that is
 * refused must leave the database exactly as it was ({@link DatabaseState}); every refusal must be problem+json; and a
 * caller of the same role as the owner but of another tenant (district B, Gates) must never get a 403 where the
 * owner succeeds, which would confirm that the object exists. The observed table is written to
 * {@code target/access-matrix-<service>.md} for a reviewer, in the same form as the expected one.
 */
public final class AccessWalk {
    private static final Set<String> WRITING = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

    private final String service;
    private final Map<MatrixCaller, String> tokens = new EnumMap<>(MatrixCaller.class);
    private final Map<String, String> ids = new LinkedHashMap<>();
    private final Map<String, Consumer<AccessCall>> preparations = new LinkedHashMap<>();
    private final Set<String> tenantFree = new java.util.HashSet<>();
    private DatabaseState state;
    private JsonPath document;
    /** Hostile values tried per parameter of a reading operation. */
    static final int PARAMETER_CASES = 8;

    private AccessWalk(String service) {
        this.service = service;
    }

    /** A walk of {@code service}'s API (e.g. "registration"), against {@code docs/security/access-matrix-<service>.md}. */
    public static AccessWalk of(String service) {
        return new AccessWalk(service);
    }

    /** The bearer token a caller sends ({@link MatrixCaller#NONE} sends none). */
    public AccessWalk token(MatrixCaller caller, String token) {
        tokens.put(caller, token);
        return this;
    }

    /**
     * The realm's callers as the demo users: admin, agency, district A and B (their {@code org_id}), Ford and Gates
     * (their {@code funder_id}), auditor; every email verified.
     */
    public AccessWalk realmCallers(String orgA, String orgB) {
        token(MatrixCaller.ADMIN, org.lmc.testing.TestTokens.user("admin").roles("admin").token());
        token(MatrixCaller.AGENCY, org.lmc.testing.TestTokens.user("agency").roles("agency").token());
        token(MatrixCaller.DISTRICT_A, org.lmc.testing.TestTokens.user("district-a").roles("district").orgId(orgA).token());
        token(MatrixCaller.DISTRICT_B, org.lmc.testing.TestTokens.user("district-b").roles("district").orgId(orgB).token());
        token(MatrixCaller.FORD, org.lmc.testing.TestTokens.user("funder-ford").roles("funder").funderId("ford-foundation").token());
        token(MatrixCaller.GATES, org.lmc.testing.TestTokens.user("funder-gates").roles("funder").funderId("gates-foundation").token());
        token(MatrixCaller.AUDITOR, org.lmc.testing.TestTokens.user("auditor").roles("auditor").token());
        return this;
    }

    /**
     * The object {@code operation}'s path names belongs to no tenant (a convening everyone reads), so a 403 for the
     * other tenant is about the request (e.g. a body naming someone else's organisation), not the object's existence.
     */
    public AccessWalk tenantFree(String operation) {
        tenantFree.add(AccessMatrix.operation(operation));
        return this;
    }

    /** The same as {@link #realmCallers(String, String)}, district A's token carrying {@code emailA} (verified): a person of A's team. */
    public AccessWalk realmCallers(String orgA, String emailA, String orgB) {
        realmCallers(orgA, orgB);
        token(MatrixCaller.DISTRICT_A, org.lmc.testing.TestTokens.user("district-a").roles("district").orgId(orgA).email(emailA).token());
        return this;
    }

    /** The value of a path parameter for every operation that has it, e.g. {@code id("team", teamOfA)}. */
    public AccessWalk id(String name, Object value) {
        ids.put(name, String.valueOf(value));
        return this;
    }

    /** Run before each caller's call of {@code operation} ("POST /api/v1/teams/{team}/cancellation"). */
    public AccessWalk prepare(String operation, Consumer<AccessCall> preparation) {
        preparations.merge(AccessMatrix.operation(operation), preparation, Consumer::andThen);
        return this;
    }

    /** The database a refused write must leave unchanged. */
    public AccessWalk state(DatabaseState state) {
        this.state = state;
        return this;
    }

    /** The outcome of a walk; {@code parameterCases} hostile query and path parameters were sent to the reading operations. */
    public record Result(int operations, int callers, List<String> failures, Path observed, int parameterCases) {
        public int cells() {
            return operations * callers;
        }
    }

    /** Walks every operation as every caller; the failures are returned (an empty list when all matches). */
    public Result run() {
        Path expectedFile = matrixFile();
        AccessMatrix expected = AccessMatrix.read(expectedFile);
        List<String> operations = operations();
        List<String> failures = new ArrayList<>();
        for (String operation : operations) {
            if (!expected.rows().containsKey(operation)) {
                failures.add(operation + ": in the OpenAPI document but not in " + expectedFile.getFileName()
                        + " (every operation needs a row)");
            }
        }
        for (String operation : expected.rows().keySet()) {
            if (!operations.contains(operation)) {
                failures.add(operation + ": in " + expectedFile.getFileName() + " but not offered by the service");
            }
        }
        for (MatrixCaller caller : MatrixCaller.values()) {
            if (caller != MatrixCaller.NONE && !tokens.containsKey(caller)) {
                throw new IllegalStateException("no token for " + caller.column());
            }
        }
        Map<String, Map<MatrixCaller, String>> observed = new LinkedHashMap<>();
        for (String operation : operations) {
            Map<MatrixCaller, String> row = new EnumMap<>(MatrixCaller.class);
            Map<MatrixCaller, Integer> statuses = new EnumMap<>(MatrixCaller.class);
            for (MatrixCaller caller : MatrixCaller.values()) {
                Outcome outcome = call(operation, caller);
                statuses.put(caller, outcome.status());
                row.put(caller, outcome.cell());
                Expected cell = expected.expected(operation, caller);
                if (outcome.flaw() != null) {
                    failures.add(operation + " as " + caller.column() + ": " + outcome.flaw());
                }
                if (cell != null && !cell.matches(outcome.status())) {
                    failures.add(operation + " as " + caller.column() + ": " + outcome.status() + ", expected " + cell
                            + " (" + outcome.excerpt() + ")");
                }
            }
            if (!tenantFree.contains(operation)) {
                confirmsNoOtherTenant(operation, statuses, MatrixCaller.DISTRICT_A, MatrixCaller.DISTRICT_B, failures);
                confirmsNoOtherTenant(operation, statuses, MatrixCaller.FORD, MatrixCaller.GATES, failures);
            }
            observed.put(operation, row);
        }
        Path written = write(observed, expected);
        int parameterCases = fuzzReadingParameters(operations, failures);
        return new Result(operations.size(), MatrixCaller.values().length, failures, written, parameterCases);
    }

    /**
     * Hostile values ({@link HostileInput#hostileText()}, seeded like the bodies) in every query and path parameter of every
     * reading operation, one parameter at a time, the others as the walk prepared them, as admin (who may read the most):
     * never a 5xx, and a refusal is problem+json. Values stay under 2,000 characters: a longer request line is refused by
     * the HTTP server itself (414) before the service sees it.
     */
    @SuppressWarnings("unchecked")
    private int fuzzReadingParameters(List<String> operations, List<String> failures) {
        String seed = HostileInput.seed();
        int cases = 0;
        for (String operation : operations) {
            if (!operation.startsWith("GET ")) {
                continue;
            }
            String path = operation.substring(4);
            List<Map<String, Object>> parameters = document.getList("paths.'" + path + "'.get.parameters");
            if (parameters == null) {
                continue;
            }
            AccessCall base = new AccessCall("GET", path, MatrixCaller.ADMIN, ids);
            Consumer<AccessCall> preparation = preparations.get(operation);
            if (preparation != null) {
                preparation.accept(base);
            }
            for (Map<String, Object> parameter : parameters) {
                String name = String.valueOf(parameter.get("name"));
                String in = String.valueOf(parameter.get("in"));
                if (!in.equals("query") && !in.equals("path")) {
                    continue;
                }
                List<String> values;
                JqwikSession.start(seed);
                try {
                    values = HostileInput.hostileText().filter(v -> v.length() <= 2_000).sampleStream().limit(PARAMETER_CASES).toList();
                } finally {
                    JqwikSession.finish();
                }
                for (String value : values) {
                    cases++;
                    String target = in.equals("path") ? base.targetWith(name, value) : base.targetWithQuery(name, value);
                    Response response = given().urlEncodingEnabled(false).redirects().follow(false)
                            .auth().oauth2(tokens.get(MatrixCaller.ADMIN)).get(target);
                    int status = response.statusCode();
                    String what = "[seed " + seed + "] " + operation + " with " + in + " parameter " + name + " = " + excerpt(value)
                            + " -> " + status;
                    if (status >= 500) {
                        failures.add(what + ": " + excerpt(response.asString()));
                    } else if (status >= 400 && !String.valueOf(response.contentType()).startsWith("application/problem+json")) {
                        failures.add(what + " answered as " + response.contentType() + ", not problem+json");
                    }
                }
            }
        }
        return cases;
    }

    /** Where the owner (same role) succeeds, the other tenant gets 404 or also succeeds, never 403. */
    private static void confirmsNoOtherTenant(String operation, Map<MatrixCaller, Integer> statuses, MatrixCaller owner,
            MatrixCaller other, List<String> failures) {
        if (statuses.get(owner) / 100 == 2 && statuses.get(other) == 403) {
            failures.add(operation + " as " + other.column() + ": 403 where " + owner.column()
                    + " succeeds confirms that the object exists; another tenant's object must be 404");
        }
    }

    private record Outcome(int status, String cell, String flaw, String excerpt) {
    }

    private Outcome call(String operation, MatrixCaller caller) {
        int space = operation.indexOf(' ');
        AccessCall call = new AccessCall(operation.substring(0, space), operation.substring(space + 1), caller, ids);
        Consumer<AccessCall> preparation = preparations.get(operation);
        if (preparation != null) {
            preparation.accept(call);
        }
        boolean writing = WRITING.contains(call.method());
        Map<String, String> before = writing && state != null ? state.settled() : null;
        RequestSpecification request = given().redirects().follow(false);
        String token = tokens.get(caller);
        if (caller != MatrixCaller.NONE && token != null) {
            request.auth().oauth2(token);
        }
        if (call.method().equals("POST") && !call.headers().containsKey("Idempotency-Key")) {
            request.header("Idempotency-Key", UUID.randomUUID().toString());
        }
        call.headers().forEach(request::header);
        if (call.body() != null) {
            request.contentType(ContentType.JSON).body(call.body());
        }
        Response response = request.request(call.method(), call.target());
        int status = response.statusCode();
        String excerpt = excerpt(response.asString());
        String flaw = null;
        String cell = Integer.toString(status);
        if (status >= 400 && !String.valueOf(response.contentType()).startsWith("application/problem+json")) {
            flaw = status + " answered as " + response.contentType() + ", not application/problem+json";
            cell += " (not problem+json)";
        }
        if (before != null && status >= 400) {
            List<String> changed = DatabaseState.changed(before, state.snapshot());
            if (!changed.isEmpty()) {
                flaw = "refused with " + status + " but changed " + changed;
                cell += " (changed " + String.join(", ", changed) + ")";
            }
        }
        return new Outcome(status, cell, flaw, excerpt);
    }

    private static String excerpt(String body) {
        String flat = body.replaceAll("\\s+", " ");
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }

    /** Every operation of the service's OpenAPI document, "METHOD /path", in the document's order. */
    @SuppressWarnings("unchecked")
    List<String> operations() {
        document = given().accept(ContentType.JSON).queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Object> paths = document.getMap("paths");
        Set<String> operations = new LinkedHashSet<>();
        for (Map.Entry<String, Object> path : paths.entrySet()) {
            Map<String, Object> item = (Map<String, Object>) path.getValue();
            for (String method : METHODS) {
                if (item.containsKey(method.toLowerCase(Locale.ROOT))) {
                    operations.add(method + " " + path.getKey());
                }
            }
        }
        return List.copyOf(operations);
    }

    private Path write(Map<String, Map<MatrixCaller, String>> observed, AccessMatrix expected) {
        StringBuilder table = new StringBuilder();
        table.append("# Observed access matrix: ").append(service).append("-service\n\n")
                .append("Written by the access walk; a cell that differs from `docs/security/access-matrix-").append(service)
                .append(".md` is marked `!` with the expected value.\n\n");
        table.append("| operation |");
        for (MatrixCaller caller : MatrixCaller.values()) {
            table.append(' ').append(caller.column()).append(" |");
        }
        table.append("\n| --- |");
        for (int i = 0; i < MatrixCaller.values().length; i++) {
            table.append(" --- |");
        }
        table.append('\n');
        for (Map.Entry<String, Map<MatrixCaller, String>> row : observed.entrySet()) {
            table.append("| `").append(row.getKey()).append("` |");
            for (MatrixCaller caller : MatrixCaller.values()) {
                String cell = row.getValue().get(caller);
                Expected want = expected.expected(row.getKey(), caller);
                boolean differs = want == null || !want.matches(Integer.parseInt(cell.substring(0, 3))) || cell.length() > 3;
                table.append(' ').append(cell).append(differs ? " ! (" + (want == null ? "no row" : want) + ")" : "").append(" |");
            }
            table.append('\n');
        }
        Path out = Path.of("target", "access-matrix-" + service + ".md");
        try {
            Files.createDirectories(out.getParent());
            Files.writeString(out, table.toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toAbsolutePath();
    }

    /** The expected table, found from the module's folder upwards. */
    private Path matrixFile() {
        Path dir = Path.of("").toAbsolutePath();
        String name = "access-matrix-" + service + ".md";
        for (Path at = dir; at != null; at = at.getParent()) {
            Path candidate = at.resolve("docs").resolve("security").resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no docs/security/" + name + " above " + dir);
    }
}
