package dev.ghp.agents.perf;

import dev.ghp.agents.cli.Cli;
import dev.ghp.agents.cli.Environment;
import dev.ghp.agents.cli.Io;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The training run behind the class caches that {@code src/build/class-cache.sh} makes at build
 * time: it runs the commands agents and humans run most, in one process, in a scratch repository,
 * so that the JVM records every class (and, on Java 25, every linked call site) they need.
 * Not a command: output is discarded and the scratch repository deleted.
 */
public final class CacheTraining {
    private CacheTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("ghp-agents-training");
        try {
            try (Repository repo = FileRepositoryBuilder.create(dir.resolve(".git").toFile())) {
                repo.create();
            }
            Io io = new Io(new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()));
            Environment env = new Environment(Map.of("NO_COLOR", "1"), dir, Clock.systemUTC(), false);
            for (List<String> command : workload()) {
                Cli.run(io, env, command.toArray(String[]::new));
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static List<List<String>> workload() {
        return List.of(
                List.of("agent-heartbeat", "--agent", "trainer-1", "--issue", "1", "--status", "implementing",
                        "--action", "training the class cache"),
                List.of("agent-heartbeat", "--agent", "trainer-2", "--issue", "2", "--blocked-on", "1", "--json"),
                List.of("agent-heartbeat", "--agent", "trainer-1", "--throttle", "1h", "--quiet"),
                List.of("agent-heartbeat", "--agent", "trainer-1", "--action", "second step", "--quiet"),
                List.of("agent-heartbeat", "--agent", "trainer-2", "--files", "src/**", "--files", "*.md"),
                List.of("agent-heartbeat", "--agent", "trainer-1", "--files", "src/parser/**"),
                List.of("agent-escalate", "--agent", "trainer-1", "--issue", "1", "training the escalations"),
                List.of("agent-escalate", "--list"),
                List.of("agent-escalate", "--list", "--json"),
                List.of("agent-status"),
                List.of("agent-status", "--json"),
                List.of("agent-status", "--check", "--stale-after", "1s"),
                List.of("agent-handoff", "--agent", "trainer-1", "--note", "training", "--quiet"),
                List.of("agent-handoff", "--show", "--issue", "1"),
                // What Claude Code's hooks run after every tool call, at each turn's end and session start.
                List.of("agent-hooks", "run", "session-start"),
                List.of("agent-hooks", "run", "post-tool-use"),
                List.of("agent-hooks", "run", "stop"),
                List.of("agent-status", "--timeline"),
                List.of("agent-heartbeat", "--agent", "trainer-2", "--sign-off"),
                List.of("agent-heartbeat", "--status", "bogus"),
                List.of("agent-heartbeat", "--help"),
                List.of("agent-status", "--help"),
                List.of("--help"),
                List.of("--version"));
    }
}
