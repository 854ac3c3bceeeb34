package dev.ghp.agents.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.errors.ExitCode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.store.CoordinationStore;
import dev.ghp.agents.store.Decision;
import dev.ghp.agents.store.DecisionPrune;
import dev.ghp.agents.store.GitRefStore;
import dev.ghp.agents.store.HistoryLimits;
import dev.ghp.agents.store.PruneResult;
import dev.ghp.agents.model.StorePaths;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ghp agent-prune}: cut the coordination ref's history to the {@code agents.history} limits now. */
@Command(name = "agent-prune",
        description = {
            "Prune the history of " + StorePaths.REF + " to the limits in agents.history of .ghp/config.json",
            "(default: the newest " + HistoryLimits.DEFAULT_MAX_COMMITS + " commits, none over 30d older than the newest).",
            "Writes do this on their own once history is a quarter over a limit; this does it now.",
            "The current state, every escalation and every handoff stay: only old commits go, and the",
            "decisions (.ghp/decisions/) older than the age limit. Kept commits",
            "keep their trees, authors, dates and messages; the oldest kept one becomes the first.",
            "Afterwards 'git gc' can reclaim the space of the removed commits."},
        footer = {"", "Examples:",
            "  ghp agent-prune --dry-run      # what would go",
            "  ghp agent-prune --json"})
public final class PruneCommand extends BaseCommand {

    @Option(names = {"-n", "--dry-run"}, description = "Report what would be pruned; write nothing.")
    boolean dryRun;

    @Mixin
    QuietOption quiet = new QuietOption();

    public PruneCommand(Io io, Environment env) {
        super(io, env);
    }

    @Override
    protected int run() {
        repo(); // outside a repository that is the error, whatever GHP_AGENT says
        String author = identity(null).name();
        GitRefStore store = gitStore();
        PruneResult r = store.prune(dryRun, author);
        List<String> decisions = pruneDecisions(store, r.limits(), author);
        if (quiet.on()) {
            return ExitCode.OK;
        }
        if (json) {
            ObjectNode o = toJson(r);
            decisions.forEach(o.putArray("removedDecisions")::add);
            io.out().print(Json.pretty(o));
        } else {
            io.out().println(text(r));
            if (!decisions.isEmpty()) {
                io.out().println((dryRun ? "would remove " : "✓ removed ") + decisions.size()
                        + " decisions older than " + r.limits().maxAgeText() + " (" + DECISIONS + ")");
            }
        }
        return ExitCode.OK;
    }

    private static final String DECISIONS = StorePaths.DECISIONS + "/";

    /**
     * Decisions older than the history's age limit go too (store/DecisionPrune, #21): by then every
     * clone that syncs has carried them out, and a clone that has not synced for that long no
     * longer shares history with this one.
     */
    private List<String> pruneDecisions(CoordinationStore store, HistoryLimits limits, String author) {
        Instant horizon = env.clock().instant().minus(limits.maxAge());
        if (dryRun) {
            return DecisionPrune.plan(store.read(), horizon, author).removed();
        }
        return store.decide(snapshot -> {
            DecisionPrune.Result planned = DecisionPrune.plan(snapshot, horizon, author);
            return planned.change() == null ? Decision.nothing(planned.removed())
                    : Decision.write(planned.change(), planned.removed());
        }).result();
    }

    private static String text(PruneResult r) {
        String limits = "limits: " + r.limits().maxCommits() + " commits, " + r.limits().maxAgeText();
        if (r.before() == null) {
            return "nothing to prune: " + StorePaths.REF + " does not exist yet";
        }
        if (!r.pruned()) {
            return "nothing to prune: " + r.keptCommits() + " commits since " + StatusCodec.formatInstant(r.oldestKept())
                    + " are within the " + limits;
        }
        String since = r.oldestKept() == null ? "" : " since " + StatusCodec.formatInstant(r.oldestKept());
        if (r.dryRun()) {
            return "would remove " + r.removedCommits() + " commits and keep " + r.keptCommits() + since
                    + " (" + limits + "; the last one would record the prune)";
        }
        return "✓ pruned " + StorePaths.REF + ": removed " + r.removedCommits() + " commits, kept " + r.keptCommits()
                + since + " (" + limits + "); 'git gc' reclaims the space";
    }

    private static ObjectNode toJson(PruneResult r) {
        ObjectNode o = Json.object();
        o.put("schemaVersion", 1);
        o.put("ref", StorePaths.REF);
        o.put("dryRun", r.dryRun());
        o.put("pruned", r.pruned());
        o.put("removedCommits", r.removedCommits());
        o.put("keptCommits", r.keptCommits());
        o.put("oldestKept", StatusCodec.formatInstant(r.oldestKept()));
        o.put("before", r.before());
        o.put("after", r.after());
        ObjectNode limits = o.putObject("limits");
        limits.put("maxCommits", r.limits().maxCommits());
        limits.put("maxAge", r.limits().maxAgeText());
        limits.put("maxAgeSeconds", r.limits().maxAge().getSeconds());
        return o;
    }
}
