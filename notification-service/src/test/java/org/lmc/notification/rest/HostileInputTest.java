package org.lmc.notification.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.lmc.notification.NotificationStack;
import org.lmc.notification.WebhookReceiver;
import org.lmc.testing.TestTokens;
import org.lmc.testing.access.DatabaseState;
import org.lmc.testing.fuzz.HostileInput;

/** Hostile bodies on every writing endpoint of notifications that takes one: never a 5xx, always problem+json, no partial write. */
@QuarkusTest
@NotificationStack
class HostileInputTest {
    static final int CASES_PER_ENDPOINT = 60;

    @Inject
    DataSource dataSource;

    @Test
    void hostileBodiesNeverBreakTheServiceNorWriteHalfOfAnything() {
        String orgId = "08" + String.format("%05d", java.util.concurrent.ThreadLocalRandom.current().nextInt(100_000));
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            List<HostileInput.Target> targets = List.of(
                    new HostileInput.Target("PUT", "/api/v1/preferences?orgId=" + orgId,
                            "{\"preferences\": [{\"kind\": \"BOOTH_ASSIGNED\", \"channel\": \"EMAIL\", \"mode\": \"DIGEST\"}]}"),
                    new HostileInput.Target("POST", "/api/v1/webhooks", "{\"url\": \"" + receiver.url()
                            + "\", \"kinds\": [\"TEAM_CONFIRMED\"], \"orgId\": \"" + orgId + "\", \"description\": \"agency sync\"}"));
            HostileInput.Report report = HostileInput.run(targets, TestTokens.admin(),
                    DatabaseState.of(dataSource).countOnly("delivery", "delivery_attempt"), CASES_PER_ENDPOINT);
            System.out.printf("notification hostile input: %d cases on %d endpoints, %d accepted, %d broke the rules (seed %s)%n", report.cases(),
                    targets.size(), report.accepted(), report.failures().size(), report.seed());
            assertThat(report.failures()).isEmpty();
            assertThat(report.cases()).isEqualTo(CASES_PER_ENDPOINT * targets.size());
        }
    }
}
