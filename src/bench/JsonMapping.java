import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.model.StatusDocument;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What Jackson's databind costs against the hand-written codecs, for the status file
 * (src/bench/json-mapping.sh runs it; docs/decisions.md has the figures).
 *
 *   java -cp ghp-agents.jar:DIR JsonMapping codec|databind AGENTS cold|warm
 *
 * cold: one read and one write of a status file of AGENTS agents, timed from the start of main,
 * in a JVM that has done nothing else (what an own-JVM command pays). warm: the median of 2,000
 * read+write rounds after 2,000 unmeasured ones (what a command in the daemon pays).
 * The databind model keeps unknown fields as the codecs do (@JsonAnySetter/@JsonAnyGetter).
 */
public final class JsonMapping {

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"issue", "status", "lastAction", "timestamp", "branch", "worktree", "blockedOn",
            "files", "pendingFiles"})
    public static final class Agent {
        public Integer issue;
        public String status;
        public String lastAction;
        public Instant timestamp;
        public String branch;
        public String worktree;
        public String blockedOn;
        public List<String> files;
        public List<String> pendingFiles;
        private final Map<String, JsonNode> extra = new LinkedHashMap<>();

        public String getTimestamp() {
            return timestamp == null ? null : StatusCodec.formatInstant(timestamp);
        }

        public void setTimestamp(String text) {
            timestamp = text == null ? null : Instant.parse(text);
        }

        @JsonAnySetter
        public void put(String name, JsonNode value) {
            extra.put(name, value);
        }

        @JsonAnyGetter
        public Map<String, JsonNode> extra() {
            return extra;
        }
    }

    @JsonPropertyOrder({"schemaVersion", "agents"})
    public static final class Status {
        public int schemaVersion = 1;
        public TreeMap<String, Agent> agents = new TreeMap<>();
        private final Map<String, JsonNode> extra = new LinkedHashMap<>();

        @JsonAnySetter
        public void put(String name, JsonNode value) {
            extra.put(name, value);
        }

        @JsonAnyGetter
        public Map<String, JsonNode> extra() {
            return extra;
        }
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        String mode = args[0];
        int agents = Integer.parseInt(args[1]);
        byte[] file = document(agents);
        Runnable round = switch (mode) {
            case "codec" -> () -> {
                try {
                    StatusDocument doc = StatusCodec.parse(file);
                    StatusCodec.write(doc);
                } catch (StatusCodec.FormatException e) {
                    throw new IllegalStateException(e);
                }
            };
            case "databind" -> new Runnable() {
                final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

                @Override
                public void run() {
                    try {
                        Status doc = mapper.readValue(file, Status.class);
                        mapper.writeValueAsBytes(doc);
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
            default -> throw new IllegalArgumentException("mode: codec or databind");
        };
        if (args[2].equals("cold")) {
            round.run();
            System.out.printf(java.util.Locale.ROOT, "%.1f%n", (System.nanoTime() - start) / 1e6);
            return;
        }
        for (int i = 0; i < 2000; i++) {
            round.run();
        }
        long[] micros = new long[2000];
        for (int i = 0; i < micros.length; i++) {
            long t = System.nanoTime();
            round.run();
            micros[i] = (System.nanoTime() - t) / 1000;
        }
        Arrays.sort(micros);
        System.out.println(micros[micros.length / 2]);
    }

    /** A status file as heartbeats write it, with a field this version does not know on each agent. */
    private static byte[] document(int agents) {
        StringBuilder json = new StringBuilder("{\n  \"schemaVersion\": 1,\n  \"agents\": {\n");
        for (int i = 0; i < agents; i++) {
            json.append(String.format(java.util.Locale.ROOT,
                    "    \"agent-%d\": {\"issue\": %d, \"status\": \"working\", \"lastAction\": \"Edited src/Main%d.java\","
                            + " \"timestamp\": \"2026-12-03T10:%02d:00Z\", \"branch\": \"agent-%d/issue-%d\","
                            + " \"files\": [\"src/mod%d/**\"], \"future\": {\"x\": %d}}%s\n",
                    i, 100 + i, i, i % 60, i, 100 + i, i, i, i + 1 < agents ? "," : ""));
        }
        return json.append("  },\n  \"later\": true\n}\n").toString().getBytes(StandardCharsets.UTF_8);
    }
}
