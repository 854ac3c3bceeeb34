package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.hooks.AgentsMdBlock;
import dev.ghp.agents.testing.CliRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentsMdCommandTest {
    @TempDir
    Path tmp;

    @Test
    void withoutWriteTheBlockIsPrinted() {
        CliRunner.Result r = new CliRunner(tmp).run("agent-hooks", "agents-md");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo(AgentsMdBlock.text());
    }

    @Test
    void writeReplacesTheBlockBetweenTheMarkersInPlaceAndLeavesTheRestOfTheFile() throws IOException {
        Path file = tmp.resolve("CLAUDE.md");
        String head = "# House rules\n\n- Run `mvn -B verify` before pushing.\n\n";
        String tail = "\n## Code style\n\nFour spaces. No wildcard imports.\n";
        Files.writeString(file, head + "<!-- ghp-agents:begin -->\nstale protocol from an older version\n<!-- ghp-agents:end -->\n" + tail);

        CliRunner.Result r = new CliRunner(tmp).run("agent-hooks", "agents-md", "--write", "CLAUDE.md");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("✓ CLAUDE.md: ghp-agents protocol block replaced\n");
        assertThat(Files.readString(file)).isEqualTo(head + AgentsMdBlock.text() + tail);

        CliRunner.Result again = new CliRunner(tmp).run("agent-hooks", "agents-md", "--write", "CLAUDE.md");
        assertThat(again.out()).isEqualTo("✓ CLAUDE.md: ghp-agents protocol block unchanged\n");
        assertThat(Files.readString(file)).isEqualTo(head + AgentsMdBlock.text() + tail);
    }

    @Test
    void writeCreatesAMissingFileAndAppendsToOneWithoutMarkers() throws IOException {
        CliRunner ghp = new CliRunner(tmp);

        assertThat(ghp.run("agent-hooks", "agents-md", "--write", "AGENTS.md").out()).contains("block created");
        assertThat(Files.readString(tmp.resolve("AGENTS.md"))).isEqualTo(AgentsMdBlock.text());

        Files.writeString(tmp.resolve("NOTES.md"), "# Notes\nkeep me");
        assertThat(ghp.run("agent-hooks", "agents-md", "--write", "NOTES.md", "--json").out())
                .contains("\"changed\": true").contains("\"result\": \"added\"");
        assertThat(Files.readString(tmp.resolve("NOTES.md"))).isEqualTo("# Notes\nkeep me\n\n" + AgentsMdBlock.text());
    }

    @Test
    void brokenMarkersAreRefusedWithExitTwoAndTheFileUntouched() throws IOException {
        Path file = tmp.resolve("AGENTS.md");
        String broken = "# Rules\n<!-- ghp-agents:begin -->\nhalf a block, its end marker deleted by hand\n";
        Files.writeString(file, broken);

        CliRunner.Result r = new CliRunner(tmp).run("agent-hooks", "agents-md", "--write", "AGENTS.md");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("AGENTS.md has 1 begin and 0 end marker(s)").contains("hint: leave exactly one");
        assertThat(Files.readString(file)).isEqualTo(broken);
    }
}
