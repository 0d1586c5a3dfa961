package org.lmc.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.TestTokens;

@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "web"))
class RestConventionsTest {
    @Inject
    DataSource dataSource;
    @Inject
    IdempotencyRecords records;
    @Inject
    VerifiedTokens verifiedTokens;

    static ValidatableResponse create(String token, String key, String name) {
        var request = given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"name\": \"" + name + "\"}");
        if (key != null) {
            request.header(IdempotencyInterceptor.HEADER, key);
        }
        return request.post("/test/widgets").then();
    }

    @Test
    void aRetryWithTheSameKeyAndBodyReplaysTheFirstResponseAndCreatesNothingMore() {
        String name = "replay-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        var first = create(TestTokens.agency(), key, name).statusCode(201).header(IdempotencyInterceptor.REPLAYED, nullValue()).extract();
        var second = create(TestTokens.agency(), key, name).statusCode(201).header(IdempotencyInterceptor.REPLAYED, "true").extract();
        assertThat(second.header("Location")).isEqualTo(first.header("Location")).isNotNull();
        assertThat(second.header("ETag")).isEqualTo(first.header("ETag")).isEqualTo("\"0\"");
        assertThat(second.body().asString()).isEqualTo(first.body().asString());
        assertThat(second.jsonPath().getString("id")).isEqualTo(first.jsonPath().getString("id"));
        assertThat(second.jsonPath().getString("createdAt")).isEqualTo(first.jsonPath().getString("createdAt"));
        assertThat(widgetsNamed(name)).isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherBodyIs422AndKeysBelongToTheirCaller() {
        String name = "reuse-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        create(TestTokens.agency(), key, name).statusCode(201);
        create(TestTokens.agency(), key, name + "-other").statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("urn:lmc:problem:idempotency-key-reused"))
                .body("errors[0].field", equalTo("Idempotency-Key"));
        // Another caller's identical key is another key.
        create(TestTokens.admin(), key, name).statusCode(201).header(IdempotencyInterceptor.REPLAYED, nullValue());
        assertThat(widgetsNamed(name)).isEqualTo(2);
        assertThat(widgetsNamed(name + "-other")).isZero();
    }

    @Test
    void bodiesThatDeserialiseAlikeButDifferInTheirBytesAreDifferentRequests() {
        String name = "bytes-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        String token = TestTokens.agency();
        given().auth().oauth2(token).contentType(ContentType.JSON).header(IdempotencyInterceptor.HEADER, key)
                .body("{\"name\": \"" + name + "\"}").post("/test/widgets").then().statusCode(201);
        // The same widget to Jackson (an escaped first letter; other spacing), not the same request to the key.
        for (String other : List.of("{\"name\": \"\\u0062" + name.substring(1) + "\"}", "{\"name\":\"" + name + "\"}")) {
            given().auth().oauth2(token).contentType(ContentType.JSON).header(IdempotencyInterceptor.HEADER, key).body(other)
                    .post("/test/widgets").then().statusCode(422).contentType("application/problem+json")
                    .body("type", equalTo("urn:lmc:problem:idempotency-key-reused"));
        }
        assertThat(widgetsNamed(name)).isEqualTo(1);
    }

    @Test
    void aKeyOlderThanTheRetentionIsPurgedAndFreeAgain() throws SQLException {
        String name = "expired-" + UUID.randomUUID();
        String expiredKey = UUID.randomUUID().toString();
        String freshKey = UUID.randomUUID().toString();
        create(TestTokens.agency(), freshKey, name).statusCode(201);
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO lmc_idempotency"
                + " (caller, idem_key, fingerprint, status, body, created_at) VALUES ('agency', ?, 'another request', 201,"
                + " '{\"name\": \"someone@example.org\"}', now() - interval '25 hours')")) {
            s.setString(1, expiredKey);
            s.executeUpdate();
        }
        // Past its retention a key is neither replayed nor refused: it is a new request.
        create(TestTokens.agency(), expiredKey, name).statusCode(201).header(IdempotencyInterceptor.REPLAYED, nullValue());
        assertThat(widgetsNamed(name)).isEqualTo(2);
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("UPDATE lmc_idempotency"
                + " SET created_at = now() - interval '25 hours' WHERE idem_key = ?")) {
            s.setString(1, expiredKey);
            s.executeUpdate();
        }
        assertThat(records.purge()).isGreaterThanOrEqualTo(1);
        assertThat(keysStored(expiredKey)).isZero();
        assertThat(keysStored(freshKey)).isEqualTo(1);
        create(TestTokens.agency(), freshKey, name).statusCode(201).header(IdempotencyInterceptor.REPLAYED, "true");
    }

    @Test
    void aVerifiedTokenIsRememberedUntilItExpiresAndOnlyItsVeryBytesMatch() {
        String token = TestTokens.user("remembered-" + UUID.randomUUID()).roles(Caller.AGENCY).token();
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(token).queryParam("prefix", "none-").get("/test/widgets").then().statusCode(200);
        }
        assertThat(verifiedTokens.find(token, Instant.now())).isNotNull()
                .satisfies(identity -> assertThat(identity.getRoles()).contains(Caller.AGENCY));
        assertThat(verifiedTokens.find(token, Instant.now().plus(Duration.ofDays(1)))).as("past its exp claim").isNull();
        // One signature character changed: not the remembered token, so verified in full, and refused.
        int at = token.length() - 2;
        String tampered = token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
        given().auth().oauth2(tampered).queryParam("prefix", "none-").get("/test/widgets").then().statusCode(401);
        given().auth().oauth2(TestTokens.user("elsewhere").roles(Caller.AGENCY).audience("another-api").token())
                .queryParam("prefix", "none-").get("/test/widgets").then().statusCode(401);
    }

    @Test
    void aRememberedTokenIsServedWithoutBeingVerifiedAgain() {
        String token = TestTokens.user("auditing-" + UUID.randomUUID()).roles(Caller.AUDITOR).token();
        given().auth().oauth2(token).queryParam("prefix", "none-").get("/test/widgets").then().statusCode(403);
        SecurityIdentity verified = verifiedTokens.find(token, Instant.now());
        assertThat(verified).isNotNull();
        // Were the token verified again, its own roles would refuse it; the remembered identity is what answers.
        verifiedTokens.remember(token, QuarkusSecurityIdentity.builder(verified).addRole(Caller.AGENCY).build(),
                Instant.now().plusSeconds(60).getEpochSecond(), Instant.now());
        given().auth().oauth2(token).queryParam("prefix", "none-").get("/test/widgets").then().statusCode(200);
    }

    @Test
    void withoutAKeyEveryPostCreatesAndAFailedPostLeavesNoKeyBehind() {
        String name = "plain-" + UUID.randomUUID();
        create(TestTokens.agency(), null, name).statusCode(201);
        create(TestTokens.agency(), null, name).statusCode(201);
        assertThat(widgetsNamed(name)).isEqualTo(2);

        String key = UUID.randomUUID().toString();
        String refused = "refused-" + UUID.randomUUID();
        given().auth().oauth2(TestTokens.agency()).contentType(ContentType.JSON).header(IdempotencyInterceptor.HEADER, key)
                .body("{\"name\": \"" + refused + "\", \"fail\": true}").post("/test/widgets").then().statusCode(422);
        assertThat(widgetsNamed(refused)).as("the refused request rolled back its write").isZero();
        create(TestTokens.agency(), key, refused).statusCode(201).header(IdempotencyInterceptor.REPLAYED, nullValue());
        create(TestTokens.agency(), " ", refused).statusCode(400).body("errors[0].field", equalTo("Idempotency-Key"));
    }

    @Test
    void concurrentRequestsWithOneKeyCreateOnce() throws Exception {
        String name = "race-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        String token = TestTokens.agency();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(() -> create(token, key, name).extract().statusCode());
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : pool.invokeAll(calls)) {
            statuses.add(f.get());
        }
        pool.shutdown();
        assertThat(statuses).allMatch(s -> s == 201 || s == 409).contains(201);
        assertThat(widgetsNamed(name)).isEqualTo(1);
    }

    /**
     * A client that lost the answer sends the request again at once, and again while the first is in flight (409
     * idempotency-key-in-use), so some retry claims the key just as the first commits. Each retry must replay the first's
     * answer; none may run the change again and find it done (409 already-sealed, which a client would take for a refusal
     * and which names no result). The fault run found this: a payment retried at the first's commit answered
     * {@code already-paid}, its payment named by no answer.
     */
    @Test
    void aRetryThatClaimsTheKeyAsTheFirstCommitsReplaysTheFirstAnswer() throws Exception {
        String token = TestTokens.agency();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<String> wrongAnswers = new ArrayList<>();
        int pairs = 600;
        try {
            for (int i = 0; i < pairs && wrongAnswers.isEmpty(); i++) {
                String id = create(token, null, "seal-" + i).statusCode(201).extract().path("id");
                String key = UUID.randomUUID().toString();
                List<Callable<String>> attempts = new ArrayList<>();
                for (int a = 0; a < 4; a++) {
                    attempts.add(() -> {
                        while (true) {
                            var r = given().auth().oauth2(token).header(IdempotencyInterceptor.HEADER, key)
                                    .post("/test/widgets/" + id + "/seal").then().extract();
                            if (r.statusCode() == 409 && String.valueOf((Object) r.path("type")).endsWith("idempotency-key-in-use")) {
                                continue;
                            }
                            return r.statusCode() + " " + r.body().asString();
                        }
                    });
                }
                List<String> answers = new ArrayList<>();
                for (Future<String> f : pool.invokeAll(attempts)) {
                    answers.add(f.get());
                }
                if (answers.stream().distinct().count() != 1 || !answers.get(0).startsWith("200 ")) {
                    wrongAnswers.add("pair " + i + ": " + answers);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(wrongAnswers).as("every attempt with one key answers as the first did, in %d requests", pairs).isEmpty();
    }

    @Test
    void cursorPagesWalkTheWholeListOnceAndATamperedCursorIsA400() {
        String prefix = "page-" + UUID.randomUUID() + "-";
        for (int i = 0; i < 5; i++) {
            create(TestTokens.agency(), null, prefix + i).statusCode(201);
        }
        List<String> names = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            var request = given().auth().oauth2(TestTokens.agency()).queryParam("prefix", prefix).queryParam("limit", 2);
            if (after != null) {
                request.queryParam("after", after);
            }
            var page = request.get("/test/widgets").then().statusCode(200).extract().jsonPath();
            names.addAll(page.getList("items.name"));
            after = page.getString("next");
            pages++;
        } while (after != null);
        assertThat(pages).isEqualTo(3);
        assertThat(names).containsExactly(prefix + 0, prefix + 1, prefix + 2, prefix + 3, prefix + 4);
        given().auth().oauth2(TestTokens.agency()).queryParam("prefix", prefix).queryParam("after", "bm90LWEtY3Vyc29y")
                .get("/test/widgets").then().statusCode(400).body("errors[0].field", equalTo("after"));
    }

    @Test
    void anUpdateNeedsTheCurrentETag() {
        String id = create(TestTokens.agency(), null, "etag-" + UUID.randomUUID()).statusCode(201).extract().path("id");
        String body = "{\"name\": \"renamed\"}";
        given().auth().oauth2(TestTokens.agency()).contentType(ContentType.JSON).body(body).put("/test/widgets/{id}", id).then()
                .statusCode(428).body("type", equalTo("urn:lmc:problem:precondition-required"));
        given().auth().oauth2(TestTokens.agency()).contentType(ContentType.JSON).header("If-Match", "\"0\"").body(body)
                .put("/test/widgets/{id}", id).then().statusCode(204).header("ETag", "\"1\"");
        given().auth().oauth2(TestTokens.agency()).contentType(ContentType.JSON).header("If-Match", "\"0\"").body(body)
                .put("/test/widgets/{id}", id).then().statusCode(412).body("type", equalTo("urn:lmc:problem:stale-etag"));
    }

    @Test
    void anOversizedBodyIsA413ProblemAndCreatesNothing() throws Exception {
        String name = "huge-" + UUID.randomUUID();
        String huge = "{\"name\": \"" + name + "\", \"padding\": \"" + "x".repeat(300_000) + "\"}";
        // Declared length: refused before the body is sent (the client waits for 100-continue).
        given().config(RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig().setParam("http.protocol.expect-continue", true)))
                .auth().oauth2(TestTokens.agency()).contentType(ContentType.JSON).body(huge).post("/test/widgets").then()
                .statusCode(413).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("urn:lmc:problem:body-too-large"))
                .body("status", equalTo(413))
                .body("errors[0].field", equalTo("body"));
        // Chunked, no declared length: read up to the limit, then refused the same way. The client stops writing just
        // past the limit, as a well-behaved one would on seeing the answer: writing on into a socket the server has
        // closed draws a reset that can destroy the answer before it is read.
        String answer = chunkedPost("/test/widgets", huge.substring(0, 270_000), false);
        assertThat(answer).startsWith("HTTP/1.1 413 ").containsIgnoringCase("content-type: " + Problem.MEDIA_TYPE)
                .contains("\"type\":\"urn:lmc:problem:body-too-large\"").contains("\"field\":\"body\"");
        assertThat(widgetsNamed(name)).isZero();
    }

    @Test
    void aChunkedBodyUnderTheLimitIsReadWhole() throws Exception {
        String name = "chunked-" + UUID.randomUUID();
        // Over several chunks, so the service must join them.
        String body = "{\"name\": \"" + name + "\"" + " ".repeat(20_000) + "}";
        assertThat(chunkedPost("/test/widgets", body, true)).startsWith("HTTP/1.1 201 ").contains("\"name\":\"" + name + "\"");
        assertThat(widgetsNamed(name)).isEqualTo(1);
    }

    @Test
    void unknownAndServerOwnedFieldsAre400NamingTheFieldAndCreateNothing() {
        String name = "strict-" + UUID.randomUUID();
        for (String[] field : new String[][] {{"id", "is set by the service and cannot be sent"},
                {"createdAt", "is set by the service and cannot be sent"}, {"colour", "unknown field"}}) {
            assertMalformed(createWidget("{\"name\": \"" + name + "\", \"" + field[0] + "\": \"x\"}"), field[0], field[1]);
        }
        assertThat(widgetsNamed(name)).isZero();
    }

    @Test
    void aFractionForAWholeNumberAndANumberWrittenAsAStringAre400NamingTheFieldAndCreateNothing() {
        String name = "numbers-" + UUID.randomUUID();
        for (String[] bad : new String[][] {{"\"quantity\": 2.5", "quantity", "must be a whole number, not 2.5"},
                {"\"quantity\": \"2\"", "quantity", "must be a whole number (a JSON number)"},
                {"\"weight\": \"1.5\"", "weight", "must be a number (a JSON number)"},
                {"\"quantity\": true", "quantity", "must be a whole number (a JSON number)"}}) {
            assertMalformed(createWidget("{\"name\": \"" + name + "\", " + bad[0] + "}"), bad[1], bad[2]);
        }
        assertThat(widgetsNamed(name)).isZero();
        createWidget("{\"name\": \"" + name + "\", \"quantity\": 2, \"weight\": 1.5}").statusCode(201);
        assertThat(widgetsNamed(name)).isEqualTo(1);
    }

    /** POST /test/widgets with {@code body}, as the agency, with a new Idempotency-Key. */
    private static ValidatableResponse createWidget(String body) {
        return given().auth().oauth2(TestTokens.agency()).contentType(ContentType.JSON)
                .header(IdempotencyInterceptor.HEADER, UUID.randomUUID().toString()).body(body).post("/test/widgets").then();
    }

    /** A 400 malformed-request problem with one error, on {@code field}, saying {@code message}. */
    private static void assertMalformed(ValidatableResponse answer, String field, String message) {
        answer.statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("urn:lmc:problem:malformed-request"))
                .body("errors.size()", equalTo(1))
                .body("errors[0].field", equalTo(field))
                .body("errors[0].message", equalTo(message));
    }

    @Test
    void aSeatIsBoundToTheFirstVerifiedSubjectAndRefusesEveryoneElse() {
        String seat = "seat-" + UUID.randomUUID() + "@example.org";
        // Unbound: an unverified email is refused, whoever shows it.
        given().auth().oauth2(TestTokens.user("p-1").roles("district").email(seat).emailVerified(false).token())
                .queryParam("email", seat).post("/test/seats").then()
                .statusCode(403).contentType(Problem.MEDIA_TYPE).body("type", equalTo("urn:lmc:problem:email-not-verified"));
        // Unbound, another verified email: not the holder.
        given().auth().oauth2(TestTokens.user("p-2").roles("district").email("other@example.org").token())
                .queryParam("email", seat).post("/test/seats").then()
                .statusCode(403).body("type", equalTo("urn:lmc:problem:forbidden"));
        // Unbound, verified and the seat's (in other case): bound to this subject.
        given().auth().oauth2(TestTokens.user("p-1").roles("district").email(seat.toUpperCase()).token())
                .queryParam("email", seat).post("/test/seats").then().statusCode(200).body("boundSubject", equalTo("p-1"));
        // Bound: the same subject acts, even with another email now; another subject with the seat's verified email does not.
        given().auth().oauth2(TestTokens.user("p-1").roles("district").email("new@example.org").token())
                .queryParam("email", seat).queryParam("bound", "p-1").post("/test/seats").then().statusCode(200)
                .body("boundSubject", equalTo("p-1"));
        given().auth().oauth2(TestTokens.user("p-3").roles("district").email(seat).token())
                .queryParam("email", seat).queryParam("bound", "p-1").post("/test/seats").then()
                .statusCode(403).body("type", equalTo("urn:lmc:problem:identity-bound"));
        given().auth().oauth2(TestTokens.user("p-4").roles("district").email("other@example.org").token())
                .queryParam("email", seat).queryParam("bound", "p-1").post("/test/seats").then()
                .statusCode(403).body("type", equalTo("urn:lmc:problem:forbidden"));
    }

    private long keysStored(String key) {
        return count("SELECT count(*) FROM lmc_idempotency WHERE idem_key = ?", key);
    }

    /**
     * Sends {@code body} in 8 KiB chunks and answers the raw answer (status line, headers, body); {@code complete} sends
     * the closing chunk.
     */
    private static String chunkedPost(String path, String body, boolean complete) throws Exception {
        try (Socket socket = new Socket(URI.create(RestAssured.baseURI).getHost(), RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TestTokens.agency()
                    + "\r\nContent-Type: application/json\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            for (int from = 0; from < bytes.length; from += 8192) {
                int length = Math.min(8192, bytes.length - from);
                out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes, from, length);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            if (complete) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            return readAnswer(socket.getInputStream());
        }
    }

    /** Status line and headers, then the body by its Content-Length or its chunks (the connection may stay open). */
    private static String readAnswer(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the connection closed before the answer's headers ended: " + head);
            }
            head.append((char) b);
        }
        String headers = head.toString().toLowerCase(Locale.ROOT);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int length = headers.indexOf("content-length:");
        if (length >= 0) {
            int end = headers.indexOf("\r\n", length);
            body.write(in.readNBytes(Integer.parseInt(headers.substring(length + "content-length:".length(), end).strip())));
        } else {
            for (int size; (size = Integer.parseInt(line(in), 16)) > 0; line(in)) {
                body.write(in.readNBytes(size));
            }
        }
        return head + body.toString(StandardCharsets.UTF_8);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new EOFException("the connection closed within a chunk");
            }
            line.append((char) b);
        }
        return line.toString().strip();
    }

    private long widgetsNamed(String name) {
        return count("SELECT count(*) FROM widget WHERE name = ?", name);
    }

    private long count(String sql, String parameter) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
