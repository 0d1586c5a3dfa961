package org.lmc.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Validates event data against the JSON Schema of its type (draft 2020-12). */
public final class EventSchemas {
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    /** Formats (uuid, email, date-time) are asserted, not merely annotated. */
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();

    private EventSchemas() {
    }

    /** Path of the schema resource of an event type. */
    public static String resourceOf(String type) {
        return "org/lmc/contracts/schemas/" + type + ".json";
    }

    public static boolean exists(String type) {
        return EventSchemas.class.getClassLoader().getResource(resourceOf(type)) != null;
    }

    /** The violations of {@code data} against the schema of {@code type}; empty when valid. */
    public static List<String> violations(String type, byte[] data) {
        JsonNode node;
        try {
            node = EventJson.MAPPER.readTree(data);
        } catch (IOException e) {
            return List.of("data is not JSON: " + e.getMessage());
        }
        return violations(type, node);
    }

    /** The violations of {@code data}, already a JSON tree, against the schema of {@code type}; empty when valid. */
    public static List<String> violations(String type, JsonNode data) {
        return schema(type).validate(data).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    /** Throws with every violation listed when {@code data}, a JSON tree, does not validate. */
    public static void assertValid(String type, JsonNode data) {
        List<String> violations = violations(type, data);
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException("event " + type + " violates its schema: " + violations);
        }
    }

    /** Throws with every violation listed when {@code data} does not validate. */
    public static void assertValid(String type, byte[] data) {
        List<String> violations = violations(type, data);
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException("event " + type + " violates its schema: " + violations);
        }
    }

    private static JsonSchema schema(String type) {
        return CACHE.computeIfAbsent(type, t -> {
            try (InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(resourceOf(t))) {
                if (in == null) {
                    throw new IllegalArgumentException("no schema for event type " + t + " (expected " + resourceOf(t) + ")");
                }
                return FACTORY.getSchema(in, CONFIG);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
