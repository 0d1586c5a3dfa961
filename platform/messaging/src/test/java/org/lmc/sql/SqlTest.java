package org.lmc.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.lmc.testing.LmcTestStack;

@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "messaging"))
class SqlTest {
    private static final String INSERT = "INSERT INTO test_effect (event_id, thing_id, label) VALUES (?, ?, ?)";

    enum Label { FIRST }

    @Inject
    Sql sql;

    @Test
    void togetherAnswersEachStatementInOrderAndBindsAnEnumByName() {
        String event = UUID.randomUUID().toString();
        Object[] results = QuarkusTransaction.requiringNew().call(() -> sql.together(
                Sql.Statement.update(INSERT, event, UUID.randomUUID().toString(), Label.FIRST),
                Sql.Statement.query("SELECT label FROM test_effect WHERE event_id = ?", rs -> rs.getString(1), event),
                Sql.Statement.query("SELECT label FROM test_effect WHERE event_id = ?", rs -> rs.getString(1), "none")));
        assertThat(results).containsExactly(1, "FIRST", null);
    }

    @Test
    void aStringArrayBindsAsAnSqlArrayAndUuidsReadBackWithNull() {
        UUID id = UUID.randomUUID();
        // As notification's delivery claim binds its busy endpoints: usually none, and an empty array must match nothing.
        Object row = sql.one("SELECT ?::uuid AS id, NULL::uuid AS absent, ? = ANY (?) AS busy, ? = ANY (?) AS idle, cardinality(?) AS none",
                rs -> Arrays.asList(Sql.uuid(rs, "id"), Sql.uuid(rs, "absent"), rs.getBoolean("busy"), rs.getBoolean("idle"),
                        rs.getInt("none")),
                id, "webhook:https://a.example", new String[] {"email:b@example.org", "webhook:https://a.example"}, "email:c@example.org",
                new String[0], new String[0]).orElseThrow();
        assertThat(row).isEqualTo(Arrays.asList(id, null, true, false, 0));
    }

    @Test
    void aRefusedUniqueKeyIsNamedAndNothingOfTheRoundTripIsKept() {
        String taken = UUID.randomUUID().toString();
        String thing = UUID.randomUUID().toString();
        sql.update(INSERT, taken, thing, "taken");
        String fresh = UUID.randomUUID().toString();
        Sql.DatabaseException refused = catchThrowableOfType(Sql.DatabaseException.class, () -> QuarkusTransaction.requiringNew()
                .run(() -> sql.together(Sql.Statement.update(INSERT, fresh, thing, "fresh"), Sql.Statement.update(INSERT, taken, thing, "again"))));
        assertThat(refused.isUniqueViolation("test_effect_pkey")).isTrue();
        assertThat(refused.isUniqueViolation("another_key")).isFalse();
        assertThat(sql.number("SELECT count(*) FROM test_effect WHERE thing_id = ?", thing)).isEqualTo(1);
    }
}
