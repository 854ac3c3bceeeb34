package dev.ghp.agents.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The hand-written codecs keep their field lists by hand (docs/decisions.md, "No ObjectMapper"
 * says why they are not databind): a field added to a record and forgotten in its codec would be
 * dropped on the next rewrite, or kept twice as an unknown field. These tests read the records'
 * components, so a new component fails here until its codec knows it.
 */
class CodecFieldsTest {

    @Test
    void theStatusCodecKnowsEveryFieldOfAnAgentRecord() {
        assertThat(StatusCodec.KNOWN_AGENT).isEqualTo(fieldsOf(AgentRecord.class));
        assertThat(StatusCodec.KNOWN_TOP).isEqualTo(fieldsOf(StatusDocument.class));
    }

    @Test
    void theEscalationCodecKnowsEveryFieldOfAnEscalation() {
        Set<String> known = new HashSet<>(EscalationCodec.KNOWN);
        known.remove("schemaVersion");
        assertThat(known).isEqualTo(fieldsOf(Escalation.class));
    }

    @Test
    void theMessageCodecKnowsEveryFieldOfAMessage() {
        Set<String> known = new HashSet<>(MessageCodec.KNOWN);
        known.remove("schemaVersion");
        assertThat(known).isEqualTo(fieldsOf(Message.class));
    }

    @Test
    void aMessageWithEveryFieldSetComesBackWhole() throws Exception {
        Message message = filled(Message.class);

        assertThat(MessageCodec.parse(MessageCodec.write(message))).isEqualTo(message);
    }

    @Test
    void everyKindOfMessageIsWrittenAndReadBackAsItsOwnWireName() throws Exception {
        Set<String> wires = new HashSet<>();
        for (Message.Kind kind : Message.Kind.values()) {
            Message m = Message.unread("msg-0123abcd", kind, "ghp", "worker-1", "worker-1", "what happened", null,
                    Instant.parse("2026-12-03T10:30:00Z"));
            Message read = MessageCodec.parse(MessageCodec.write(m));
            assertThat(read.kind()).isEqualTo(kind.wire());
            assertThat(Message.Kind.fromWire(read.kind())).contains(kind);
            wires.add(kind.wire());
        }
        assertThat(wires).contains("blocker", "claim", "overlap", "handoff").hasSize(Message.Kind.values().length);
    }

    @Test
    void anAgentRecordWithEveryFieldSetComesBackWhole() throws Exception {
        AgentRecord agent = filled(AgentRecord.class);
        StatusDocument doc = new StatusDocument(StatusDocument.SCHEMA_VERSION,
                new TreeMap<>(Map.of("worker-1", agent)), Map.of());

        StatusDocument read = StatusCodec.parse(StatusCodec.write(doc));

        assertThat(read.agents().get("worker-1")).isEqualTo(agent);
    }

    @Test
    void aTableAsWrittenIsTheTableItsBytesAreReadAs() throws Exception {
        AgentRecord precise = filled(AgentRecord.class).toBuilder()
                .timestamp(Instant.parse("2026-12-03T10:30:00.123456789Z")).build();
        AgentRecord bare = AgentRecord.builder().status("starting").lastAction("").build();
        StatusDocument doc = new StatusDocument(StatusDocument.SCHEMA_VERSION,
                new TreeMap<>(Map.of("worker-1", precise, "worker-2", bare)),
                Map.of("later", JsonNodeFactory.instance.booleanNode(true)));

        StatusDocument read = StatusCodec.parse(StatusCodec.write(doc));

        assertThat(StatusCodec.asWritten(doc)).isEqualTo(read);
        assertThat(read.agents().get("worker-1")).isNotEqualTo(precise);
    }

    @Test
    void anEscalationWithEveryFieldSetComesBackWhole() throws Exception {
        Escalation escalation = filled(Escalation.class);

        assertThat(EscalationCodec.parse(EscalationCodec.write(escalation))).isEqualTo(escalation);
    }

    /** A record's JSON field names: its components, less {@code extra} (the unknown fields kept). */
    private static Set<String> fieldsOf(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName)
                .filter(name -> !name.equals("extra")).collect(Collectors.toSet());
    }

    /** A record with every component set to a value its codec writes (nested records too). */
    private static <T> T filled(Class<T> type) throws ReflectiveOperationException {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = valueFor(type, components[i].getName(), components[i].getGenericType());
        }
        Constructor<T> canonical = type.getDeclaredConstructor(types);
        return canonical.newInstance(values);
    }

    private static Object valueFor(Class<?> owner, String name, Type type) throws ReflectiveOperationException {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw == String.class) {
            // The one text a codec checks is the id; every other text is kept as written.
            return !name.equals("id") ? name + "-value" : owner == Message.class ? "msg-7f3a9c01" : "esc-7f3a9c01";
        } else if (raw == Integer.class || raw == int.class) {
            return 147;
        } else if (raw == Instant.class) {
            return Instant.parse("2026-12-03T10:30:00Z");
        } else if (raw == List.class) {
            return List.of(name + "/**", "README.md");
        } else if (raw == Map.class && name.equals("extra")) {
            return Map.of("fromANewerVersion", JsonNodeFactory.instance.textNode("kept"));
        } else if (raw.isRecord()) {
            return filled(raw);
        }
        throw new AssertionError("no test value for " + name + " of " + type + ": add one here");
    }
}
