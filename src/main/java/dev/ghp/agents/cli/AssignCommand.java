package dev.ghp.agents.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.errors.ExitCode;
import dev.ghp.agents.errors.RefusedException;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.handoff.AssignmentComment;
import dev.ghp.agents.handoff.GitHubConnector;
import dev.ghp.agents.input.EscalationInput;
import dev.ghp.agents.input.HeartbeatInput;
import dev.ghp.agents.input.MessageInput;
import dev.ghp.agents.model.AgentDecision;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.AgentStatus;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.model.Message;
import dev.ghp.agents.model.MessageCodec;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.rules.AnswerRoles;
import dev.ghp.agents.rules.ChangeNotices;
import dev.ghp.agents.rules.Claims;
import dev.ghp.agents.rules.ClockSkew;
import dev.ghp.agents.rules.FilesAlong;
import dev.ghp.agents.rules.Heartbeat;
import dev.ghp.agents.rules.Notices;
import dev.ghp.agents.rules.StaleDetector;
import dev.ghp.agents.rules.scope.ScopePattern;
import dev.ghp.agents.store.Change;
import dev.ghp.agents.store.Decision;
import dev.ghp.agents.store.DecisionFiles;
import dev.ghp.agents.store.EscalationFiles;
import dev.ghp.agents.store.MessageFiles;
import dev.ghp.agents.text.Printable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ghp agent-assign}: an orchestrator hands an issue to a worker; the claim is the worker's at once. */
@Command(name = "agent-assign",
        description = {
            "Hand issue N to an agent: the claim (and --files) is recorded as the agent's at once, under the",
            "same authority rules as a heartbeat's, and the agent is told in its inbox ('ghp agent-inbox')."},
        footer = {"", "An agent not in the record yet gets an entry (starting) that goes stale like any other if it",
            "never reports. An agent's previous issue is released, and its message says so. Another live",
            "holder of the issue or of overlapping files refuses it (exit 3) unless --force, which is recorded.",
            "The one who assigns need not be a registered agent.",
            "", "Examples:",
            "  ghp agent-assign --to worker-2 --issue 150 --note \"the tokenizer first; #147 needs it\"",
            "  ghp agent-assign --to worker-3 --issue 151 --files 'src/parser/**' --by lead",
            "  ghp agent-assign --to worker-2 --issue 150 --github --note \"pairs with #147\""})
public final class AssignCommand extends BaseCommand {

    @Option(names = "--to", required = true, paramLabel = "AGENT", description = "The agent that gets the work.")
    String to;

    @Mixin
    IssueOption issue = new IssueOption();

    @Option(names = "--files", paramLabel = "GLOB", description = "A file-scope pattern the agent claims with it (repeatable).")
    List<String> files;

    @Option(names = "--note", paramLabel = "TEXT", description = "What the agent should know; part of its message.")
    String note;

    @Option(names = "--by", paramLabel = "NAME",
            description = "Who assigns (default: GHP_AGENT, else git's user.name, else USER); inside an agent session"
                    + " only the agent's own name (the default there), else exit 3.")
    String by;

    @Option(names = "--force", description = "Take the issue or files from a live holder (recorded on both entries).")
    boolean force;

    @Option(names = "--github", description = "Also comment on the issue on GitHub, naming the agent and the note"
            + " (a failure is a warning: the assignment stands).")
    boolean github;

    private final GitHubConnector gitHub;

    public AssignCommand(Io io, Environment env) {
        this(io, env, GitHubConnector.FROM_ENVIRONMENT);
    }

    /** With the way to GitHub given: the seam through which tests pass a fake gateway. */
    public AssignCommand(Io io, Environment env, GitHubConnector gitHub) {
        super(io, env);
        this.gitHub = gitHub;
    }

