package org.lmc.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * Every string of a request body is read without the NUL character (U+0000): PostgreSQL cannot store it in text, so
 * it would otherwise surface as a 500 at the first insert. A body holding one is a 400 naming the field
 * ({@link ProblemMapper}), before anything is written.
 */
public final class TextWithoutNul extends StdScalarDeserializer<String> {
    static final String MESSAGE = "must not contain the NUL character (U+0000)";

    TextWithoutNul() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        String text = StringDeserializer.instance.deserialize(parser, context);
        if (text != null && text.indexOf('\u0000') >= 0) {
            throw InvalidFormatException.from(parser, MESSAGE, text, String.class);
        }
        return text;
    }

    /** Installs it on the REST ObjectMapper of every service. */
    @Singleton
    static class Installer implements ObjectMapperCustomizer {
        @Override
        public void customize(ObjectMapper mapper) {
            mapper.registerModule(new SimpleModule("lmc-text-without-nul").addDeserializer(String.class, new TextWithoutNul()));
        }
    }
}
