package org.lmc.funding.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lmc.funding.domain.AuditRecord;
import org.lmc.funding.repository.AuditTrail;
import org.lmc.testing.LmcTestStack;

/** The audit trail is append-only and hash-chained: the service cannot change it, and the chain check finds who did. */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "funding"))
class AuditTrailTest {
    @Inject
    Rows rows;

    @Inject
    AuditTrail audit;

    @BeforeEach
    void funders() {
        Fixtures.ensureFunders();
    }

    @Test
    void aRowAlteredInTheDatabaseIsFoundByTheChainCheckAndTheServiceCannotAlterOne() {
        UUID grant = Fixtures.travelGrant(UUID.randomUUID(), Fixtures.GATES, 500_000, 100_000, 0, "");
        given().auth().oauth2(Fixtures.auditor()).get("/api/v1/audit/verification").then().statusCode(200)
                .body("intact", equalTo(true)).body("firstBrokenSeq", nullValue());
        long seq = rows.number("SELECT seq FROM audit_record WHERE subject_id = '" + grant + "' AND action = 'GRANT_CREATED'");
        String details = rows.text("SELECT details FROM audit_record WHERE seq = " + seq);

        assertThatThrownBy(() -> rows.execute("UPDATE audit_record SET actor = 'someone-else' WHERE seq = " + seq))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> rows.execute("DELETE FROM audit_record WHERE seq = " + seq)).hasMessageContaining("append-only");
        assertThatThrownBy(() -> rows.execute("UPDATE journal_line SET amount_cents = amount_cents + 1 WHERE grant_id = '" + grant + "'"))
                .hasMessageContaining("append-only");