    @Override
    protected int run() {
        String worker = HeartbeatInput.agentName(to, "--to");
        if (!issue.given()) {
            throw new UsageException("agent-assign needs --issue N: the issue the agent gets");
        }
        Integer issueNumber = issue.number();
        String text = note == null ? null : MessageInput.text(note);
        List<ScopePattern> scope = scope();
        AgentCaller runner = caller();
        if (by != null) {
            AnswerRoles.requireOwnName("--by", by.strip(), runner.session().orElse(null), runner.ownNames());
        }
        // Inside an agent's session the agent assigns, in its own name: never git's user.name.
        String assigner = EscalationInput.resolver(by != null ? by : runner.session().isPresent()
                ? runner.ownName().orElseGet(this::defaultAssigner) : defaultAssigner());
        Instant now = env.clock().instant();
        StaleDetector detector = staleDetector(null);
        Claims.Settings settings = new Claims.Settings(detector, SharedFilesSetting.read(settings()), now);
        Assigned assigned = store().decide(snapshot -> {
            StatusDocument doc = ClockSkew.clamp(snapshot.status(), now, detector.staleAfter());
            AgentRecord previous = doc.agents().get(worker);
            AgentRecord next = new Heartbeat(issueNumber, AgentStatus.STARTING, null, null, null, null, null)
                    .applyTo(previous, now);
            Claims.Outcome outcome = Claims.evaluate(doc, Claims.memoize(() -> EscalationFiles.open(snapshot)),
                    new Claims.Request(worker, previous, next, scope, force), settings, Escalation::newId);
            if (outcome instanceof Claims.Refused refused) {
                if (refused.escalations().isEmpty()) {
                    return Decision.nothing(new Assigned(refused, null, null, null));
                }
                Change c = Change.of("refused assignment of #" + issueNumber + " to " + worker + ": file scope overlaps;"
                        + " escalated", EscalationMirroring.author(assigner));
                refused.escalations().forEach(e -> EscalationFiles.put(c, e));
                MessageFiles.sendAll(c, snapshot, Notices.refusedForFiles(refused.escalations(), doc, now), now);
                return Decision.write(c, new Assigned(refused, null, null, null));
            }
            Claims.Granted granted = (Claims.Granted) outcome;
            FilesAlong.Result along = FilesAlong.apply(doc, granted.doc(), worker, issueNumber, detector, now);
            StatusDocument after = along.doc();
            AgentRecord assignedRecord = after.agents().get(worker);
            Integer released = previous == null || Objects.equals(previous.issue(), issueNumber) ? null : previous.issue();
            Message told = Message.unread(Message.newId(), Message.Kind.ASSIGNMENT, assigner, worker, worker,
                    assignmentText(issueNumber, assigner, released, assignedRecord.files(), granted, text), issueNumber, now);
            Change c = Change.of("assign #" + issueNumber + " to " + worker + " by " + assigner + (force ? " (forced)" : ""),
                    EscalationMirroring.author(assigner));
            Map<String, List<JsonNode>> lost = ChangeNotices.lostClaims(doc, after);
            c.putStatus(DecisionFiles.record(c, after, decisions(worker, issueNumber, assigner, now, scope != null,
                    assignedRecord, along, lost)));
            granted.escalations().forEach(e -> EscalationFiles.put(c, e));
            List<Message> notices = new ArrayList<>();
            notices.add(told);
            lost.forEach((holder, events) -> notices.add(Message.unread(
                    Message.newId(), Message.Kind.ASSIGNMENT, assigner, holder, holder,
                    movedText(issueNumber, worker, assigner, force, events), issueNumber, now)));
            notices.addAll(ChangeNotices.blockers(doc, after, assigner, detector, now));
            MessageFiles.sendAll(c, snapshot, notices, now);
            return Decision.write(c, new Assigned(granted, told, released, assignedRecord));
        }).result();
        if (assigned.outcome() instanceof Claims.Refused refused) {
            throw new RefusedException(refused.message() + " (nothing was assigned to " + worker + ")", refused.hint());
        }
        Claims.Granted granted = (Claims.Granted) assigned.outcome();
        List<String> warnings = new ArrayList<>();
        ObjectNode githubResult = github ? AssignmentComment.post(gitHub.connect(env.variables(), repo(), spawnContext()),
                issueNumber, worker, assigner, text, warnings) : null;
        if (json) {
            ObjectNode root = Json.object();
            root.put("schemaVersion", 1);
            root.put("agent", worker);
            root.put("issue", issueNumber);
            if (assigned.released() == null) {
                root.putNull("released");
            } else {
                root.put("released", assigned.released());
            }
            assigned.record().files().forEach(root.putArray("files")::add);
            assigned.record().pendingFiles().forEach(root.putArray("pendingFiles")::add);
            root.set("message", MessageCodec.toJson(assigned.told()));
            if (githubResult != null) {
                root.set("github", githubResult);
            }
            io.out().print(Json.pretty(root));
            warnings.forEach(w -> io.err().println("ghp: warning: " + Printable.line(w)));
        } else {
            io.out().println("✓ #" + issueNumber + " assigned to " + worker
                    + (assigned.released() == null ? "" : " (#" + assigned.released() + " released)")
                    + " · told in " + assigned.told().id());
            granted.notes().forEach(n -> io.err().println("ghp: " + Printable.line(n)));
            if (githubResult != null && githubResult.path("posted").asBoolean()) {
                io.out().println("  commented on #" + issueNumber + ": " + Printable.line(githubResult.path("url").asText()));
            }
            warnings.forEach(w -> io.err().println("ghp: warning: " + Printable.line(w)));
        }
        return ExitCode.OK;
    }

