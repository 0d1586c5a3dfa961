package org.lmc.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.TestTokens;

/**
 * One agency floods the write path while the other callers carry on: the agency gets its burst, then 429 problem+json
 * with Retry-After and nothing written; its reads still answer; the admin's writes and reads are untouched.
 */
@QuarkusTest
@TestProfile(WriteRateLimitTest.Limited.class)
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "web"))
class WriteRateLimitTest {
    static final int BURST = 5;

    /** A bucket of five writes that refills once in 100 s, so the counts below are exact on any machine. */
    public static class Limited implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lmc.web.rate-limit.enabled", "true", "lmc.web.rate-limit.burst", Integer.toString(BURST),
                    "lmc.web.rate-limit.writes-per-second", "0.01");
        }
    }

    @Inject
    DataSource dataSource;

    @Test
    void aFloodingAgencyIsRefusedWhileAnotherCallerStillGetsItsAnswers() throws Exception {
        String flood = "flood-" + UUID.randomUUID();
        String calm = "calm-" + UUID.randomUUID();
        String agency = TestTokens.user("agency-" + UUID.randomUUID()).roles("agency").token();
        String admin = TestTokens.user("admin-" + UUID.randomUUID()).roles("admin").token();
        ExecutorService flooders = Executors.newFixedThreadPool(4);
        List<Future<Response>> floodAnswers = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                int n = i;
                floodAnswers.add(flooders.submit(() -> given().auth().oauth2(agency).contentType(ContentType.JSON)
                        .body("{\"name\": \"" + flood + "-" + n + "\"}").post("/test/widgets")));
            }
            // Meanwhile another caller writes and reads as usual.
            for (int i = 0; i < 3; i++) {
                given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"name\": \"" + calm + "-" + i + "\"}")
                        .post("/test/widgets").then().statusCode(201);
            }
            given().auth().oauth2(admin).queryParam("prefix", calm).get("/test/widgets").then().statusCode(200);
            List<Integer> statuses = new ArrayList<>();
            for (Future<Response> answer : floodAnswers) {
                Response response = answer.get(60, TimeUnit.SECONDS);
                statuses.add(response.statusCode());
                if (response.statusCode() == 429) {
                    assertThat(response.contentType()).startsWith(Problem.MEDIA_TYPE);
                    assertThat(response.jsonPath().getString("type")).isEqualTo("urn:lmc:problem:rate-limited");
                    assertThat(response.jsonPath().getInt("status")).isEqualTo(429);
                    assertThat(Long.parseLong(response.header("Retry-After"))).isBetween(1L, 100L);
                }
            }
            assertThat(statuses).containsOnly(201, 429);
            assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(BURST);
        } finally {
            flooders.shutdownNow();
        }
        assertThat(count(flood)).as("the refused writes wrote nothing").isEqualTo(BURST);
        assertThat(count(calm)).isEqualTo(3);
        // The flooding agency still reads: the limit is on writes only.
        given().auth().oauth2(agency).queryParam("prefix", flood).get("/test/widgets").then().statusCode(200);
        given().auth().oauth2(agency).contentType(ContentType.JSON).body("{\"name\": \"" + flood + "-late\"}").post("/test/widgets")
                .then().statusCode(429).header("Retry-After", org.hamcrest.Matchers.notNullValue());
        // A call with no token is refused by the role check as before, not counted against anyone.
        given().contentType(ContentType.JSON).body("{\"name\": \"anonymous\"}").post("/test/widgets").then().statusCode(401);
    }

    private long count(String prefix) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM widget WHERE name LIKE ?")) {
            s.setString(1, prefix + "-%");
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
