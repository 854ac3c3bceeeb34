package dev.ghp.agents.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.errors.ExitCode;
import dev.ghp.agents.errors.GhpException;
import dev.ghp.agents.errors.RefusedException;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.git.RepoContext;
import dev.ghp.agents.hooks.CommitGuard;
import dev.ghp.agents.hooks.HooksDirectory;
import dev.ghp.agents.hooks.StagedPaths;
import dev.ghp.agents.config.AgentsConfig;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.rules.scope.ScopePattern;
import dev.ghp.agents.text.Durations;
import dev.ghp.agents.rules.GuardRule;
import dev.ghp.agents.text.Printable;
import dev.ghp.agents.rules.StaleDetector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code ghp agent-guard}: the pre-commit hook that keeps agents out of each other's file scopes. */
@Command(name = "agent-guard",
        description = {
            "Install, remove or run the commit guard: a pre-commit hook that refuses a commit touching",
            "files in another live agent's file scope (ghp agent-heartbeat --files), naming the file and",
            "its holder, and an agent's commit of a shared file (agents.sharedFiles) it holds no approval",
            "for. A pre-commit hook that was there before is kept and still runs after the guard.",
            "The hook goes where git looks for hooks: core.hooksPath if set, else the common git",
            "directory's hooks/, which every linked worktree shares."},
        footer = {"", "ACTION is one of:",
            "  install    install (or update) the hook",
            "  uninstall  remove it and put back the hook that was there before",
            "  check      what the hook runs: check the staged files (exit 3 when refused)",
            "", "GHP_GUARD=warn makes the check only warn; GHP_GUARD=off skips it. An invalid GHP_AGENT or",
            "a broken .ghp/config.json refuses the commit (exit 3) and names the fix. Who is stale is",
            "judged as agent-status judges it, with the repository's agents.staleAfter (not the",
            "committer's GHP_STALE_AFTER) and agents.waitingStaleAfter for waiting agents and leads. When ghp cannot",
            "check at all (no Java, a broken record) the hook warns and lets the commit through: the guard",
            "protects agents from accidents, it is not an access control (git commit --no-verify skips any hook).",
            "", "Examples:",
            "  ghp agent-guard install",
            "  GHP_GUARD=warn git commit -m \"touches a shared file, knowingly\"",
            "  ghp agent-guard uninstall"})
