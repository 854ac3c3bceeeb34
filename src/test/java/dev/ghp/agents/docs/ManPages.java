package dev.ghp.agents.docs;

import dev.ghp.agents.cli.Cli;
import dev.ghp.agents.cli.Environment;
import dev.ghp.agents.cli.Io;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes the man pages (AsciiDoc, one per command) into {@code docs/man/} from the command model,
 * with Picocli's own generator. The build runs it (exec-maven-plugin, after the test classes are
 * compiled), so the pages can never drift from the commands.
 */
public final class ManPages {
    private ManPages() {
    }

    private static void setVersion(CommandLine cl, String version) {
        cl.getCommandSpec().versionProvider(() -> new String[]{version});
        cl.getSubcommands().values().forEach(sub -> setVersion(sub, version));
    }

    /** @param args the output directory, then the project version */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        String version = args.length > 1 ? args[1] : "development build";
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        CommandLine tree = Cli.tree(new Io(nowhere, nowhere), new Environment(Map.of(), Path.of("."), Clock.systemUTC(), false));
        // The --version text names the Java that runs it; a page in the repository must not depend on that.
        setVersion(tree, "ghp-agents " + version);
        Files.createDirectories(out);
        try (Stream<Path> old = Files.list(out)) {
            for (Path p : old.filter(p -> p.getFileName().toString().endsWith(".adoc")).toList()) {
                Files.delete(p);
            }
        }
        int code = ManPageGenerator.generateManPage(out.toFile(), (File) null, new boolean[0], false, tree.getCommandSpec());
        if (code != 0) {
            throw new IllegalStateException("ManPageGenerator failed with " + code);
        }
    }
}
