package org.lmc.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.TestTokens;

@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "web"))
class DeadLetterResourceTest {
    private static final String PATH = "/api/v1/admin/dead-letters";

    @Inject
    DataSource dataSource;

    @Test
    void adminsListDeadLettersWithTheirReasonAndReplayOneOnce() {
        String eventId = deadLetter();
        given().auth().oauth2(TestTokens.admin()).get(PATH).then().statusCode(200)
                .body("consumer", equalTo("web-test"))
                .body("deadLetters.eventId", hasItem(eventId))
                .body("deadLetters.find { it.eventId == '" + eventId + "' }.reason", equalTo("data violates the schema"))
                .body("deadLetters.find { it.eventId == '" + eventId + "' }.reasonKind", equalTo("schema"))
                .body("deadLetters.find { it.eventId == '" + eventId + "' }.topic", equalTo("lmc.registration.events"));

        // This consumer handles no type: the replay records the event as ignored, once.
        redrive("{\"eventId\": \"" + eventId + "\"}").statusCode(200).body("consumer", equalTo("web-test"))
                .body("results[0].eventId", equalTo(eventId)).body("results[0].outcome", equalTo("IGNORED"));
        redrive("{\"eventId\": \"" + eventId + "\"}").statusCode(200).body("results[0].outcome", equalTo("ALREADY_REDRIVEN"));
        assertThat(inboxOutcome(eventId)).isEqualTo("IGNORED");
        given().auth().oauth2(TestTokens.admin()).get(PATH).then().statusCode(200).body("deadLetters.eventId", not(hasItem(eventId)));
        given().auth().oauth2(TestTokens.admin()).queryParam("includeRedriven", true).get(PATH).then().statusCode(200)
                .body("deadLetters.find { it.eventId == '" + eventId + "' }.redrivenAt", not(equalTo(null)));
    }

    @Test
    void allReplaysEveryOpenDeadLetter() {
        String first = deadLetter();
        String second = deadLetter();
        redrive("{\"all\": true}").statusCode(200).body("results.eventId", hasItem(first)).body("results.eventId", hasItem(second));
        assertThat(inboxOutcome(first)).isEqualTo("IGNORED");
        assertThat(inboxOutcome(second)).isEqualTo("IGNORED");
    }

    @Test
    void onlyAdminsMayListOrReplay() {
        given().get(PATH).then().statusCode(401);
        given().auth().oauth2(TestTokens.agency()).get(PATH).then().statusCode(403).contentType(Problem.MEDIA_TYPE);
        given().auth().oauth2(TestTokens.agency()).contentType(ContentType.JSON).body("{\"all\": true}").post(PATH + "/redrive")
                .then().statusCode(403);
    }

    @Test
    void aWrongRequestIsRefusedWithTheFieldAndReplaysNothing() {
        String eventId = deadLetter();
        redrive("{\"eventId\": \"" + eventId + "\", \"all\": true}").statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("errors[0].field", equalTo("all"));
        redrive("{}").statusCode(400).body("errors[0].field", equalTo("eventId"));
        redrive("{\"eventId\": \"" + UUID.randomUUID() + "\"}").statusCode(404).contentType(Problem.MEDIA_TYPE);
        redrive("{\"eventId\": \"" + eventId + "\", \"consumer\": \"someone-else\"}").statusCode(404);
        given().auth().oauth2(TestTokens.admin()).queryParam("limit", 0).get(PATH).then().statusCode(400)
                .body("errors[0].field", equalTo("limit"));
        assertThat(inboxOutcome(eventId)).isEqualTo("DEAD_LETTERED");
    }

    private io.restassured.response.ValidatableResponse redrive(String body) {
        return given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(body).post(PATH + "/redrive").then();
    }

    /** A dead letter as the consumer records it: the row with the record, and the inbox row that keeps it from being retried. */
    private String deadLetter() {
        String eventId = UUID.randomUUID().toString();
        String type = "org.lmc.registration.team-registered.v1";
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO lmc_dead_letter (consumer, event_id, event_type, topic,"
                    + " kafka_partition, kafka_offset, record_key, headers, payload, reason, reason_kind, attempts)"
                    + " VALUES ('web-test', ?, ?, 'lmc.registration.events', 0, 7, 'team-1', ?::jsonb, ?, 'data violates the schema',"
                    + " 'schema', 1)")) {
                s.setString(1, eventId);
                s.setString(2, type);
                s.setString(3, "{\"ce_id\": \"" + eventId + "\", \"ce_type\": \"" + type + "\", \"ce_source\": \"/lmc/registration-service\"}");
                s.setBytes(4, "{}".getBytes(StandardCharsets.UTF_8));
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO lmc_inbox (consumer, event_id, event_type, topic, kafka_partition,"
                    + " kafka_offset, outcome, reason) VALUES ('web-test', ?, ?, 'lmc.registration.events', 0, 7, 'DEAD_LETTERED', 'schema')")) {
                s.setString(1, eventId);
                s.setString(2, type);
                s.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return eventId;
    }

    private String inboxOutcome(String eventId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT outcome FROM lmc_inbox WHERE consumer = 'web-test' AND event_id = ?")) {
            s.setString(1, eventId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
