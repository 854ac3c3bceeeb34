package dev.ghp.agents.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.errors.ExitCode;
import dev.ghp.agents.errors.GhpException;
import dev.ghp.agents.errors.RefusedException;
import dev.ghp.agents.errors.NotFoundHere;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.ghp.GhpPipeline;
import dev.ghp.agents.git.RepoContext;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.EscalationCodec;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.render.EscalationList;
import dev.ghp.agents.render.Style;
import dev.ghp.agents.input.AgentSession;
import dev.ghp.agents.rules.AnswerRoles;
import dev.ghp.agents.rules.ApprovalAnswer;
import dev.ghp.agents.rules.Approvals;
import dev.ghp.agents.rules.Awards;
import dev.ghp.agents.rules.WorktreeAgents;
import dev.ghp.agents.text.Durations;
import dev.ghp.agents.input.EscalationInput;
import dev.ghp.agents.input.HeartbeatInput;
import dev.ghp.agents.text.Printable;
import dev.ghp.agents.input.SpawnContext;
import dev.ghp.agents.rules.StaleDetector;
import dev.ghp.agents.store.Change;
import dev.ghp.agents.store.CoordinationStore;
import dev.ghp.agents.store.Decision;
import dev.ghp.agents.store.EscalationFiles;
import dev.ghp.agents.store.MessageFiles;
import dev.ghp.agents.model.Message;
import dev.ghp.agents.rules.Notices;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ghp agent-escalate}: open, list, show and resolve what needs a human. */
@Command(name = "agent-escalate",
        description = {
            "Open an escalation (a question, conflict, blocker, decision or approval for a human),",
            "list them, or resolve one. Opening prints the new id; --json prints the whole record.",
            "Open escalations show in 'ghp agent-status', whose --check then exits 4."},
        footer = {"", "With --github (or agents.github.escalations: true in .ghp/config.json) opening also",
            "comments on the GitHub issue and labels it (agents.github.label, default needs-human);",
            "resolving comments the answer and removes the label. Token: GITHUB_TOKEN or GH_TOKEN.",
            "Without a token or network the escalation is still recorded, and stderr says what was skipped.",
            "", "Examples:",
            "  ghp agent-escalate --issue 147 \"Should the parser accept tabs? The spec is silent.\"",
            "  ghp agent-escalate --kind decision --github \"Split #147 into two PRs?\"",
            "  ghp agent-escalate --needs-attention \"Blocked: the API key is missing\"   # and GHP's needs_attention",
            "  ghp agent-escalate --list                 # open ones; --all for every one",
            "  ghp agent-escalate --resolve esc-7f3a9c1d --answer \"Yes, tabs are fine\" --by alice",
            "  ghp agent-escalate --resolve esc-0b1c2d3e --approve",
            "  ghp agent-escalate --resolve esc-0b1c2d3e --approve 'docs/**' --deny /README.md   # in part",
            "  ghp agent-escalate --resolve esc-5c1e0a7b --award worker-1 --answer \"worker-2 takes #150\""})
public final class EscalateCommand extends BaseCommand {

    @Mixin
    AgentOption agent = new AgentOption();

    @Mixin
    IssueOption issue = new IssueOption();

    @Option(names = "--kind", paramLabel = "KIND", description = "question (default), conflict, blocked, decision or approval; with --list, only this kind.")
    String kind;

    @Option(names = "--github", negatable = true,
            description = "Mirror on the GitHub issue (comment and label); --no-github overrides agents.github.escalations.")
    Boolean github;

    @Option(names = "--needs-attention", negatable = true,
            description = "Also put the issue into GHP's needs_attention stage (ghp pipeline set needs_attention N);"
                    + " --no-needs-attention overrides agents.ghp.needsAttention. Skipped, with a note, without GHP's CLI."
                    + " Resolving the escalation puts the issue back in the stage it left.")
    Boolean needsAttention;

