package dev.ghp.agents.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.errors.ExitCode;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.input.EscalationInput;
import dev.ghp.agents.input.MessageInput;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.model.Message;
import dev.ghp.agents.model.MessageCodec;
import dev.ghp.agents.rules.AnswerRoles;
import dev.ghp.agents.rules.Recipients;
import dev.ghp.agents.rules.StaleDetector;
import dev.ghp.agents.store.Change;
import dev.ghp.agents.store.Decision;
import dev.ghp.agents.store.MessageFiles;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ghp agent-message}: a message into another agent's inbox, on the coordination ref. */
@Command(name = "agent-message",
        description = {
            "Send a message to an agent, to whoever holds an issue, or to every live agent.",
            "It waits, unread, in each recipient's inbox on the coordination ref ('ghp agent-inbox')",
            "and travels between clones with 'ghp agent-sync'. Prints the new message ids."},
        footer = {"", "The sender is the agent's identity (as for agent-heartbeat), or --by for a person or an",
            "orchestrator that is not a registered agent. An unknown recipient is exit 2: nothing is sent.",
            "", "Examples:",
            "  ghp agent-message --to worker-2 \"I renamed Parser.parse to Parser.read; rebase before you touch it\"",
            "  ghp agent-message --by alice --to '#147' \"Tabs are fine, go ahead\"",
            "  ghp agent-message --to all \"main is broken until #150 lands; do not rebase\""})
public final class MessageCommand extends BaseCommand {

    @Mixin
    AgentOption agent = new AgentOption();

    @Option(names = "--by", paramLabel = "NAME", description = "Send as a person or an orchestrator that is not an agent; inside an agent session only the"
                    + " agent's own name (else exit 3).")
    String by;

    @Option(names = "--to", required = true, paramLabel = "AGENT|#ISSUE|all",
            description = "An agent's name, #ISSUE (every agent that holds the issue), or all (every live agent but the sender).")
    String to;

    @Option(names = "--stale-after", paramLabel = "DURATION",
            description = "With --to all: who counts as live (default: GHP_STALE_AFTER, else agents.staleAfter, else 10m).")
    java.time.Duration staleAfter;

    @Parameters(arity = "0..*", paramLabel = "TEXT", description = "What the recipient should know.")
    List<String> text;

    public MessageCommand(Io io, Environment env) {
        super(io, env);
    }

    @Override
    protected int run() {
        if (agent.given() != null && by != null) {
            throw new UsageException("--agent and --by exclude each other: the message has one sender");
        }
        MessageInput.Address address = MessageInput.address(to);
        String body = MessageInput.text(text == null ? null : String.join(" ", text));
        if (by != null) {
            AgentCaller runner = caller();
            AnswerRoles.requireOwnName("--by", by.strip(), runner.session().orElse(null), runner.ownNames());
        }
        String sender = by != null ? EscalationInput.resolver(by) : identity(agent.given()).name();
        StaleDetector detector = staleDetector(staleAfter);
        Instant now = env.clock().instant();
        List<Message> sent = store().decide(snapshot -> {
            List<String> recipients = Recipients.of(address, sender, snapshot.status(), detector, now);
            MessageFiles.requireShare(snapshot, sender, recipients);
            Change change = Change.of("message from " + sender + " to " + address.wire(),
                    EscalationMirroring.author(sender));
            List<Message> out = new ArrayList<>();
            for (String recipient : recipients) {
                Message m = Message.unread(Message.newId(), Message.Kind.MESSAGE, sender, recipient, address.wire(),
                        body, address.issue(), now);
                out.add(m);
            }
            return Decision.write(MessageFiles.sendAll(change, snapshot, out, now), List.copyOf(out));
        }).result();
        if (json) {
            ObjectNode root = Json.object();
            root.put("schemaVersion", 1);
            ArrayNode array = root.putArray("messages");
            sent.forEach(m -> array.add(MessageCodec.toJson(m)));
            io.out().print(Json.pretty(root));
        } else {
            for (Message m : sent) {
                io.out().println(m.id() + " → " + m.to());
            }
        }
        return ExitCode.OK;
    }
}
