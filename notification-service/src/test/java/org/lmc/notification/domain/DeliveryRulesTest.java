package org.lmc.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The rules of delivery that need no server: signatures, URL safety, backoff, addressing, kinds. */
class DeliveryRulesTest {

    @Test
    void signaturesMatchTheStandardWebhooksExample() {
        // The example of the Standard Webhooks specification's reference libraries.
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        assertThat(WebhookSignature.sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assertThat(WebhookSignature.header(List.of(secret, WebhookSignature.newSecret()), "m", 1, "{}").split(" ")).hasSize(2);
        assertThat(WebhookSignature.newSecret()).startsWith("whsec_").isNotEqualTo(WebhookSignature.newSecret());
    }

    @Test
    void onlyPublicHttpsEndpointsAreAllowedUnlessLoopbackIsAllowedLocally() {
        WebhookUrlPolicy production = new WebhookUrlPolicy(false);
        assertThat(production.refusal("https://93.184.215.14/hook")).isEmpty();
        assertThat(production.refusal("http://93.184.215.14/hook")).contains("must be an HTTPS URL");
        assertThat(production.refusal("https://127.0.0.1:8443/hook")).contains("resolves to a loopback address (127.0.0.1)");
        assertThat(production.refusal("https://[::1]/hook")).get().asString().startsWith("resolves to a loopback address");
        assertThat(production.refusal("https://192.168.1.20/hook")).get().asString().startsWith("resolves to a private");
        assertThat(production.refusal("https://172.16.0.1/hook")).get().asString().startsWith("resolves to a private");
        assertThat(production.refusal("https://100.64.0.1/hook")).get().asString().startsWith("resolves to a private");
        assertThat(production.refusal("https://[fd00::1]/hook")).get().asString().startsWith("resolves to a private");
        assertThat(production.refusal("https://[fe80::1]/hook")).get().asString().startsWith("resolves to a private");
        assertThat(production.refusal("https://0.0.0.0/hook")).get().asString().startsWith("resolves to a private");
        assertThat(production.refusal("https://user:pw@93.184.215.14/hook")).contains("must not carry credentials");
        assertThat(production.refusal("ftp://93.184.215.14/hook")).contains("must be an HTTPS URL");
        assertThat(production.refusal("/relative")).contains("must be an absolute URL with a host");
        assertThat(production.refusal("https://no-such-host.invalid/hook")).get().asString().contains("does not resolve");

        WebhookUrlPolicy local = new WebhookUrlPolicy(true);
        assertThat(local.refusal("http://127.0.0.1:9999/hook")).isEmpty();
        assertThat(local.refusal("http://10.0.0.1/hook")).get().asString().startsWith("resolves to a private");
    }

    @Test
    void backoffDoublesWithJitterWithinItsBoundsAndCap() {
        Backoff backoff = new Backoff(Duration.ofSeconds(30), Duration.ofMinutes(10));
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.after(1, random)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
            assertThat(backoff.after(3, random)).isBetween(Duration.ofSeconds(60), Duration.ofSeconds(120));
            assertThat(backoff.after(20, random)).isBetween(Duration.ofMinutes(5), Duration.ofMinutes(10));
        }
    }

    @Test
    void theEventsAddressingFieldsChooseWhoIsTold() {
        Person superintendent = new Person(UUID.randomUUID(), "Tom Boasberg", "tb@example.org", "SUPERINTENDENT");
        Person union = new Person(UUID.randomUUID(), "Henry Roman", "hr@example.org", "UNION_LEADER");
        Person board = new Person(UUID.randomUUID(), "Nate Easley", "ne@example.org", "BOARD_PRESIDENT");
        List<Person> team = List.of(superintendent, union, board);
        assertThat(Addressing.recipients(NotificationKind.Audience.EVENT, team, null, null, List.of(), null)).isEqualTo(team);
        assertThat(Addressing.recipients(NotificationKind.Audience.EVENT, team, null, null, List.of("UNION_LEADER"), null))
                .containsExactly(union);
        assertThat(Addressing.recipients(NotificationKind.Audience.EVENT, team, board.memberId(), board, List.of("UNION_LEADER"), null))
                .containsExactly(board);
        assertThat(Addressing.recipients(NotificationKind.Audience.EVENT, team, UUID.randomUUID(), null, List.of(), null)).isEmpty();
        assertThat(Addressing.recipients(NotificationKind.Audience.MILESTONE_OWNER_AND_SUPERINTENDENT, team, null, null, List.of(),
                "BOARD_PRESIDENT")).containsExactly(superintendent, board);
        assertThat(Addressing.recipients(NotificationKind.Audience.TEAM, team, board.memberId(), board, List.of("X"), null)).isEqualTo(team);
    }

    @Test
    void everyKindHasItsTemplateAndTheCriticalOnesAreTheBriefsThree() {
        for (NotificationKind kind : NotificationKind.values()) {
            assertThat(Files.exists(Path.of("src/main/resources/templates/" + kind.template() + ".txt"))).as(kind.name()).isTrue();
        }
        assertThat(List.of(NotificationKind.values()).stream().filter(NotificationKind::critical))
                .containsExactlyInAnyOrder(NotificationKind.PAYMENT_MADE, NotificationKind.MILESTONE_OVERDUE, NotificationKind.TEAM_CANCELLED);
        assertThat(NotificationKind.ofType("org.lmc.funding.payment-made.v1")).contains(NotificationKind.PAYMENT_MADE);
        assertThat(NotificationKind.ofCode("PLAN_DUE")).isEmpty();
    }
}