    @Option(names = "--wait", paramLabel = "DURATION",
            description = "When opening: wait up to DURATION (30s, 10m) for the answer and print it; time up: print the id, exit 4"
                    + " (the answer still arrives in the agent's inbox).")
    Duration wait;

    @Option(names = "--list", description = "List open escalations.")
    boolean list;

    @Option(names = "--all", description = "With --list: resolved ones too.")
    boolean all;

    @Option(names = "--show", paramLabel = "ID", description = "Show one escalation in full.")
    String show;

    @Option(names = "--resolve", paramLabel = "ID", description = "Resolve an open escalation.")
    String resolve;

    @Option(names = "--answer", paramLabel = "TEXT", description = "With --resolve: the answer.")
    String answer;

    // A value is optional: without one, the option answers every pattern the other does not name.
    @Option(names = "--approve", arity = "0..1", paramLabel = "PATTERN", fallbackValue = ApprovalAnswer.REST,
            description = "With --resolve: approve an approval (pending file claims become active); with PATTERN"
                    + " (repeatable), only that pattern of the request.")
    List<String> approve;

    @Option(names = "--deny", arity = "0..1", paramLabel = "PATTERN", fallbackValue = ApprovalAnswer.REST,
            description = "With --resolve: deny an approval (pending file claims are dropped); with PATTERN"
                    + " (repeatable), only that pattern of the request.")
    List<String> deny;

    @Option(names = "--award", paramLabel = "AGENT",
            description = "With --resolve on a conflict: AGENT keeps the contested issue and files; the other agent loses them"
                    + " (in the same commit as the resolution).")
    String award;

    @Option(names = "--by", paramLabel = "NAME", description = "With --resolve: who answers (default: GHP_AGENT, else git user.name, else USER)."
                    + " Inside an agent session only the agent's own name (the default there), else exit 3.")
    String by;

    @Parameters(arity = "0..*", paramLabel = "MESSAGE", description = "What the human should know or decide.")
    List<String> message;

    public EscalateCommand(Io io, Environment env) {
        super(io, env);
    }

    @Override
    protected int run() {
        int modes = (list ? 1 : 0) + (show != null ? 1 : 0) + (resolve != null ? 1 : 0);
        boolean hasMessage = message != null && !message.isEmpty();
        if (modes > 1 || (modes == 1 && hasMessage)) {
            throw new UsageException("give one of: a MESSAGE to open an escalation, --list, --show ID, --resolve ID");
        }
        if (resolve == null && (answer != null || answersApproval() || by != null || award != null)) {
            throw new UsageException("--answer, --approve, --deny, --award and --by go with --resolve ID");
        }
        if (!list && all) {
            throw new UsageException("--all goes with --list");
        }
        if ((list || show != null) && github != null) {
            throw new UsageException("--github goes with opening or resolving an escalation");
        }
        if ((list || show != null || resolve != null) && needsAttention != null) {
            throw new UsageException("--needs-attention goes with opening an escalation");
        }
        if (wait != null && (list || show != null || resolve != null)) {
            throw new UsageException("--wait goes with opening an escalation");
        }
        if (wait != null && (wait.isNegative() || wait.isZero() || wait.compareTo(InboxCommand.MAX_WAIT) > 0)) {
            throw new UsageException("--wait takes more than 0s and at most 24h, got " + Durations.brief(wait));
        }
        if (list) {
            return list();
        }
        if (show != null) {
            return show(EscalationInput.id(show));
        }
        if (resolve != null) {
            return resolve(EscalationInput.id(resolve));
        }
        return open();
    }