        // A superuser can switch the triggers off; the chain still tells.
        String forged = details.replace("500000", "5000000");
        try {
            rows.execute("SET LOCAL session_replication_role = replica",
                    "UPDATE audit_record SET details = '" + forged + "' WHERE seq = " + seq);
            given().auth().oauth2(Fixtures.admin()).get("/api/v1/audit/verification").then().statusCode(200)
                    .body("intact", equalTo(false)).body("firstBrokenSeq", equalTo((int) seq))
                    .body("reason", equalTo("content_hash does not match the row's content (the row was altered)"));
        } finally {
            rows.execute("SET LOCAL session_replication_role = replica",
                    "UPDATE audit_record SET details = '" + details + "' WHERE seq = " + seq);
        }
        given().auth().oauth2(Fixtures.auditor()).get("/api/v1/audit/verification").then().statusCode(200).body("intact", equalTo(true));
        assertThat(rows.number("SELECT count(*) FROM audit_record")).isGreaterThanOrEqualTo(seq);
    }

    @Test
    void aRowHashedByPostgreSqlHasTheHashesJavaComputesForItsContentQuotesAndNonAsciiTextIncluded() {
        String name = "Fundación \\\"Niños\\\" \\\\ 基金 🎓 ' " + UUID.randomUUID();
        String id = "hashed-" + UUID.randomUUID();
        given().auth().oauth2(Fixtures.admin()).contentType(ContentType.JSON).body("{\"id\": \"" + id + "\", \"name\": \"" + name + "\"}")
                .post("/api/v1/funders").then().statusCode(201);
        String row = "FROM audit_record WHERE subject_id = '" + id + "' AND action = 'FUNDER_CREATED'";
        long seq = rows.number("SELECT seq " + row);
        AuditRecord expected = AuditRecord.next(seq, rows.text("SELECT row_hash FROM audit_record WHERE seq = " + (seq - 1)),
                Instant.parse(rows.text("SELECT to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') " + row)),
                rows.text("SELECT actor " + row), "FUNDER_CREATED", "funder", id, rows.text("SELECT details " + row));

        assertThat(expected.details()).contains("基金 🎓");
        assertThat(rows.text("SELECT previous_hash " + row)).isEqualTo(expected.previousHash());
        assertThat(rows.text("SELECT content_hash " + row)).isEqualTo(expected.contentHash());
        assertThat(rows.text("SELECT row_hash " + row)).isEqualTo(expected.rowHash());
        given().auth().oauth2(Fixtures.auditor()).get("/api/v1/audit/verification").then().statusCode(200).body("intact", equalTo(true));
    }

    @Test
    void appendsFromManyTransactionsAtOnceLeaveOneUnbrokenChainWithoutGaps() throws Exception {
        long before = rows.number("SELECT last_seq FROM audit_head");
        String subject = "concurrent-" + UUID.randomUUID();
        int threads = 8;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        int n = i;
                        QuarkusTransaction.requiringNew().run(() -> audit.append("tester", "TESTED", "test", subject,
                                Map.of("thread", thread, "n", n)));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(rows.number("SELECT count(*) FROM audit_record WHERE subject_id = '" + subject + "'")).isEqualTo(threads * each);
        assertThat(rows.number("SELECT count(DISTINCT previous_hash) FROM audit_record WHERE seq > " + before)).isEqualTo(
                rows.number("SELECT count(*) FROM audit_record WHERE seq > " + before));
        assertThat(rows.number("SELECT max(seq) - min(seq) + 1 - count(*) FROM audit_record WHERE seq > " + before)).isZero();
        given().auth().oauth2(Fixtures.auditor()).get("/api/v1/audit/verification").then().statusCode(200).body("intact", equalTo(true));
    }

    @Test
    void anUnbalancedJournalEntryIsRefusedByTheDatabaseAtCommit() {
        UUID grant = Fixtures.travelGrant(UUID.randomUUID(), Fixtures.GATES, 500_000, 100_000, 0, "");
        UUID entry = UUID.randomUUID();
        assertThatThrownBy(() -> rows.execute(
                "INSERT INTO journal_entry (id, grant_id, kind, recorded_at, recorded_by, memo) VALUES ('" + entry + "', '" + grant
                        + "', 'FORGED', now(), 'x', 'x')",
                "INSERT INTO journal_line (entry_id, grant_id, account, amount_cents, currency) VALUES ('" + entry + "', '" + grant
                        + "', 'AVAILABLE', -1000, 'USD')",
                "INSERT INTO journal_line (entry_id, grant_id, account, amount_cents, currency) VALUES ('" + entry + "', '" + grant
                        + "', 'PAID', 999, 'USD')")).hasMessageContaining("does not balance");
        // Nor can an entry overdraw an account, balanced or not.
        UUID overdraft = UUID.randomUUID();
        assertThatThrownBy(() -> rows.execute(
                "INSERT INTO journal_entry (id, grant_id, kind, recorded_at, recorded_by, memo) VALUES ('" + overdraft + "', '" + grant
                        + "', 'FORGED', now(), 'x', 'x')",
                "INSERT INTO journal_line (entry_id, grant_id, account, amount_cents, currency) VALUES ('" + overdraft + "', '" + grant
                        + "', 'AVAILABLE', -500001, 'USD')",
                "INSERT INTO journal_line (entry_id, grant_id, account, amount_cents, currency) VALUES ('" + overdraft + "', '" + grant
                        + "', 'PAID', 500001, 'USD')")).hasMessageContaining("ledger_account");
        assertThat(rows.number("SELECT count(*) FROM journal_entry WHERE kind = 'FORGED'")).isZero();
        given().auth().oauth2(Fixtures.auditor()).get("/api/v1/grants/{g}/reconciliation", grant).then().statusCode(200)
                .body("balanced", equalTo(true));
    }

    @Test
    void anAuditorAsksWhoDidWhatToAGrantAndPagesThroughTheAnswerInChainOrder() {
        UUID grant = Fixtures.travelGrant(UUID.randomUUID(), Fixtures.GATES, 500_000, 100_000, 0, "");
        String etag = given().auth().oauth2(Fixtures.admin()).get("/api/v1/grants/{g}", grant).then().statusCode(200).extract().header("ETag");
        given().auth().oauth2(Fixtures.adminB()).contentType(ContentType.JSON).header("If-Match", etag)
                .body(Fixtures.travelTerms(600_000, 100_000, 0, "")).put("/api/v1/grants/{g}", grant).then().statusCode(200);

        var all = given().auth().oauth2(Fixtures.auditor()).queryParam("subjectType", "grant").queryParam("subjectId", grant.toString())
                .get("/api/v1/audit/records").then().statusCode(200).extract().jsonPath();
        assertThat(all.getList("items.action", String.class)).containsExactly("GRANT_CREATED", "GRANT_REVISED");
        assertThat(all.getList("items.actor", String.class)).containsExactly("admin", "admin-b");
        assertThat(all.getList("items.details.budgetCents", Integer.class)).containsExactly(500_000, 600_000);
        assertThat(all.getString("next")).isNull();
        long created = all.getLong("items[0].seq");
        assertThat(all.getLong("items[1].seq")).isGreaterThan(created);
        assertThat(all.getString("items[1].rowHash")).isEqualTo(rows.text("SELECT row_hash FROM audit_record WHERE seq = "
                + all.getLong("items[1].seq")));

        var first = given().auth().oauth2(Fixtures.admin()).queryParam("subjectType", "grant").queryParam("subjectId", grant.toString())
                .queryParam("limit", 1).get("/api/v1/audit/records").then().statusCode(200).extract().jsonPath();
        assertThat(first.getList("items.seq", Long.class)).containsExactly(created);
        assertThat(first.getString("next")).isEqualTo(Long.toString(created));
        given().auth().oauth2(Fixtures.auditor()).queryParam("subjectType", "grant").queryParam("subjectId", grant.toString())
                .queryParam("limit", 1).queryParam("after", first.getString("next")).get("/api/v1/audit/records").then().statusCode(200)
                .body("items.action", contains("GRANT_REVISED"));

        // By actor and action, within a time window that holds both writes.
        given().auth().oauth2(Fixtures.auditor()).queryParam("actor", "admin-b").queryParam("action", "GRANT_REVISED")
                .queryParam("from", java.time.Instant.now().minusSeconds(600).toString()).queryParam("until",
                        java.time.Instant.now().plusSeconds(60).toString()).queryParam("after", created - 1)
                .get("/api/v1/audit/records").then().statusCode(200).body("items.subjectId", hasItem(grant.toString()))
                .body("items.actor", everyItem(equalTo("admin-b"))).body("items.action", everyItem(equalTo("GRANT_REVISED")));
        given().auth().oauth2(Fixtures.auditor()).queryParam("subjectType", "grant").queryParam("subjectId", grant.toString())
                .queryParam("until", java.time.Instant.now().minusSeconds(3600).toString()).get("/api/v1/audit/records").then()
                .statusCode(200).body("items", empty());
    }

    @Test
    void theAuditQueryRefusesBadParametersByNameAndEveryoneButAdminsAndAuditors() {
        for (String[] bad : new String[][] {{"from", "yesterday"}, {"until", "2011-02-30T00:00:00Z"}, {"limit", "0"}, {"limit", "1001"},
                {"after", "-1"}, {"action", "'; DROP TABLE audit_record; --"}, {"subjectId", "x"}}) {
            given().auth().oauth2(Fixtures.auditor()).queryParam(bad[0], bad[1]).get("/api/v1/audit/records").then().statusCode(400)
                    .contentType("application/problem+json").body("errors.field", hasItem(bad[0].equals("subjectId") ? "subjectType" : bad[0]));
        }
        given().auth().oauth2(Fixtures.funder(Fixtures.FORD)).get("/api/v1/audit/records").then().statusCode(403);
        given().get("/api/v1/audit/records").then().statusCode(401);
    }
}
