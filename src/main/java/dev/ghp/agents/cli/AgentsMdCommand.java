package dev.ghp.agents.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.errors.ExitCode;
import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.hooks.AgentsMdBlock;
import dev.ghp.agents.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ghp agent-hooks agents-md}: the coordination protocol for AGENTS.md / CLAUDE.md. */
@Command(name = "agents-md", description = {
    "Print the coordination protocol for agents, or write it into AGENTS.md / CLAUDE.md.",
    "It says when to heartbeat, how to claim, to escalate instead of guessing, how to hand off and",
    "what the exit codes mean. --write puts it between marker comments, replacing the previous",
    "block and leaving every other line of the file as it was."},
    footer = {"", "Examples:",
        "  ghp agent-hooks agents-md --write AGENTS.md",
        "  ghp agent-hooks agents-md --write CLAUDE.md"})
final class AgentsMdCommand extends BaseCommand {
    @Option(names = "--write", paramLabel = "FILE", description = "Update FILE in place (created when missing).")
    Path write;

    AgentsMdCommand(Io io, Environment env) {
        super(io, env);
    }

    @Override
    protected int run() {
        if (write == null) {
            if (json) {
                ObjectNode o = Json.object();
                o.put("schemaVersion", 1);
                o.put("block", AgentsMdBlock.text());
                io.out().print(Json.pretty(o));
            } else {
                io.out().print(AgentsMdBlock.text());
            }
            return ExitCode.OK;
        }
        Path base = directory == null ? env.workingDirectory() : env.workingDirectory().resolve(directory);
        Path file = base.resolve(write).normalize();
        String existing = OptionalTextFile.read(file);
        String next = AgentsMdBlock.apply(existing, write.toString());
        boolean changed = !next.equals(existing);
        if (changed) {
            try {
                Path parent = file.getParent();
                Files.createDirectories(parent);
                Path tmp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
                try {
                    Files.writeString(tmp, next, StandardCharsets.UTF_8);
                    if (existing != null) {
                        Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(file.toRealPath()));
                    } else {
                        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
                    }
                    Files.move(tmp, existing != null ? file.toRealPath() : file,
                            StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException | UnsupportedOperationException e) {
                throw new StateException("cannot write " + file + ": " + e.getMessage(), "check that it is writable", e);
            }
        }
        String what = existing == null ? "created" : !changed ? "unchanged"
                : existing.contains(AgentsMdBlock.BEGIN) ? "replaced" : "added";
        if (json) {
            ObjectNode o = Json.object();
            o.put("schemaVersion", 1);
            o.put("file", file.toString());
            o.put("changed", changed);
            o.put("result", what);
            io.out().print(Json.pretty(o));
        } else {
            io.out().println("✓ " + write + ": ghp-agents protocol block " + what);
        }
        return ExitCode.OK;
    }
}