    private int open() {
        Escalation.Kind k = EscalationInput.kind(kind);
        String text = EscalationInput.text(message == null ? null : String.join(" ", message), "the message");
        Integer issueNumber = issue.number();
        SpawnContext spawn = spawnContext();
        RepoContext rc = repo();
        String name = identity(agent.given()).name();
        CoordinationStore store = store();
        if (issueNumber == null) {
            AgentRecord own = store.read().status().agents().get(name);
            if (own != null && own.issue() != null) {
                issueNumber = own.issue();
            } else {
                issueNumber = contextIssue(spawn);
            }
        }
        if (mirrorWanted(false)) {
            mirroring().requireSecureEndpoint(); // a refusal (exit 2) before anything is written
        }
        Escalation e = Escalation.open(Escalation.newId(), k, text, issueNumber, name, env.clock().instant());
        store.update(snapshot -> {
            Set<String> caller = callerAgents(snapshot.status());
            if (!caller.isEmpty() && !caller.contains(name)) {
                throw new RefusedException("an agent opens escalations in its own name: this is "
                        + String.join(", ", caller.stream().map(Printable::line).toList()) + ", not "
                        + Printable.line(name) + " (nothing was written)",
                        "leave out --agent; a person opens one for another agent from outside the agent's worktree");
            }
            if (snapshot.file(e.path()).isPresent()) {
                throw new IllegalStateException("escalation id collision: " + e.id());
            }
            return EscalationFiles.put(Change.of("escalate " + e.id() + " " + k.wire() + " by " + name, name), e);
        });
        Escalation result = e;
        if (mirrorWanted(false)) {
            result = mirror(store, e, true);
        }
        if (needsAttentionWanted()) {
            result = flagInGhp(store, result, rc);
        }
        if (wait != null) {
            // Recorded before the send, so the escalation and the wait reach the remote in one push.
            WaitHeartbeat waiting = new WaitHeartbeat(this, identity(agent.given()), "agent-escalate --wait for " + result.id());
            waiting.record();
            sendAddressedWriteNow();
            return awaitAnswer(store, result, waiting);
        }
        if (json) {
            io.out().print(Json.pretty(EscalationCodec.toJson(result)));
        } else {
            io.out().println(result.id());
        }
        return ExitCode.OK;
    }

    /**
     * {@code --wait}: the answer printed as soon as the escalation is resolved (exit 0); time up, its
     * id (exit 4), so the agent can look for the answer later or mark itself blocked on it.
     */
    private int awaitAnswer(CoordinationStore store, Escalation opened, WaitHeartbeat waiting) {
        java.util.Optional<Escalation> answered = RefWait.until(repo().repository(), wait, store::read,
                snapshot -> EscalationFiles.find(snapshot, opened.id()).filter(e -> !e.isOpen()), remoteLook(), waiting::record);
        Escalation shown = answered.orElse(opened);
        answered.ifPresent(e -> markNoticeRead(store, e));
        if (json) {
            io.out().print(Json.pretty(EscalationCodec.toJson(shown)));
        } else if (answered.isPresent()) {
            for (String line : (shown.answer() == null ? "" : shown.answer()).split("\n", -1)) {
                io.out().println(Printable.line(line));
            }
        } else {
            io.out().println(opened.id());
            io.err().println("ghp: note: no answer to " + opened.id() + " within " + Durations.brief(wait)
                    + "; it stays open, and the answer will reach the inbox (ghp agent-inbox)");
        }
        return answered.isPresent() ? ExitCode.OK : ExitCode.ATTENTION;
    }

    /** {@code --needs-attention}, else {@code agents.ghp.needsAttention: true} in the configuration. */
    private boolean needsAttentionWanted() {
        return settings().ghp().needsAttention().value(needsAttention);
    }

