package dev.ghp.agents.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * The one place that reads and writes JSON. Output looks like {@code JSON.stringify(x, null, 2)}
 * (GHP's own style): two-space indent, {@code "key": value}, {@code []} and {@code {}} when empty.
 *
 * <p>Only Jackson's tree model is used, read and written through jackson-core's streaming API.
 * Building an {@code ObjectMapper} loads several hundred classes (about 200 ms of a cold start on
 * Java 17), and a tree needs none of its bean machinery; unknown fields are kept as they are.
 */
public final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** Parses text that must be a JSON object; returns null for any other JSON value. */
    public static ObjectNode parseObject(byte[] bytes) throws IOException {
        JsonNode node = parse(bytes);
        return node instanceof ObjectNode o ? o : null;
    }

    public static ObjectNode parseObject(String text) throws IOException {
        return parseObject(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses one JSON value; trailing content is an error. */
    public static JsonNode parse(byte[] bytes) throws IOException {
        try (JsonParser p = FACTORY.createParser(bytes)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new IOException("empty input");
            }
            JsonNode node = read(p, first);
            if (p.nextToken() != null) {
                throw new IOException("unexpected content after the JSON value at " + p.currentLocation());
            }
            return node;
        }
    }

    /** Parses text that may be any JSON value; null when it is not JSON. */
    public static JsonNode parseTree(String text) {
        try {
            return parse(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return null;
        }
    }

    /** A streaming parser, for input too large or too unimportant to build a tree of (a hook's stdin). */
    public static JsonParser parser(InputStream in) throws IOException {
        return FACTORY.createParser(in);
    }

    /**
     * Pretty text with a final newline, for output (stdout, a hook's answer): invisible and format
     * characters are escaped as {@code \\uXXXX} ({@link InvisibleEscapes}), so that no one reading
     * it, human or agent, is shown text that hides something. The values parse back exactly.
     */
    public static String pretty(JsonNode node) {
        return pretty(node, "  ", true);
    }

    /** Pretty text indented with {@code indent} (a user's file keeps its own style), with a final newline. */
    public static String pretty(JsonNode node, String indent) {
        return pretty(node, indent, false);
    }

    private static String pretty(JsonNode node, String indent, boolean escapeInvisible) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.setPrettyPrinter(prettyPrinter(indent));
            if (escapeInvisible) {
                g.setCharacterEscapes(InvisibleEscapes.INSTANCE);
            }
            write(g, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.append('\n').toString();
    }

    /** The stored form: characters as they are (JSON's own escapes only), so the bytes stay those every writer makes. */
    public static byte[] prettyBytes(JsonNode node) {
        return pretty(node, "  ", false).getBytes(StandardCharsets.UTF_8);
    }

    /** One line, no spaces: for logs and machine-to-machine payloads. */
    public static String compact(JsonNode node) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static JsonNode read(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                ObjectNode o = NODES.objectNode();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    o.set(name, read(p, p.nextToken()));
                }
                return o;
            }
            case START_ARRAY: {
                ArrayNode a = NODES.arrayNode();
                for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
                    a.add(read(p, v));
                }
                return a;
            }
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                return switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT:
                // Exactly as written: a double would round 0.1234567890123456789, drop the 0 of 1.10,
                // and turn 1E+400 into the string "Infinity", changing fields a newer tool wrote.
                return DecimalNode.valueOf(p.getDecimalValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new IOException("unexpected " + t + " at " + p.currentLocation());
        }
    }

    private static void write(JsonGenerator g, JsonNode n) throws IOException {
        switch (n.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    g.writeFieldName(e.getKey());
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode item : n) {
                    write(g, item);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(n.textValue());
            case NUMBER -> {
                if (n.isInt()) {
                    g.writeNumber(n.intValue());
                } else if (n.isLong()) {
                    g.writeNumber(n.longValue());
                } else if (n.isBigInteger()) {
                    g.writeNumber(n.bigIntegerValue());
                } else if (n.isBigDecimal()) {
                    g.writeNumber(n.decimalValue());
                } else {
                    g.writeNumber(n.doubleValue());
                }
            }
            case BOOLEAN -> g.writeBoolean(n.booleanValue());
            case NULL, MISSING -> g.writeNull();
            default -> g.writeString(n.asText());
        }
    }

    private static DefaultPrettyPrinter prettyPrinter(String indent) {
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultIndenter indenter = new DefaultIndenter(indent, "\n");
        return new DefaultPrettyPrinter()
                .withSeparators(separators)
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter);
    }
}