public final class GuardCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "ACTION", description = "install, uninstall or check")
    String action;

    @Mixin
    AgentOption agent = new AgentOption();

    public GuardCommand(Io io, Environment env) {
        super(io, env);
    }

    @Override
    protected int run() {
        return switch (action) {
            case "install" -> install();
            case "uninstall" -> uninstall();
            case "check" -> check();
            default -> throw new UsageException("unknown action '" + Printable.quote(action) + "'",
                    "use one of: install, uninstall, check");
        };
    }

    private int install() {
        RepoContext rc = repo();
        HooksDirectory hooks = HooksDirectory.of(rc, env.get("HOME"));
        CommitGuard.Installed result = CommitGuard.install(hooks.dir(), env.get("GHP_LAUNCHER"));
        if (hooks.relative()) {
            io.err().println("ghp: note: core.hooksPath is relative, so each worktree has its own " + hooks.dir().getFileName()
                    + "; install the guard in each worktree, or commit the hook");
        }
        if (json) {
            ObjectNode o = Json.object();
            o.put("schemaVersion", 1);
            o.put("installed", true);
            o.put("updated", result.updated());
            o.put("hook", result.hook().toString());
            o.put("hooksPathFrom", hooks.source());
            o.put("previousHook", result.previous() == null ? null : result.previous().toString());
            io.out().print(Json.pretty(o));
        } else {
            String kept = result.previous() == null ? ""
                    : " (the hook that was there is kept as " + result.previous().getFileName() + " and still runs)";
            io.out().println("✓ commit guard " + (result.updated() ? "updated" : "installed") + " in " + result.hook() + kept);
        }
        return ExitCode.OK;
    }

    private int uninstall() {
        HooksDirectory hooks = HooksDirectory.of(repo(), env.get("HOME"));
        CommitGuard.Removed result = CommitGuard.uninstall(hooks.dir());
        if (json) {
            ObjectNode o = Json.object();
            o.put("schemaVersion", 1);
            o.put("removed", result.removed());
            o.put("restoredPreviousHook", result.restored());
            o.put("hook", result.hook().toString());
            io.out().print(Json.pretty(o));
        } else if (!result.removed()) {
            io.out().println("No commit guard installed in " + result.hook() + "; nothing to do");
        } else {
            io.out().println("✓ commit guard removed from " + result.hook()
                    + (result.restored() ? "; the previous hook is back in its place" : ""));
        }
        return ExitCode.OK;
    }

    /**
     * Run by the hook: prints nothing on stdout; refuses with exit 3. What the committer controls
     * fails closed (its GHP_AGENT, .ghp/config.json, which any agent can edit): a broken value is a
     * refusal that names the fix, never a silent pass. What only breaks the check itself (no
     * repository, a record that cannot be read) fails open with a warning: the guard prevents
     * accidents between cooperating agents, it is not access control. docs/decisions.md has why.
     */
    private int check() {
        String mode = env.get("GHP_GUARD");
        String m = mode == null ? "" : mode.trim().toLowerCase(Locale.ROOT);
        if (m.equals("off") || m.equals("0") || m.equals("false")) {
            return ExitCode.OK;
        }
        boolean warnOnly = m.equals("warn");
        if (!m.isEmpty() && !warnOnly && !m.equals("on") && !m.equals("enforce")) {
            io.err().println("ghp: warning: GHP_GUARD='" + Printable.quote(mode) + "' is not warn, off or on; enforcing");
        }
        RepoContext rc;
        List<String> paths;
        try {
            rc = repo();
            paths = StagedPaths.of(rc.repository(), env.get("GIT_INDEX_FILE"), env.workingDirectory());
        } catch (GhpException e) {
            return cannotCheck(e);
        }
        if (paths.isEmpty()) {
            return ExitCode.OK;
        }
        GuardSettings settings = guardSettings();
        StatusDocument doc;
        try {
            doc = store().read().status();
        } catch (GhpException e) {
            return cannotCheck(e);
        }
        Instant now = env.clock().instant();
        List<GuardRule.Violation> violations = GuardRule.violations(paths, doc, settings.me(), settings.detector(), now);
        List<GuardRule.SharedViolation> shared = GuardRule.sharedWithoutApproval(paths, settings.shared(), doc, settings.me());
        if (violations.isEmpty() && shared.isEmpty()) {
            return ExitCode.OK;
        }
        String message = violations.isEmpty() ? describeShared(shared) : describe(violations);
        if (warnOnly) {
            io.err().println("ghp: warning: " + message + " (GHP_GUARD=warn: committing anyway)");
            return ExitCode.OK;
        }
        if (violations.isEmpty()) {
            throw new RefusedException(message, "ask for an approval: ghp agent-heartbeat --files "
                    + Printable.line(shared.get(0).pattern()) + " (the orchestrator resolves it); to commit anyway once: "
                    + "GHP_GUARD=warn git commit ...");
        }
        throw new RefusedException(message,
                "leave these files to their holder, or settle it: ghp agent-escalate --kind conflict \"...\"; "
                        + "to commit anyway once: GHP_GUARD=warn git commit ...");
    }

    /** Who commits, the stale limit and the shared files: read so that a broken value refuses the commit. */
    private record GuardSettings(String me, StaleDetector detector, List<ScopePattern> shared) {
    }

    private GuardSettings guardSettings() {
        String me;
        try {
            me = identity(agent.given()).name();
        } catch (UsageException e) {
            throw new RefusedException("the commit guard cannot tell who commits: " + Printable.line(e.getMessage()),
                    "fix it: set GHP_AGENT to the agent's name ([A-Za-z0-9._-], 1 to 64) or unset it");
        }
        try {
            // The repository's limits, never the committer's own GHP_STALE_AFTER: a committer must
            // not decide that the holders it would overrule are stale. Waiting agents and leads are
            // judged with agents.waitingStaleAfter, as agent-status shows them (#21).
            return new GuardSettings(me, committedStaleDetector(), SharedFilesSetting.read(settings()));
        } catch (GhpException e) {
            // Malformed, not a regular file, too large or unreadable: any agent can make the file so.
            throw new RefusedException("the commit guard cannot read its settings: " + Printable.line(e.getMessage()),
                    "fix " + AgentsConfig.FILE + " (check it with: ghp agent-status); a broken configuration "
                            + "refuses commits rather than letting them through unchecked");
        }
    }

    private int cannotCheck(GhpException e) {
        if (e.exitCode() == ExitCode.REFUSED) {
            throw e;
        }
        io.err().println("ghp: warning: the commit guard could not check this commit: " + Printable.line(e.getMessage()));
        return ExitCode.OK;
    }

    private static String describeShared(List<GuardRule.SharedViolation> shared) {
        List<String> parts = shared.stream().limit(5)
                .map(v -> Printable.line(v.path()) + " (agents.sharedFiles " + Printable.line(v.pattern()) + ")").toList();
        return "this commit touches " + (shared.size() == 1 ? "a shared file" : shared.size() + " shared files")
                + " without an approval: " + String.join(", ", parts)
                + (shared.size() > parts.size() ? ", and " + (shared.size() - parts.size()) + " more" : "");
    }

    private static String describe(List<GuardRule.Violation> violations) {
        Map<String, List<GuardRule.Violation>> byPath = new LinkedHashMap<>();
        violations.forEach(v -> byPath.computeIfAbsent(v.path(), k -> new ArrayList<>()).add(v));
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, List<GuardRule.Violation>> e : byPath.entrySet()) {
            List<String> holders = new ArrayList<>();
            for (GuardRule.Violation v : e.getValue()) {
                String seen = v.holderView().age() == null ? "" : ", seen " + Durations.brief(v.holderView().age()) + " ago";
                holders.add(Printable.line(v.holder()) + " holds " + Printable.line(v.pattern()) + seen);
            }
            parts.add(Printable.line(e.getKey()) + " (" + String.join("; ", holders) + ")");
        }
        int shown = Math.min(parts.size(), 5);
        String list = String.join(", ", parts.subList(0, shown)) + (parts.size() > shown ? ", and " + (parts.size() - shown) + " more" : "");
        return "this commit touches " + (byPath.size() == 1 ? "a file" : byPath.size() + " files")
                + " in another agent's scope: " + list;
    }
}