    /**
     * The decisions an assignment makes (docs/decisions.md, #21): the worker's issue and scope, and
     * for each holder that lost claims to it, their release. Without --files the scope is the
     * worker's own and the decision only adds what came along from a stale holder (rules/FilesAlong). A merge with a record of one of them
     * that had not seen the assignment carries it out again.
     */
    private static List<AgentDecision> decisions(String worker, Integer issue, String assigner, Instant now,
                                                 boolean scoped, AgentRecord assigned, FilesAlong.Result along,
                                                 Map<String, List<JsonNode>> lost) {
        List<AgentDecision> out = new ArrayList<>();
        String id = AgentDecision.newId();
        out.add(AgentDecision.of(id, AgentDecision.Kind.ASSIGN, worker, assigner, now, AgentDecision.SUBJECT_WORK,
                scoped ? AgentDecision.Effect.work(issue, assigned.files(), assigned.pendingFiles())
                        : AgentDecision.Effect.takenOver(issue, along.moved(), along.movedPending()), null, null, null));
        lost.forEach((holder, events) -> {
            Integer lostIssue = null;
            List<String> lostFiles = new ArrayList<>();
            for (JsonNode event : events) {
                if (event.hasNonNull("issue")) {
                    lostIssue = event.get("issue").asInt();
                }
                event.path("files").forEach(f -> lostFiles.add(f.asText()));
            }
            String released = AgentDecision.newId();
            out.add(AgentDecision.of(released, AgentDecision.Kind.RELEASE, holder, assigner, now, released,
                    AgentDecision.Effect.released(lostIssue, lostFiles, null), null, null, worker));
        });
        return out;
    }

    /**
     * What a holder whose claims the assignment moved to the worker reads: the issue, and the
     * patterns of its file scope the worker took over (the release events the claim rules noted).
     */
    static String movedText(Integer issue, String worker, String assigner, boolean force, List<JsonNode> events) {
        List<String> lost = new ArrayList<>();
        for (JsonNode event : events) {
            if (event.hasNonNull("issue")) {
                lost.add(event.get("issue").asInt() == issue ? "it" : "#" + event.get("issue").asInt());
            }
            event.path("files").forEach(f -> lost.add(f.asText()));
        }
        return "#" + issue + " was assigned to " + worker + " by " + assigner + (force ? " with --force" : "")
                + "; your claim on " + String.join(", ", lost) + " was released";
    }

    /** What the worker reads: who assigned what, what it lost, its files, the note; no orders of the tool's. */
    static String assignmentText(Integer issue, String by, Integer released, List<String> files, Claims.Granted granted,
                                 String note) {
        StringBuilder b = new StringBuilder("#").append(issue).append(" assigned to you by ").append(by);
        if (released != null) {
            b.append("; your claim on #").append(released).append(" was released");
        }
        if (!files.isEmpty()) {
            b.append("; files: ").append(String.join(", ", files));
        }
        if (!granted.pending().isEmpty()) {
            b.append("; waiting on an approval: ").append(String.join(", ", granted.pending()));
        }
        if (note != null) {
            b.append("\n").append(note);
        }
        return b.toString();
    }

    private List<ScopePattern> scope() {
        if (files == null) {
            return null;
        }
        if (files.size() > HeartbeatCommand.MAX_PATTERNS) {
            throw new UsageException("--files was given " + files.size() + " times; the limit is "
                    + HeartbeatCommand.MAX_PATTERNS, "claim directories (src/parser/**) rather than single files");
        }
        List<ScopePattern> out = new ArrayList<>();
        files.forEach(f -> out.add(ScopePattern.parse(f)));
        return out;
    }

    private String defaultAssigner() {
        String agentName = env.get("GHP_AGENT");
        if (agentName != null && !agentName.isBlank()) {
            return agentName;
        }
        String user = repo().repository().getConfig().getString("user", null, "name");
        if (user != null && !user.isBlank()) {
            return user;
        }
        String login = env.get("USER");
        return login == null || login.isBlank() ? "orchestrator" : login;
    }

    /** What the write decided: granted or refused; the message the worker got; the issue it lost; its record. */
    private record Assigned(Claims.Outcome outcome, Message told, Integer released, AgentRecord record) {
    }
}
