package dev.ghp.agents.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.errors.ExitCode;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.render.StatusTable;
import dev.ghp.agents.render.Style;
import dev.ghp.agents.rules.AgentView;
import dev.ghp.agents.rules.Durations;
import dev.ghp.agents.rules.HeartbeatInput;
import dev.ghp.agents.rules.StaleDetector;
import dev.ghp.agents.store.CoordinationStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ghp agent-status}: every agent at once, what needs attention first, stale ones marked. */
@Command(name = "agent-status",
        description = {
            "Show every agent: issue, status, last action and when it was last seen.",
            "Agents silent for longer than the stale limit are marked STALE and listed first."},
        footer = {"", "The stale limit is --stale-after, else GHP_STALE_AFTER, else agents.staleAfter in",
            ".ghp/config.json, else 10m.",
            "", "Examples:",
            "  ghp agent-status",
            "  ghp agent-status --check --stale-after 30m   # in CI: exit 4 when an agent went silent",
            "  ghp agent-status --json | jq '.agents | keys'",
            "  ghp agent-status --watch 5",
            "", "Exit codes:", ExitCode.HELP_TABLE})
public final class StatusCommand extends BaseCommand {

    @Option(names = "--stale-after", paramLabel = "DURATION", description = "Stale limit, e.g. 90s, 10m, 1h.")
    String staleAfter;

    @Option(names = "--check", description = "Exit 4 when any agent shown is stale.")
    boolean check;

    @Option(names = "--agent", paramLabel = "NAME", description = "Show only this agent.")
    String agentFilter;

    @Option(names = "--issue", paramLabel = "N", description = "Show only agents on this issue.")
    String issueFilter;

    @Option(names = "--watch", paramLabel = "SECONDS", arity = "0..1", fallbackValue = "2",
            description = "Redraw every SECONDS (default 2) until interrupted.")
    Integer watch;

    public StatusCommand(Io io, Environment env) {
        super(io, env);
    }

    @Override
    protected int run() {
        Integer issue = HeartbeatInput.issue(issueFilter, "--issue");
        if (agentFilter != null) {
            HeartbeatInput.agentName(agentFilter, "--agent");
        }
        if (watch != null && (watch < 1 || watch > 3600)) {
            throw new UsageException("--watch takes 1 to 3600 seconds, got " + watch);
        }
        if (watch != null && json) {
            throw new UsageException("--watch redraws a table; it does not go with --json");
        }
        if (watch != null && check) {
            throw new UsageException("--check answers once with its exit code; it does not go with --watch");
        }
        StaleDetector detector = new StaleDetector(staleLimit(staleAfter));
        CoordinationStore store = store();
        if (watch != null) {
            return watchLoop(store, detector, issue);
        }
        Instant now = env.clock().instant();
        List<AgentView> all = detector.assess(store.read().status(), now);
        List<AgentView> views = filtered(all, issue);
        if (json) {
            io.out().print(Json.pretty(toJson(views, detector, now)));
        } else {
            io.out().print(text(all, views, issue, detector));
        }
        return check && views.stream().anyMatch(AgentView::stale) ? ExitCode.ATTENTION : ExitCode.OK;
    }

    private List<AgentView> filtered(List<AgentView> views, Integer issue) {
        return views.stream()
                .filter(v -> agentFilter == null || v.name().equals(agentFilter))
                .filter(v -> issue == null || Objects.equals(v.record().issue(), issue))
                .toList();
    }

    /** The table; when filters hide every agent, says so instead of claiming nobody reported. */
    private String text(List<AgentView> all, List<AgentView> shown, Integer issue, StaleDetector detector) {
        if (shown.isEmpty() && !all.isEmpty()) {
            StringBuilder filter = new StringBuilder();
            if (agentFilter != null) {
                filter.append("--agent ").append(agentFilter);
            }
            if (issue != null) {
                filter.append(filter.length() > 0 ? " and " : "").append("--issue #").append(issue);
            }
            return "No agent matches " + filter + " (" + all.size() + (all.size() == 1 ? " agent" : " agents")
                    + " reported).\n";
        }
        return table().render(shown, detector.staleAfter());
    }

    private StatusTable table() {
        int columns = 0;
        if (env.stdoutIsTerminal()) {
            String c = env.get("COLUMNS");
            columns = c != null && c.matches("\\d{2,4}") ? Integer.parseInt(c) : 100;
        }
        return new StatusTable(new Style(env.colour()), columns);
    }

    private ObjectNode toJson(List<AgentView> views, StaleDetector detector, Instant now) {
        ObjectNode root = Json.object();
        root.put("schemaVersion", 1);
        root.put("generatedAt", StatusCodec.formatInstant(now));
        root.put("staleAfterSeconds", detector.staleAfter().getSeconds());
        ObjectNode agents = root.putObject("agents");
        views.stream().sorted((a, b) -> a.name().compareTo(b.name())).forEach(v -> {
            ObjectNode a = StatusCodec.agentToJson(v.record());
            a.put("stale", v.stale());
            if (v.age() == null) {
                a.putNull("ageSeconds");
            } else {
                a.put("ageSeconds", v.age().getSeconds());
            }
            agents.set(v.name(), a);
        });
        return root;
    }

    /**
     * Redraws in place: the cursor goes home and each line clears its own tail, so the screen is
     * never blank between frames (no flicker). To a pipe, frames are simply printed one after another.
     */
    private int watchLoop(CoordinationStore store, StaleDetector detector, Integer issue) {
        boolean terminal = env.stdoutIsTerminal();
        if (terminal) {
            io.out().print("\u001b[?25l\u001b[H\u001b[2J");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                io.out().print("\u001b[0m\u001b[?25h\n");
                io.out().flush();
            }));
        }
        while (true) {
            Instant now = env.clock().instant();
            List<AgentView> all = detector.assess(store.read().status(), now);
            List<AgentView> views = filtered(all, issue);
            String clock = LocalTime.ofInstant(now, ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS).toString();
            String frame = "Every " + watch + "s · " + clock + " · Ctrl-C to stop\n\n" + text(all, views, issue, detector);
            if (terminal) {
                io.out().print("\u001b[H" + frame.replace("\n", "\u001b[K\n") + "\u001b[J");
            } else {
                io.out().print(frame + "\n");
            }
            io.out().flush();
            try {
                Thread.sleep(watch * 1000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ExitCode.OK;
            }
        }
    }
}