    /**
     * GHP's "needs attention" group for the issue's worktree; optional: the escalation stands either
     * way. The stage the issue left is kept on the escalation (a second write), so that resolving it
     * restores that stage; an escalation opened while the issue already needs attention takes the
     * stage from the open one that moved it, so whichever of them is resolved last restores it.
     */
    private Escalation flagInGhp(CoordinationStore store, Escalation opened, RepoContext rc) {
        Integer issueNumber = opened.issue();
        if (issueNumber == null) {
            io.err().println("ghp: note: the escalation has no issue, so no GHP stage was changed");
            return opened;
        }
        GhpPipeline.Flagged flagged = new GhpPipeline(env.variables(), ghpDirectory(rc)).needsAttention(issueNumber);
        GhpPipeline.Outcome outcome = flagged.outcome();
        io.err().println((outcome.warning() ? "ghp: warning: " : "ghp: note: ") + outcome.message()
                + (outcome.warning() ? "; the escalation is recorded" : ""));
        String previous = flagged.previousStage();
        if (flagged.alreadyThere()) {
            previous = EscalationFiles.open(store.read()).stream()
                    .filter(e -> !e.id().equals(opened.id()) && issueNumber.equals(e.issue()) && e.ghpPreviousStage() != null)
                    .map(Escalation::ghpPreviousStage).findFirst().orElse(null);
        }
        if (previous == null) {
            return opened;
        }
        String stage = previous;
        return store.decide(snapshot -> EscalationFiles.find(snapshot, opened.id())
                .map(e -> e.withGhpPreviousStage(stage))
                .map(e -> Decision.write(EscalationFiles.put(Change.of("remember GHP stage " + stage + " of #" + issueNumber
                        + " for " + opened.id(), opened.agent()), e), e))
                .orElseGet(() -> Decision.nothing(opened))).result();
    }

    /**
     * Resolving an escalation that put its issue into GHP's needs_attention puts it back into the
     * stage it left, unless another open escalation on the issue still holds it there.
     */
    private void restoreGhpStage(CoordinationStore store, Escalation resolved) {
        if (resolved.ghpPreviousStage() == null || resolved.issue() == null) {
            return;
        }
        java.util.Optional<Escalation> holding = EscalationFiles.open(store.read()).stream()
                .filter(e -> resolved.issue().equals(e.issue()) && e.ghpPreviousStage() != null).findFirst();
        if (holding.isPresent()) {
            io.err().println("ghp: note: issue #" + resolved.issue() + " stays in GHP's " + GhpPipeline.NEEDS_ATTENTION
                    + " stage while " + holding.get().id() + " is open");
            return;
        }
        GhpPipeline.Outcome outcome = new GhpPipeline(env.variables(), ghpDirectory(repo()))
                .restore(resolved.issue(), resolved.ghpPreviousStage());
        io.err().println((outcome.warning() ? "ghp: warning: " : "ghp: note: ") + outcome.message());
    }

    /** Where GHP's CLI runs: it finds the repository (and its pipeline) from its working directory. */
    private Path ghpDirectory(RepoContext rc) {
        return rc.worktree() != null ? rc.worktree() : env.workingDirectory();
    }

