package org.lmc.registration.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.TestTokens;
import org.lmc.testing.access.DatabaseState;
import org.lmc.testing.fuzz.HostileInput;

/** Hostile bodies on every writing endpoint of registration that takes one: never a 5xx, always problem+json, no partial write. */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "registration"))
class HostileInputTest {
    static final int CASES_PER_ENDPOINT = 40;

    @Inject
    DataSource dataSource;

    @Test
    void hostileBodiesNeverBreakTheServiceNorWriteHalfOfAnything() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String convening = Fixtures.denverRules(10, Instant.now().minus(1, ChronoUnit.DAYS), Instant.now().plus(30, ChronoUnit.DAYS),
                today.plusDays(60), today.plusDays(61));
        UUID open = Fixtures.openDenver(200);
        UUID cincinnati = Fixtures.createConvening(Fixtures.cincinnati2012(5, Instant.now().minus(1, ChronoUnit.DAYS),
                Instant.now().plus(30, ChronoUnit.DAYS)).replace("2012-05-23", today.plusDays(60).toString())
                .replace("2012-05-24", today.plusDays(61).toString()));
        Fixtures.RegisteredTeam team = Fixtures.registerDistrictTeam(cincinnati, Fixtures.nextColoradoDistrict());
        String leaId = Fixtures.nextColoradoDistrict();
        List<HostileInput.Target> targets = List.of(
                new HostileInput.Target("POST", "/api/v1/convenings", convening),
                new HostileInput.Target("POST", "/api/v1/convenings/" + open + "/teams", """
                        {"organisation": {"kind": "DISTRICT", "ncesLeaId": "%1$s", "name": "District %1$s", "state": "CO"},
                         "members": [
                           {"name": "Superintendent", "email": "superintendent@d%1$s.example.org", "role": "SUPERINTENDENT"},
                           {"name": "Union Leader", "email": "union@d%1$s.example.org", "role": "UNION_LEADER"},
                           {"name": "Board President", "email": "board@d%1$s.example.org", "role": "BOARD_PRESIDENT"}
                         ]}""".formatted(leaId)),
                new HostileInput.Target("POST", "/api/v1/teams/" + team.id() + "/members",
                        "{\"name\": \"Pat Teacher\", \"email\": \"teacher@example.org\", \"role\": \"TEACHER\"}"),
                new HostileInput.Target("POST", "/api/v1/teams/" + team.id() + "/presenter",
                        "{\"session\": \"ProComp: paying for learning gains\"}"),
                new HostileInput.Target("PUT", "/api/v1/teams/" + team.id() + "/members/" + team.member("BOARD_PRESIDENT"),
                        "{\"name\": \"Mary Seawell\", \"email\": \"board2@example.org\", \"role\": \"BOARD_PRESIDENT\"}",
                        java.util.Map.of("If-Match", "\"0\"")));
        HostileInput.Report report = HostileInput.run(targets, TestTokens.admin(), DatabaseState.of(dataSource), CASES_PER_ENDPOINT);
        System.out.printf("registration hostile input: %d cases on %d endpoints, %d accepted, %d broke the rules (seed %s)%n", report.cases(),
                targets.size(), report.accepted(), report.failures().size(), report.seed());
        assertThat(report.failures()).isEmpty();
        assertThat(report.cases()).isEqualTo(CASES_PER_ENDPOINT * targets.size());
    }
}
