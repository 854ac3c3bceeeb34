package dev.ghp.agents.mem0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ghp.agents.config.AgentsConfig;
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

    private AgentsConfig config(String agentsJson) throws IOException {
        Files.createDirectories(tmp.resolve(".ghp"));
        Files.writeString(tmp.resolve(".ghp/config.json"), "{\"agents\": " + agentsJson + "}");
        return AgentsConfig.load(tmp);
    }

    @Test
    void withoutAKeyThereAreNoSettingsAndTheDefaultIsMem0sPlatform() throws IOException {
        assertThat(Mem0Settings.from(config("{}"), Map.of())).isNull();

        Mem0Settings s = Mem0Settings.from(config("{}"), Map.of("MEM0_API_KEY", " k "));

        assertThat(s.baseUrl()).hasToString("https://api.mem0.ai");
        assertThat(s.apiKey()).isEqualTo("k");
        assertThat(s.infer()).isFalse();
        assertThat(s.toString()).doesNotContain("k,").doesNotContain("=k");
    }

    @Test
    void aBaseUrlThatIsNotHttpIsAConfigurationError() throws IOException {
        AgentsConfig bad = config("{\"mem0\": {\"baseUrl\": \"ftp://x\"}}");

        assertThatThrownBy(() -> Mem0Settings.from(bad, Map.of("MEM0_API_KEY", "k")))
                .isInstanceOf(UsageException.class).hasMessage("agents.mem0.baseUrl in .ghp/config.json is not an http(s) URL");
    }

    @Test
    void messagesNameTheServerWithoutCredentialsInTheUrl() {
        Mem0Settings s = new Mem0Settings(java.net.URI.create("https://user:pw@mem0.example:8443/api"), "k", null, false);

        assertThat(s.where()).isEqualTo("https://mem0.example:8443");
    }
}