    private int resolve(String id) {
        if (approve != null && deny != null && approve.contains(ApprovalAnswer.REST) && deny.contains(ApprovalAnswer.REST)) {
            throw new UsageException("--approve and --deny exclude each other",
                    "name the patterns of one of them: --approve 'docs/**' --deny /README.md");
        }
        if (award != null && answersApproval()) {
            throw new UsageException("--award settles a conflict; --approve and --deny an approval: give one");
        }
        String winner = award == null ? null : HeartbeatInput.agentName(award, "--award");
        String text = answer == null ? null : EscalationInput.text(answer, "--answer");
        if (text == null && !answersApproval() && winner == null) {
            throw new UsageException("--resolve needs --answer TEXT (or --approve / --deny for an approval, --award AGENT for a conflict)");
        }
        CoordinationStore store = store();
        Set<String> caller = callerAgents(store.read().status());
        AgentCaller runner = caller();
        AgentSession session = runner.session().orElse(caller.isEmpty() ? null
                : new AgentSession("ghp", "the worktree of " + caller.iterator().next(), null));
        Set<String> own = new java.util.LinkedHashSet<>(caller);
        if (session != null) {
            own.addAll(runner.ownNames());
        }
        // In an agent's session or worktree the agent answers, in its own name: never a person's by default.
        String resolver = EscalationInput.resolver(by != null ? by
                : !own.isEmpty() ? own.iterator().next() : session != null ? session.tool() : defaultResolver());
        StaleDetector detector = staleDetector(null);
        Instant now = env.clock().instant();
        if (mirrorWanted(true)) {
            mirroring().requireSecureEndpoint(); // as when opening: refused before the answer is written
        }
        EscalationResolution.Result resolution = store.decide(snapshot -> {
            Escalation e = EscalationFiles.find(snapshot, id).orElseThrow(() -> new NotFoundHere(
                    "no escalation " + id, "", "", "list them with: ghp agent-escalate --list --all"));
            if (!e.isOpen()) {
                throw new UsageException(id + " was already resolved by " + Printable.quote(e.resolvedBy()) + " at "
                        + e.resolvedAt() + (e.answer() == null ? "" : " (answer: " + Printable.quote(e.answer()) + ")"),
                        "nothing was changed; to ask again, open a new escalation");
            }
            boolean approval = e.isKind(Escalation.Kind.APPROVAL);
            if (approval && !answersApproval()) {
                throw new UsageException(id + " is an approval: resolve it with --approve or --deny");
            }
            if (!approval && answersApproval()) {
                throw new UsageException("--approve and --deny are for approvals; " + id + " is a " + Printable.quote(e.kind()),
                        "resolve it with --answer TEXT");
            }
            if (approval && (resolver.equals(e.agent()) || callerIs(e.agent()) || caller.contains(e.agent()))) {
                throw new RefusedException(e.agent() + " cannot resolve its own approval request " + id
                        + " (nothing was changed)", "a human or the orchestrator approves it, not the agent that asked");
            }
            if (winner != null && (resolver.equals(winner) || callerIs(winner) || caller.contains(winner))) {
                throw new RefusedException(winner + " cannot award " + id + " to itself (nothing was changed)",
                        "a human or the orchestrator settles a conflict, not an agent in it");
            }
            // A worktree's agent given --by is refused just below, in the words it always was.
            AnswerRoles.requireOwnName("--by", by == null ? null : resolver, runner.session().orElse(null), own);
            if (!caller.isEmpty() && !caller.contains(resolver)) {
                throw new RefusedException("an agent answers in its own name: this is "
                        + String.join(", ", caller.stream().map(Printable::line).toList()) + ", not "
                        + Printable.line(resolver) + " (nothing was changed)",
                        "leave out --by, or let " + Printable.line(resolver) + " answer from outside the agent's worktree");
            }
            AnswerRoles.requireMayAnswer(e, resolver, session, detector.leads());
            return EscalationResolution.write(snapshot, e, new EscalationResolution.Answer(text, approve, deny, winner),
                    resolver, EscalationMirroring.author(resolver), detector, now, r -> r);
        }).result();
        Escalation result = resolution.escalation();
        if (mirrorWanted(result.github() != null)) {
            result = mirror(store, result, false);
        }
        restoreGhpStage(store, result);
        if (json) {
            io.out().print(Json.pretty(EscalationCodec.toJson(result)));
        } else {
            StringBuilder line = new StringBuilder("✓ ").append(id).append(" resolved");
            if (result.decision() != null) {
                line.append(" (").append(result.decision()).append(')');
            }
            Approvals.Result moved = resolution.moved();
            if (moved != null && !moved.approved().isEmpty()) {
                line.append(" · ").append(String.join(", ", moved.approved().stream().map(Printable::line).toList()))
                        .append(" now claimed by ").append(Printable.line(result.agent()));
            }
            if (moved != null && !moved.denied().isEmpty()) {
                line.append(" · ").append(String.join(", ", moved.denied().stream().map(Printable::line).toList()))
                        .append(" dropped from the pending claims of ").append(Printable.line(result.agent()));
            }
            Awards.Result ar = resolution.awarded();
            if (ar != null) {
                line.append(" · awarded to ").append(Printable.line(award));
                List<String> lost = new java.util.ArrayList<>();
                if (ar.lostIssue() != null) {
                    lost.add("#" + ar.lostIssue());
                }
                lost.addAll(ar.lostFiles().stream().map(Printable::line).toList());
                line.append(lost.isEmpty() ? "; " + Printable.line(ar.loser()) + " held nothing contested"
                        : "; " + Printable.line(ar.loser()) + " released " + String.join(", ", lost));
            }
            io.out().println(line);
        }
        return ExitCode.OK;
    }

