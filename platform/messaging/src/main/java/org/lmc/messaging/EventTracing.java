package org.lmc.messaging;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Carries a trace across Kafka: the outbox stores the W3C {@code traceparent} of the transaction that wrote an event,
 * the relay sends it as a Kafka header, and the consumer handles the event in a span whose parent it is, so the
 * outbox rows the handler writes carry the same trace on to the next service. A request to registration-service and
 * what plan, funding and notification do about it are then one trace.
 *
 * <p>Export is off unless configured: the sampler keeps a ratio of new traces ({@code quarkus.otel.traces.sampler.arg},
 * default 0 in the platform's configuration), so without a collector spans are not recorded, while trace ids still
 * travel (an agency can quote one). Set the ratio and {@code quarkus.otel.exporter.otlp.traces.endpoint} to collect.
 */
@ApplicationScoped
public class EventTracing {
    /** The W3C trace-context header, as HTTP and Kafka instrumentations name it. */
    public static final String TRACEPARENT = "traceparent";

    private static final TextMapGetter<Headers> KAFKA_HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            List<String> keys = new java.util.ArrayList<>();
            headers.forEach(h -> keys.add(h.key()));
            return keys;
        }

        @Override
        public String get(Headers headers, String key) {
            Header header = headers == null ? null : headers.lastHeader(key);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private final TextMapPropagator propagator;
    private final Tracer tracer;

    EventTracing(OpenTelemetry openTelemetry) {
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.tracer = openTelemetry.getTracer("org.lmc.messaging");
    }

    /** The {@code traceparent} of the current span, or null outside any trace. */
    public String currentTraceParent() {
        Map<String, String> carrier = new HashMap<>(2);
        propagator.inject(Context.current(), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /** A consumer span for handling {@code record}, child of the producer's trace when the record carries one; current until closed. */
    public Handling handling(String consumer, String type, ConsumerRecord<String, byte[]> record) {
        Context parent = propagator.extract(Context.root(), record.headers(), KAFKA_HEADERS);
        Span span = tracer.spanBuilder(consumer + " process " + (type == null ? "event" : type))
                .setParent(parent)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "process")
                .setAttribute("messaging.destination.name", record.topic())
                .setAttribute("messaging.consumer.group.name", consumer)
                .setAttribute("messaging.kafka.offset", record.offset())
                .setAttribute("messaging.destination.partition.id", String.valueOf(record.partition()))
                .startSpan();
        return new Handling(span, span.makeCurrent());
    }

    /** A span being handled; {@link #failed} marks it, {@link #close} ends it. */
    public static final class Handling implements AutoCloseable {
        private final Span span;
        private final Scope scope;

        Handling(Span span, Scope scope) {
            this.span = span;
            this.scope = scope;
        }

        public void failed(Throwable e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }

        @Override
        public void close() {
            scope.close();
            span.end();
        }
    }
}
