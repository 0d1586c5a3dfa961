package org.lmc.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.TestTokens;

/** {@link Queued}: while one request holds the only turn, the next waits its bounded time and gets 503; then turns resume. */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "web"))
class QueuedTest {

    @Test
    void aRequestThatFindsNoTurnWithinItsWaitIs503BusyAndNeverRuns() throws Exception {
        String admin = TestTokens.user("admin-" + UUID.randomUUID()).roles("admin").token();
        QueuedResource.release = new CountDownLatch(1);
        int enteredBefore = QueuedResource.ENTERED.get();
        CompletableFuture<Integer> held = CompletableFuture.supplyAsync(() -> given().auth().oauth2(admin)
                .queryParam("hold", true).post("/test/queued").statusCode());
        await().atMost(Duration.ofSeconds(10)).until(() -> QueuedResource.INSIDE.get() == 1);

        long start = System.nanoTime();
        Response refused = given().auth().oauth2(admin).post("/test/queued");
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.contentType()).startsWith(Problem.MEDIA_TYPE);
        assertThat(refused.jsonPath().getString("type")).isEqualTo("urn:lmc:problem:busy");
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(waitedMillis).isGreaterThanOrEqualTo(300);
        assertThat(QueuedResource.ENTERED.get() - enteredBefore).as("requests that ran the method").isEqualTo(1);

        QueuedResource.release.countDown();
        assertThat(held.get(30, TimeUnit.SECONDS)).isEqualTo(204);
        given().auth().oauth2(admin).post("/test/queued").then().statusCode(204);
        assertThat(QueuedResource.ENTERED.get() - enteredBefore).isEqualTo(2);
        assertThat(QueuedResource.INSIDE.get()).isZero();
    }
}
