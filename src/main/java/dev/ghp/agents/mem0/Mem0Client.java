package dev.ghp.agents.mem0;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.text.Printable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Adds and searches memories through mem0's platform REST API. Adds a memory: {@code POST /v1/memories/} with
 * {@code Authorization: Token <key>} and a JSON body of {@code messages} (role and content),
 * {@code agent_id}, optional {@code user_id}, {@code metadata} and {@code infer}. The request shape
 * follows mem0's API reference ("Add Memories") and its Python client, {@code MemoryClient.add}.
 */
public final class Mem0Client {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Until the answer's headers (java.net.http's request timeout). */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    /** Until the answer's last byte: the request timeout stops counting once the headers are in. */
    static final Duration OVERALL_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final Mem0Settings settings;
    private final Duration requestTimeout;
    private final Duration overallTimeout;

    public Mem0Client(Mem0Settings settings) {
        this(HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build(),
                settings);
    }

    Mem0Client(HttpClient http, Mem0Settings settings) {
        this(http, settings, REQUEST_TIMEOUT, OVERALL_TIMEOUT);
    }

    /** With other time bounds: for tests, which cannot wait the real ones out. */
    Mem0Client(HttpClient http, Mem0Settings settings, Duration requestTimeout, Duration overallTimeout) {
        this.http = http;
        this.settings = settings;
        this.requestTimeout = requestTimeout;
        this.overallTimeout = overallTimeout;
    }

    /** Why a memory was not stored; the message never contains the key. */
    public static final class Mem0Exception extends Exception {
        private static final long serialVersionUID = 1L;

        Mem0Exception(String message) {
            super(message);
        }
    }

    /**
     * @param id what mem0 returned to identify the memory (a memory id, or an event id while it
     *           processes asynchronously), or null when the answer named none
     */
    public record Stored(int httpStatus, String id) {
    }

    /**
     * Stores {@code text} as one memory of {@code agentId}, tagged with {@code metadata}.
     *
     * @throws Mem0Exception when mem0 cannot be reached or does not accept it
     */
    public Stored add(String text, String agentId, Map<String, ?> metadata) throws Mem0Exception {
        ObjectNode body = Json.object();
        ObjectNode message = body.putArray("messages").addObject();
        message.put("role", "user");
        message.put("content", text);
        body.put("agent_id", agentId);
        if (settings.userId() != null) {
            body.put("user_id", settings.userId());
        }
        ObjectNode meta = body.putObject("metadata");
        metadata.forEach((k, v) -> {
            if (v instanceof Number n) {
                meta.put(k, n.longValue());
            } else if (v != null) {
                meta.put(k, v.toString());
            }
        });
        body.put("infer", settings.infer());

        HttpResponse<String> response = post(endpoint("v1/memories/"), body, requestTimeout, overallTimeout);
        return new Stored(response.statusCode(), id(response.body()));
    }

    /** One memory a search found: its text, and its metadata (empty when it has none). */
    public record Found(String memory, Double score, JsonNode metadata) {
    }

    /** A search answers within this, or the briefing goes on without memories. */
    static final Duration SEARCH_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Searches the memories of {@code agentId} (and of the configured user) for {@code query}:
     * {@code POST /v1/memories/search/} with {@code query}, {@code agent_id}, {@code user_id} and
     * {@code top_k}, as mem0's Python client {@code MemoryClient.search} sends it. mem0 answers a
     * list of memories, or {@code {"results": [...]}}; each has {@code memory}, {@code score} and
     * {@code metadata}. Bounded by {@link #SEARCH_TIMEOUT}, whatever the add's bounds.
     *
     * @throws Mem0Exception when mem0 cannot be reached, does not answer in time, or refuses
     */
    public List<Found> search(String query, String agentId, int topK) throws Mem0Exception {
        ObjectNode body = Json.object();
        body.put("query", query);
        if (agentId != null) {
            body.put("agent_id", agentId);
        }
        if (settings.userId() != null) {
            body.put("user_id", settings.userId());
        }
        body.put("top_k", topK);
        Duration limit = requestTimeout.compareTo(SEARCH_TIMEOUT) < 0 ? requestTimeout : SEARCH_TIMEOUT;
        HttpResponse<String> response = post(endpoint("v1/memories/search/"), body, limit, limit);
        return found(response.body());
    }

    /** The memories of a search's answer, in its order; an answer of another shape finds none. */
    static List<Found> found(String body) {
        List<Found> out = new ArrayList<>();
        try {
            JsonNode root = Json.parse(body.getBytes(StandardCharsets.UTF_8));
            JsonNode list = root.isArray() ? root : root.path("results");
            for (JsonNode m : list) {
                if (m.path("memory").isTextual()) {
                    out.add(new Found(m.path("memory").asText(), m.path("score").isNumber() ? m.path("score").asDouble() : null,
                            m.path("metadata").isObject() ? m.path("metadata") : Json.object()));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not a search answer: nothing found
        }
        return out;
    }

    private HttpResponse<String> post(URI uri, ObjectNode body, Duration headersWithin, Duration answerWithin)
            throws Mem0Exception {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(headersWithin)
                .header("Authorization", "Token " + settings.apiKey())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("User-Agent", "ghp-agents")
                .POST(HttpRequest.BodyPublishers.ofString(Json.compact(body), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        java.util.concurrent.CompletableFuture<HttpResponse<String>> pending =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            try {
                response = pending.get(answerWithin.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                pending.cancel(true);
                throw new HttpTimeoutException("no complete answer");
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            }
        } catch (HttpTimeoutException e) {
            throw new Mem0Exception("mem0 at " + settings.where() + " did not answer within "
                    + headersWithin.toSeconds() + "s");
        } catch (IOException e) {
            throw new Mem0Exception("cannot reach mem0 at " + settings.where() + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : Printable.quote(e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Mem0Exception("interrupted while talking to mem0");
        }
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            throw new Mem0Exception("mem0 at " + settings.where() + " answered HTTP " + status + detail(response.body()));
        }
        return response;
    }

    private URI endpoint(String path) {
        String base = settings.baseUrl().toString();
        return URI.create(base.endsWith("/") ? base + path : base + "/" + path);
    }

    /** A memory id from {@code [{"id": …}]} or {@code {"results": [{"id": …}]}}, or an {@code event_id} while queued. */
    static String id(String body) {
        try {
            JsonNode root = Json.parse(body.getBytes(StandardCharsets.UTF_8));
            JsonNode list = root.isArray() ? root : root.path("results");
            if (list.isArray() && !list.isEmpty() && list.get(0).path("id").isTextual()) {
                return list.get(0).path("id").asText();
            }
            if (root.path("event_id").isTextual()) {
                return root.path("event_id").asText();
            }
            if (root.path("id").isTextual()) {
                return root.path("id").asText();
            }
        } catch (IOException | RuntimeException e) {
            // An answer we cannot read is still a 2xx: stored, id unknown.
        }
        return null;
    }

    private static String detail(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String text = body;
        try {
            ObjectNode o = Json.parseObject(body);
            if (o != null) {
                for (String field : new String[]{"detail", "error", "message"}) {
                    if (o.path(field).isTextual()) {
                        text = o.path(field).asText();
                        break;
                    }
                }
            }
        } catch (IOException e) {
            // not JSON: show the start of the text
        }
        return ": " + Printable.quote(text);
    }
}
