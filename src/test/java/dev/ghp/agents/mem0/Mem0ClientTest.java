package dev.ghp.agents.mem0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ghp.agents.config.Settings;
import dev.ghp.agents.errors.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Mem0ClientTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheMemoryIdFromEachShapeMem0Answers() {
        assertThat(Mem0Client.id("[{\"id\": \"m-1\", \"data\": {\"memory\": \"x\"}, \"event\": \"ADD\"}]")).isEqualTo("m-1");
        assertThat(Mem0Client.id("{\"results\": [{\"id\": \"m-2\", \"event\": \"ADD\"}]}")).isEqualTo("m-2");
        assertThat(Mem0Client.id("{\"message\": \"queued\", \"status\": \"PENDING\", \"event_id\": \"ev-3\"}")).isEqualTo("ev-3");
        assertThat(Mem0Client.id("[]")).isNull();
        assertThat(Mem0Client.id("not json")).isNull();
    }

    /** What agent-handoff --mem0 gets: the typed settings read from the file and the variables. */
    private static Mem0Settings settings(Path mainWorktree, Map<String, String> env) {
        return Mem0Settings.from(Settings.load(mainWorktree, env).mem0());
    }

    private Path config(String agentsJson) throws IOException {
        Files.createDirectories(tmp.resolve(".ghp"));
        Files.writeString(tmp.resolve(".ghp/config.json"), "{\"agents\": " + agentsJson + "}");
        return tmp;
    }

    @Test
    void withoutAKeyThereAreNoSettingsAndTheDefaultIsMem0sPlatform() throws IOException {
        assertThat(settings(config("{}"), Map.of())).isNull();

        Mem0Settings s = settings(config("{}"), Map.of("MEM0_API_KEY", " k "));

        assertThat(s.baseUrl()).hasToString("https://api.mem0.ai");
        assertThat(s.apiKey()).isEqualTo("k");
        assertThat(s.infer()).isFalse();
        assertThat(s.toString()).doesNotContain("k,").doesNotContain("=k");
    }

    @Test
    void aBaseUrlThatIsNotHttpIsAConfigurationError() throws IOException {
        Path bad = config("{\"mem0\": {\"baseUrl\": \"ftp://x\"}}");

        assertThatThrownBy(() -> settings(bad, Map.of("MEM0_API_KEY", "k")))
                .isInstanceOf(UsageException.class).hasMessage("agents.mem0.baseUrl in .ghp/config.json is not an http(s) URL");
    }

    @Test
    void messagesNameTheServerWithoutCredentialsInTheUrl() {
        Mem0Settings s = new Mem0Settings(java.net.URI.create("https://user:pw@mem0.example:8443/api"), "k", null, false);

        assertThat(s.where()).isEqualTo("https://mem0.example:8443");
    }

    @Test
    void aPlainHttpBaseUrlToAnotherHostIsRefusedSoTheKeyNeverTravelsInClear() throws IOException {
        Path clear = config("{\"mem0\": {\"baseUrl\": \"http://mem0.example.com\"}}");

        assertThatThrownBy(() -> settings(clear, Map.of("MEM0_API_KEY", "k")))
                .isInstanceOf(UsageException.class).hasMessageContaining("in clear")
                .satisfies(e -> assertThat(((UsageException) e).exitCode()).isEqualTo(2));
        for (String local : new String[] {"http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9"}) {
            assertThat(settings(config("{\"mem0\": \"" + local + "\"}"), Map.of("MEM0_API_KEY", "k")).baseUrl())
                    .hasToString(local);
        }
    }

    @Test
    void aServerThatAcceptsAndNeverAnswersFailsTheCallWithinItsBound() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Mem0Client client = new Mem0Client(java.net.http.HttpClient.newHttpClient(),
                    new Mem0Settings(java.net.URI.create("http://127.0.0.1:" + silent.getLocalPort()), "k", null, false),
                    java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(2));
            java.util.concurrent.CompletableFuture<Throwable> call = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    client.add("text", "agent", Map.of());
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });

            Throwable failure = call.get(60, java.util.concurrent.TimeUnit.SECONDS); // generous: the bound is 2 s

            assertThat(failure).isInstanceOf(Mem0Client.Mem0Exception.class).hasMessageContaining("did not answer within");
        }
    }
}