    /** The answer was printed here: its notice in the opener's inbox need not be delivered again. */
    private void markNoticeRead(CoordinationStore store, Escalation e) {
        if (e.agent() == null) {
            return;
        }
        String noticeId = Notices.answerId(e);
        Instant now = env.clock().instant();
        store.decide(snapshot -> {
            List<Message> notice = MessageFiles.unread(snapshot, e.agent()).stream()
                    .filter(m -> m.id().equals(noticeId)).toList();
            return notice.isEmpty() ? Decision.nothing(null) : Decision.write(MessageFiles.markRead(
                    Change.of("read the answer to " + e.id() + " (agent-escalate --wait)", e.agent()),
                    snapshot, e.agent(), notice, now), null);
        });
    }

    private boolean answersApproval() {
        return approve != null || deny != null;
    }

    private int list() {
        Integer issueFilter = issue.number();
        String kindFilter = kind == null ? null : EscalationInput.kind(kind).wire();
        String agentFilter = agent.given();
        if (agentFilter != null) {
            HeartbeatInput.agentName(agentFilter, "--agent");
        }
        CoordinationStore store = store();
        new GitHubAnswering(io, env, settings().github(), repo(), store, staleDetector(null), verbose).read();
        List<Escalation> shown = EscalationFiles.all(store.read()).stream()
                .filter(e -> all || e.isOpen())
                .filter(e -> issueFilter == null || Objects.equals(e.issue(), issueFilter))
                .filter(e -> kindFilter == null || kindFilter.equals(e.kind()))
                .filter(e -> agentFilter == null || agentFilter.equals(e.agent()) || e.agents().contains(agentFilter))
                .toList();
        if (json) {
            ObjectNode root = Json.object();
            root.put("schemaVersion", 1);
            var array = root.putArray("escalations");
            shown.forEach(e -> array.add(EscalationCodec.toJson(e)));
            io.out().print(Json.pretty(root));
            return ExitCode.OK;
        }
        if (shown.isEmpty()) {
            io.out().println(all ? "No escalations yet." : "No open escalations.");
            return ExitCode.OK;
        }
        io.out().print(new EscalationList(new Style(env.colour()), columns()).render(shown, env.clock().instant(), all));
        long open = shown.stream().filter(Escalation::isOpen).count();
        io.out().println(shown.size() + (shown.size() == 1 ? " escalation" : " escalations")
                + (all ? " · " + open + " open" : " open"));
        return ExitCode.OK;
    }

