package dev.ghp.agents.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.errors.ExitCode;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.text.Printable;
import dev.ghp.agents.merge.RecordDiff;
import dev.ghp.agents.model.StorePaths;
import dev.ghp.agents.sync.SyncOutcome;
import dev.ghp.agents.sync.SyncSettings;
import dev.ghp.agents.sync.Syncs;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ghp agent-sync}: exchange the coordination record with a git remote, merging concurrent changes. */
@Command(name = "agent-sync",
        description = {
            "Exchange the coordination record with a git remote: fetch its " + StorePaths.REF + ",",
            "merge it with the local one, and push the result. Only that ref travels; branches are",
            "never touched. Concurrent changes merge by meaning: the newer agent record wins,",
            "escalations and handoffs are united, and two agents that claimed the same issue or",
            "files on different clones get a conflict escalation."},
        footer = {"", "The remote is --remote, else GHP_SYNC_REMOTE, else agents.remote in .ghp/config.json, else origin.",
            "With agents.autoSync set to a duration (e.g. \"2m\"), every write also syncs when the last",
            "sync is older than that; a failed automatic sync is a warning and the write stands.",
            "For GitHub over https the token comes from GITHUB_TOKEN or GH_TOKEN; ssh uses your keys.",
            "", "Examples:",
            "  ghp agent-sync",
            "  ghp agent-sync --remote upstream --json",
            "  git show refs/ghp/remotes/origin/coordination:.ghp/agent-status.json   # the remote's record as last fetched"})
public final class SyncCommand extends BaseCommand {
    private static final int LIST_LIMIT = 12;

    @Option(names = "--remote", paramLabel = "NAME", description = "The git remote to sync with (default: origin).")
    String remote;

    @Mixin
    QuietOption quiet = new QuietOption();

    public SyncCommand(Io io, Environment env) {
        super(io, env);
    }

    @Override
    protected boolean syncsAfterWrite() {
        return false;
    }

    @Override
    protected int run() {
        SyncSettings settings = SyncSettings.resolve(remote, settings());
        // Before the sync, so that an escalation a reply on GitHub resolved is sent with it.
        new GitHubAnswering(io, env, settings().github(), repo(), store(), staleDetector(null), verbose).read();
        SyncOutcome outcome = Syncs.run(repo(), settings, env.variables(), env.clock(), sync -> { });
        if (quiet.on()) {
            return ExitCode.OK;
        }
        if (json) {
            io.out().print(Json.pretty(toJson(outcome)));
        } else {
            printText(outcome);
        }
        return ExitCode.OK;
    }

    private void printText(SyncOutcome o) {
        String r = "'" + Printable.line(o.remote()) + "'";
        String tip = o.localAfter() == null ? "" : " (" + o.localAfter().substring(0, 7) + ")";
        String head = switch (o.kind()) {
            case NOTHING -> "nothing to sync: no coordination record here or on " + r + " yet";
            case UP_TO_DATE -> "✓ up to date with " + r + tip;
            case BOOTSTRAPPED -> "✓ set up " + StorePaths.REF + " on " + r + tip;
            case RECEIVED -> "✓ received from " + r + tip;
            case SENT -> "✓ sent to " + r + tip;
            case MERGED -> "✓ merged with " + r + tip;
        };
        io.out().println(head);
        if (!o.received().isEmpty()) {
            io.out().println("  received  " + summary(o.received()));
        }
        if (!o.sent().isEmpty()) {
            io.out().println("  sent      " + summary(o.sent()));
        }
        for (Escalation c : o.conflicts()) {
            io.out().println("  conflict  " + c.id() + ": " + Printable.line(c.message()));
        }
        o.leftOut().forEach((path, reason) -> io.out().println("  left out " + Printable.line(path) + ": " + reason));
    }

    private static String summary(RecordDiff d) {
        List<String> parts = new ArrayList<>();
        part(parts, "agents", d.agents());
        part(parts, "escalations", d.escalations());
        part(parts, "handoffs", d.handoffs());
        part(parts, "other files", d.other());
        return String.join(" · ", parts);
    }

    private static void part(List<String> parts, String label, RecordDiff.Changes c) {
        if (c.isEmpty()) {
            return;
        }
        List<String> items = new ArrayList<>();
        c.added().forEach(n -> items.add("+" + Printable.line(n)));
        c.updated().forEach(n -> items.add("~" + Printable.line(n)));
        c.removed().forEach(n -> items.add("-" + Printable.line(n)));
        String shown = String.join(" ", items.subList(0, Math.min(items.size(), LIST_LIMIT)));
        if (items.size() > LIST_LIMIT) {
            shown += " … (" + (items.size() - LIST_LIMIT) + " more)";
        }
        parts.add(label + ": " + shown);
    }

    static ObjectNode toJson(SyncOutcome o) {
        ObjectNode root = Json.object();
        root.put("schemaVersion", 1);
        root.put("remote", o.remote());
        root.put("url", o.url());
        root.put("outcome", o.kind().wire());
        root.put("rounds", o.rounds());
        ObjectNode local = root.putObject("local");
        local.put("before", o.localBefore());
        local.put("after", o.localAfter());
        ObjectNode remote = root.putObject("remoteRecord");
        remote.put("before", o.remoteBefore());
        remote.put("after", o.remoteAfter());
        root.set("received", diff(o.received()));
        root.set("sent", diff(o.sent()));
        ArrayNode conflicts = root.putArray("conflicts");
        for (Escalation c : o.conflicts()) {
            ObjectNode e = conflicts.addObject();
            e.put("id", c.id());
            if (c.issue() == null) {
                e.putNull("issue");
            } else {
                e.put("issue", c.issue());
            }
            JsonNode agents = c.extra().get("agents");
            e.set("agents", agents == null ? Json.object().arrayNode() : agents);
            JsonNode files = c.extra().get("files");
            e.set("files", files == null ? Json.object().arrayNode() : files);
            e.put("message", c.message());
        }
        ArrayNode leftOut = root.putArray("leftOut");
        o.leftOut().forEach((path, reason) -> leftOut.addObject().put("path", path).put("reason", reason));
        return root;
    }

    private static ObjectNode diff(RecordDiff d) {
        ObjectNode o = Json.object();
        o.set("agents", changes(d.agents()));
        o.set("escalations", changes(d.escalations()));
        o.set("handoffs", changes(d.handoffs()));
        o.set("other", changes(d.other()));
        return o;
    }

    private static ObjectNode changes(RecordDiff.Changes c) {
        ObjectNode o = Json.object();
        c.added().forEach(o.putArray("added")::add);
        c.updated().forEach(o.putArray("updated")::add);
        c.removed().forEach(o.putArray("removed")::add);
        return o;
    }
}
