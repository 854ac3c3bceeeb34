package dev.ghp.agents.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.cli.Cli;
import dev.ghp.agents.cli.Environment;
import dev.ghp.agents.cli.Io;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ManPagesTest {
    @TempDir
    Path tmp;

    static List<String> pageNames(CommandLine cl, String prefix, List<String> into) {
        String name = prefix.isEmpty() ? cl.getCommandName() : prefix + "-" + cl.getCommandName();
        into.add(name + ".adoc");
        cl.getSubcommands().values().forEach(sub -> pageNames(sub, name, into));
        return into;
    }

    @Test
    void everyCommandAndSubcommandGetsAPageThatListsItsOptions() throws IOException {
        ManPages.main(new String[]{tmp.toString(), "1.2.3"});

        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        CommandLine tree = Cli.tree(new Io(nowhere, nowhere), new Environment(Map.of(), tmp, Clock.systemUTC(), false));
        List<String> expected = pageNames(tree, "", new ArrayList<>());
        assertThat(expected).contains("ghp.adoc", "ghp-agent-status.adoc", "ghp-agent-hooks-install.adoc", "ghp-completion.adoc");
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrderElementsOf(expected);
        }
        String install = Files.readString(tmp.resolve("ghp-agent-hooks-install.adoc"));
        assertThat(install).contains(":doctype: manpage", ":revnumber: ghp-agents 1.2.3", "= ghp-agent-hooks-install(1)",
                "*--settings*=_FILE_", "*--command*=_CMD_", "*--ghp*");
        assertThat(Files.readString(tmp.resolve("ghp.adoc"))).as("no trace of the JVM that ran the build")
                .doesNotContain(System.getProperty("java.home"));
    }

    @Test
    void pagesOfCommandsThatNoLongerExistAreRemoved() throws IOException {
        Files.writeString(tmp.resolve("ghp-agent-gone.adoc"), "old\n");
        Files.writeString(tmp.resolve("notes.txt"), "kept\n");

        ManPages.main(new String[]{tmp.toString(), "1.2.3"});

        assertThat(tmp.resolve("ghp-agent-gone.adoc")).doesNotExist();
        assertThat(tmp.resolve("notes.txt")).exists();
    }
}
