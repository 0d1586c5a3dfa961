package org.lmc.funding.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lmc.testing.LmcTestStack;

/** The audit trail is append-only and hash-chained: the service cannot change it, and the chain check finds who did. */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "funding"))
class AuditTrailTest {
    @Inject
    Rows rows;

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
}
