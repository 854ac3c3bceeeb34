package dev.ghp.agents.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.errors.ExitCode;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.text.Durations;
import dev.ghp.agents.text.Printable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ghp agent-daemon [status|stop]}: the resident process that runs the hot commands. */
@Command(name = "agent-daemon",
        description = {
            "Show or stop the ghp-agents daemon: the resident process to which bin/ghp sends",
            "agent-heartbeat, agent-status and hook runs, so that they skip the JVM's start-up. The first",
            "of those commands to find no daemon starts one in the background; it leaves after",
            "GHP_DAEMON_IDLE (default 30m) without a command, or when the jar is rebuilt.",
            "GHP_DAEMON=off runs every command in its own JVM instead."},
        footer = {"", "Examples:",
            "  ghp agent-daemon            # is one running?",
            "  ghp agent-daemon stop"})
public final class DaemonCommand extends BaseCommand {
    /** Set by bin/ghp: the state file of the daemon for its jar. */
    static final String STATE_VARIABLE = "GHP_DAEMON_STATE";

    @Parameters(index = "0", arity = "0..1", paramLabel = "ACTION", description = "status (the default) or stop.")
    String action;

    public DaemonCommand(Io io, Environment env) {
        super(io, env);
    }

    @Override
    protected int run() {
        String what = action == null ? "status" : action;
        if (!what.equals("status") && !what.equals("stop")) {
            throw new UsageException("unknown action '" + Printable.quote(what) + "'", "use status or stop");
        }
        String stateFile = env.get(STATE_VARIABLE);
        if (stateFile == null) {
            throw new UsageException(STATE_VARIABLE + " is not set: the daemon is bin/ghp's, run this through it", null);
        }
        Optional<DaemonProcess> daemon = DaemonProcess.find(Path.of(stateFile));
        boolean stopped = false;
        if (what.equals("stop") && daemon.isPresent()) {
            stopped = daemon.get().stop(Duration.ofSeconds(10));
        }
        if (json) {
            ObjectNode o = Json.object();
            o.put("schemaVersion", 1);
            o.put("stateFile", stateFile);
            o.put("enabled", enabled());
            o.put("running", daemon.isPresent() && !stopped);
            daemon.ifPresent(d -> {
                o.put("pid", d.pid());
                o.put("port", d.port());
                d.started().ifPresent(t -> o.put("startedAt", StatusCodec.formatInstant(t)));
            });
            if (what.equals("stop")) {
                o.put("stopped", stopped);
            }
            io.out().print(Json.pretty(o));
            return ExitCode.OK;
        }
        if (daemon.isEmpty()) {
            io.out().println("ghp-agents daemon: not running" + (enabled() ? "" : " (GHP_DAEMON=off: every command runs in its own JVM)"));
        } else if (what.equals("stop")) {
            io.out().println(stopped ? "✓ stopped the ghp-agents daemon (pid " + daemon.get().pid() + ")"
                    : "ghp-agents daemon (pid " + daemon.get().pid() + ") did not stop within 10s");
            return stopped ? ExitCode.OK : ExitCode.INTERNAL;
        } else {
            DaemonProcess d = daemon.get();
            String up = d.started().map(t -> ", up " + Durations.brief(Duration.between(t, env.clock().instant()))).orElse("");
            io.out().println("ghp-agents daemon: running, pid " + d.pid() + ", port " + d.port() + up);
        }
        return ExitCode.OK;
    }

    private boolean enabled() {
        String v = env.get("GHP_DAEMON");
        return v == null || !java.util.List.of("off", "0", "false", "no").contains(v);
    }
}
