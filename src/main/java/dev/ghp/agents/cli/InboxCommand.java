package dev.ghp.agents.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.errors.ExitCode;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.input.AgentIdentity;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.model.Message;
import dev.ghp.agents.model.MessageCodec;
import dev.ghp.agents.store.CoordinationStore;
import dev.ghp.agents.store.MessageFiles;
import dev.ghp.agents.store.Snapshot;
import dev.ghp.agents.text.Durations;
import dev.ghp.agents.text.Printable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ghp agent-inbox}: an agent's messages; showing the unread ones marks them read. */
@Command(name = "agent-inbox",
        description = {
            "Show an agent's unread messages and mark them read (--all: the read ones too).",
            "Each has its id, sender, kind (message, or a notice of the tool: answer, approval,",
            "assignment), text, time, and whether it was read before this showing."},
        footer = {"", "--wait DURATION returns as soon as a message arrives; with none by then it exits 4.",
            "It looks at the ref's id a few times a second and reads the record only when the id changes;",
            "with agents.autoSync on it also looks at the remote every agents.remoteCheck (3s).",
            "", "Examples:",
            "  ghp agent-inbox",
            "  ghp agent-inbox --wait 10m        # block until something arrives",
            "  ghp agent-inbox --all --json"})
public final class InboxCommand extends BaseCommand {
    /** The longest --wait: an agent's turn that waits longer should be two waits. */
    static final Duration MAX_WAIT = Duration.ofHours(24);

    @Mixin
    AgentOption agent = new AgentOption();

    @Option(names = "--all", description = "The read messages too (the newest " + MessageFiles.MAX_READ + " are kept).")
    boolean all;

    @Option(names = "--wait", paramLabel = "DURATION",
            description = "Wait up to DURATION (30s, 10m) for an unread message; none by then: exit 4.")
    Duration wait;

    public InboxCommand(Io io, Environment env) {
        super(io, env);
    }

    @Override
    protected int run() {
        if (wait != null && (wait.isNegative() || wait.isZero() || wait.compareTo(MAX_WAIT) > 0)) {
            throw new UsageException("--wait takes more than 0s and at most 24h, got " + Durations.brief(wait));
        }
        AgentIdentity who = identity(agent.given());
        String name = who.name();
        syncBeforeRead();
        CoordinationStore store = store();
        if (wait != null) {
            Optional<Boolean> arrived = RefWait.until(repo().repository(), wait, store::read,
                    snapshot -> MessageFiles.hasUnread(snapshot, name) ? Optional.of(true) : Optional.empty(),
                    remoteLook(), new WaitHeartbeat(this, who, "agent-inbox --wait")::record);
            if (arrived.isEmpty()) {
                print(name, List.of(), List.of(), "No message for " + name + " within " + Durations.brief(wait) + ".");
                return ExitCode.ATTENTION;
            }
        }
        Snapshot seen = store.read();
        List<Message> delivered = MessageFiles.unread(seen, name);
        List<Message> earlier = all ? MessageFiles.read(seen, name) : List.of();
        print(name, earlier, delivered, all ? "No messages for " + name + "." : "No unread messages for " + name + ".");
        if (MessageFiles.hasUnread(seen, name)) {
            io.afterOutput().add(() -> markShown(name, delivered));
        }
        return ExitCode.OK;
    }

    /**
     * The second step, once the output reached the caller ({@link AfterOutput}: stdout flushed
     * without an error, or the launcher's {@code shown}): what was shown is marked read, and sent
     * at once with autoSync. Killed or cut off before, the messages stay unread and come again.
     */
    private void markShown(String name, List<Message> shown) {
        try {
            if (store().decide(snapshot -> MessageFiles.markShown(snapshot, name, shown, env.clock().instant()))
                    .write().committed()) {
                autoSync();
            }
        } catch (RuntimeException e) {
            io.err().println("ghp: warning: the messages shown stay unread and will come again: "
                    + Printable.line(e.getMessage()));
        }
    }

    /** {@code earlier}: read before; {@code delivered}: unread until now (shown as unread). */
    private void print(String name, List<Message> earlier, List<Message> delivered, String none) {
        List<Message> shown = new ArrayList<>(earlier);
        shown.addAll(delivered);
        shown.sort(MessageFiles.ORDER);
        if (json) {
            ObjectNode root = Json.object();
            root.put("schemaVersion", 1);
            root.put("agent", name);
            ArrayNode array = root.putArray("messages");
            for (Message m : shown) {
                ObjectNode o = MessageCodec.toJson(m);
                o.put("read", earlier.contains(m));
                array.add(o);
            }
            io.out().print(Json.pretty(root));
            return;
        }
        if (shown.isEmpty()) {
            io.out().println(none);
            return;
        }
        Instant now = env.clock().instant();
        StringBuilder b = new StringBuilder();
        for (Message m : shown) {
            b.append(earlier.contains(m) ? "  " : "● ").append(m.id()).append(" · ").append(Printable.line(m.kind()))
                    .append(" · from ").append(Printable.line(m.from()));
            if (m.address() != null && !m.address().equals(name)) {
                b.append(" to ").append(Printable.line(m.address()));
            }
            if (m.createdAt() != null) {
                b.append(" · ").append(Durations.brief(Duration.between(m.createdAt(), now))).append(" ago");
            }
            b.append('\n');
            for (String line : (m.text() == null ? "" : m.text()).split("\n", -1)) {
                b.append("    ").append(Printable.line(line)).append('\n');
            }
        }
        long unread = delivered.size();
        b.append(unread == 0 ? "Nothing unread." : unread + (unread == 1 ? " unread message" : " unread messages")
                + ", now marked read.").append('\n');
        io.out().print(b);
    }
}
