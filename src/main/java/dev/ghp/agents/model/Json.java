package dev.ghp.agents.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The one place that reads and writes JSON. Output looks like {@code JSON.stringify(x, null, 2)}
 * (GHP's own style): two-space indent, {@code "key": value}, {@code []} and {@code {}} when empty.
 * Only Jackson's tree model is used: it keeps unknown fields without any bean introspection.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter PRETTY = MAPPER.writer(prettyPrinter());

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Parses text that must be a JSON object; returns null for anything else. */
    public static ObjectNode parseObject(byte[] bytes) throws IOException {
        JsonNode node = MAPPER.readTree(bytes);
        return node instanceof ObjectNode o ? o : null;
    }

    public static ObjectNode parseObject(String text) throws IOException {
        return parseObject(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Pretty text with a final newline. */
    public static String pretty(JsonNode node) {
        try {
            return PRETTY.writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] prettyBytes(JsonNode node) {
        return pretty(node).getBytes(StandardCharsets.UTF_8);
    }

    private static DefaultPrettyPrinter prettyPrinter() {
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        return new DefaultPrettyPrinter()
                .withSeparators(separators)
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter);
    }
}