    private int show(String id) {
        Escalation e = EscalationFiles.find(store().read(), id).orElseThrow(() -> new NotFoundHere(
                "no escalation " + id, "", "", "list them with: ghp agent-escalate --list --all"));
        if (json) {
            io.out().print(Json.pretty(EscalationCodec.toJson(e)));
            return ExitCode.OK;
        }
        Instant now = env.clock().instant();
        StringBuilder b = new StringBuilder();
        b.append(e.id()).append(" · ").append(Printable.line(e.kind())).append(" · ").append(Printable.line(e.status()));
        if (e.issue() != null) {
            b.append(" · #").append(e.issue());
        }
        if (e.agent() != null) {
            b.append(" · ").append(Printable.line(e.agent()));
        }
        if (e.createdAt() != null) {
            b.append(" · opened ").append(Durations.brief(Duration.between(e.createdAt(), now))).append(" ago");
        }
        b.append('\n');
        for (String line : (e.message() == null ? "" : e.message()).split("\n", -1)) {
            b.append("  ").append(Printable.line(line)).append('\n');
        }
        if (!e.files().isEmpty()) {
            b.append("files: ").append(Printable.line(String.join(", ", e.files()))).append('\n');
        }
        if (!e.isOpen()) {
            b.append("resolved");
            if (e.decision() != null) {
                b.append(" (").append(Printable.line(e.decision())).append(')');
            }
            b.append(" by ").append(Printable.line(e.resolvedBy())).append(" at ").append(e.resolvedAt()).append('\n');
            if (e.answer() != null) {
                for (String line : e.answer().split("\n", -1)) {
                    b.append("  ").append(Printable.line(line)).append('\n');
                }
            }
        }
        dev.ghp.agents.model.GitHubAnswer.of(e).ifPresent(g -> b.append("answered on GitHub by @").append(Printable.line(g.login()))
                .append(g.verified() ? " (" + Printable.line(g.permission()) + " access, verified by GitHub): " : " (not verified): ")
                .append(Printable.line(g.url())).append('\n'));
        if (e.github() != null && e.github().comment() != null) {
            b.append("github: ").append(Printable.line(e.github().comment())).append('\n');
        }
        io.out().print(b);
        return ExitCode.OK;
    }

    private boolean mirrorWanted(boolean mirroredBefore) {
        if (github != null) {
            return github;
        }
        return mirroredBefore || mirroring().enabledByConfig();
    }

    private Escalation mirror(CoordinationStore store, Escalation e, boolean opening) {
        return mirroring().mirror(e, opening);
    }

    private EscalationMirroring mirroring() {
        return new EscalationMirroring(io, env, settings().github(), repo(), store());
    }

    /**
     * Whether the agent running this command is {@code agent}, by the identity a heartbeat would
     * use: GHP_AGENT (trimmed), GHP's spawn context, else the worktree's folder name. An agent in its
     * own worktree is itself whatever --by says.
     */
    private boolean callerIs(String agent) {
        if (agent == null) {
            return false;
        }
        try {
            return agent.equals(identity(null).name());
        } catch (GhpException e) {
            String raw = env.get("GHP_AGENT");
            return raw != null && agent.equals(raw.trim());
        }
    }

    /**
     * The agents this command speaks for, so that none acts in another's name: {@code GHP_AGENT},
     * and the agents recorded in this worktree when it is a linked one (the main checkout is where
     * a person works; an agent's own worktree stays its own whatever {@code GHP_AGENT} says).
     * Empty for a person outside every agent's worktree.
     */
    private Set<String> callerAgents(StatusDocument status) {
        Set<String> out = new java.util.LinkedHashSet<>();
        String raw = env.get("GHP_AGENT");
        if (raw != null && !raw.isBlank()) {
            out.add(raw.trim());
        }
        RepoContext rc = repo();
        if (rc.worktree() != null && !rc.worktree().equals(rc.mainWorktree())) {
            out.addAll(WorktreeAgents.in(status, rc.worktree().toString()));
        }
        return out;
    }

    private String defaultResolver() {
        String agentName = env.get("GHP_AGENT");
        if (agentName != null) {
            return agentName;
        }
        String user = repo().repository().getConfig().getString("user", null, "name");
        if (user != null && !user.isBlank()) {
            return user;
        }
        String login = env.get("USER");
        return login != null ? login : "unknown";
    }

    private int columns() {
        if (!env.stdoutIsTerminal()) {
            return 0;
        }
        String c = env.get("COLUMNS");
        return c != null && c.matches("\\d{2,4}") ? Integer.parseInt(c) : 100;
    }
}
