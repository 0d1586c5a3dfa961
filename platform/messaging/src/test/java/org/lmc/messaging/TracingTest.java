package org.lmc.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lmc.testing.EventProbe;
import org.lmc.testing.LmcTestStack;

/**
 * One trace from a request through the outbox, Kafka and the consumer, and on through the event the consumer's
 * handling writes: the trace id never changes and each span's parent is the one before it.
 */
@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "messaging"))
class TracingTest {
    @Inject
    Outbox outbox;
    @Inject
    OpenTelemetry openTelemetry;
    @Inject
    InMemorySpanExporter spans;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aTraceContinuesFromTheWriterThroughKafkaIntoTheConsumerAndTheEventsItWrites() {
        String thing = "traced-" + UUID.randomUUID();
        Span request = openTelemetry.getTracer("test").spanBuilder("POST /api/v1/things").setSpanKind(SpanKind.SERVER).startSpan();
        String traceId = request.getSpanContext().getTraceId();
        try (EventProbe probe = EventProbe.open(bootstrap, OutboxInboxTest.TOPIC)) {
            try (Scope scope = request.makeCurrent()) {
                QuarkusTransaction.requiringNew().run(() -> outbox.publish(new PendingEvent(ThingHappened.TYPE, thing,
                        new ThingHappened(thing, ThingEffects.CHAIN, false))));
            } finally {
                request.end();
            }
            EventProbe.Event first = probe.awaitType(ThingHappened.TYPE, thing);
            assertThat(first.headers()).containsEntry(EventTracing.TRACEPARENT,
                    "00-" + traceId + "-" + request.getSpanContext().getSpanId() + "-01");

            EventProbe.Event next = probe.awaitType(ThingHappened.TYPE, thing + "-next");
            String nextParent = next.headers().get(EventTracing.TRACEPARENT);
            assertThat(nextParent).as("the consumer's own event carries the same trace").startsWith("00-" + traceId + "-");

            await().atMost(Duration.ofSeconds(30)).until(() -> consumerSpans(traceId).size() == 2);
            List<SpanData> handled = consumerSpans(traceId);
            SpanData handledFirst = handled.stream().filter(s -> s.getParentSpanId().equals(request.getSpanContext().getSpanId()))
                    .findFirst().orElseThrow(() -> new AssertionError("no consumer span under the request: " + handled));
            assertThat(handledFirst.getName()).isEqualTo("messaging-test process " + ThingHappened.TYPE);
            assertThat(handledFirst.getAttributes().asMap().toString()).contains("messaging.destination.name=" + OutboxInboxTest.TOPIC);
            assertThat(nextParent).as("the follow-up event was written inside the consumer's span")
                    .isEqualTo("00-" + traceId + "-" + handledFirst.getSpanId() + "-01");
            assertThat(handled).as("the follow-up event's handling continues under the first handling")
                    .anyMatch(s -> s.getParentSpanId().equals(handledFirst.getSpanId()));
        }
    }

    private List<SpanData> consumerSpans(String traceId) {
        return spans.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == io.opentelemetry.api.trace.SpanKind.CONSUMER && s.getTraceId().equals(traceId)).toList();
    }
}
