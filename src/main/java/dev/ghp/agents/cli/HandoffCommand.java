package dev.ghp.agents.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.errors.ExitCode;
import dev.ghp.agents.errors.NotFoundHere;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.git.RepoContext;
import dev.ghp.agents.handoff.GitHubConnector;
import dev.ghp.agents.handoff.Handoff;
import dev.ghp.agents.handoff.HandoffComment;
import dev.ghp.agents.handoff.HandoffCommit;
import dev.ghp.agents.handoff.HandoffFiles;
import dev.ghp.agents.handoff.HandoffGatherer;
import dev.ghp.agents.handoff.HandoffInput;
import dev.ghp.agents.handoff.HandoffIssue;
import dev.ghp.agents.handoff.HandoffMarkdown;
import dev.ghp.agents.handoff.HandoffMemory;
import dev.ghp.agents.handoff.IssueFacts;
import dev.ghp.agents.handoff.Transfer;
import dev.ghp.agents.input.AgentIdentity;
import dev.ghp.agents.input.HeartbeatInput;
import dev.ghp.agents.input.SpawnContext;
import dev.ghp.agents.mem0.Mem0Settings;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.model.StorePaths;
import dev.ghp.agents.rules.StaleDetector;
import dev.ghp.agents.store.CoordinationStore;
import dev.ghp.agents.store.Snapshot;
import dev.ghp.agents.store.WriteResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ghp agent-handoff}: writes the context document the next agent starts from, stores it on
 * the coordination ref, optionally moves the claim to the successor in the same commit, and can
 * publish it to GitHub and mem0. {@code --show} prints the latest one for an issue.
 */
@Command(name = "agent-handoff",
        description = {
            "Write the document the next agent starts from; --show prints the latest.",
            "",
            "The document gives the note for the successor, the issue, the agent's",
            "branch (commits since it left the main branch, diff stat, uncommitted",
            "changes), its claims, what it waits on, the open escalations and its",
            "recent activity. It is stored on the coordination ref as",
            ".ghp/handoffs/<issue>-<agent>-<utc-stamp>.md and printed. --to moves the",
            "issue's claim and the agent's file claims to the successor in the same",
            "commit."},
        footer = {"", "The agent is named as agent-heartbeat names it; the issue is --issue,",
            "else the agent's entry, else GHP_SPAWN_CONTEXT, else the branch name.",
            "--github and --mem0 are optional extras: when they fail, the handoff is",
            "still stored and a warning says what was skipped. mem0 is reached at",
            "agents.mem0 in .ghp/config.json (default https://api.mem0.ai) with the",
            "key in MEM0_API_KEY.",
            "", "Examples:",
            "  ghp agent-handoff --note \"parser done; lexer next, see esc-1a2b3c4d\"",
            "  ghp agent-handoff --agent worker-1 --to worker-2 --note-file note.md",
            "  ghp agent-handoff --show               # in the successor's worktree",
            "  ghp agent-handoff --show --issue 147 --json"})
public final class HandoffCommand extends BaseCommand {
    @Mixin
    AgentOption agent = new AgentOption();

    @Mixin
    IssueOption issue = new IssueOption();

    @Option(names = "--to", paramLabel = "NAME", description = "Hand the issue's claim and the file claims to this agent.")
    String to;

    @Option(names = "--note", paramLabel = "TEXT", description = "A note for the successor (at most 10000 characters).")
    String note;

    @Option(names = "--note-file", paramLabel = "FILE", description = "Read the note from FILE instead.")
    Path noteFile;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the document to FILE instead of stdout.")
    Path out;

    @Option(names = "--base", paramLabel = "BRANCH", description = "The main branch to compare with (default: GHP_SPAWN_CONTEXT, origin/HEAD, main, master).")
    String base;

    @Option(names = "--github", description = "Also post the document as a comment on the GitHub issue.")
    boolean github;

    @Option(names = "--mem0", description = "Also store the document in mem0 (long-term memory).")
    boolean mem0;

    @Option(names = "--show", description = "Print the latest handoff for the issue instead of writing one.")
    boolean show;

    @Mixin
    QuietOption quiet = new QuietOption();

    private final GitHubConnector gitHub;

    public HandoffCommand(Io io, Environment env) {
        this(io, env, GitHubConnector.FROM_ENVIRONMENT);
    }

    /** With the way to GitHub given: the seam through which tests pass a fake gateway. */
    public HandoffCommand(Io io, Environment env, GitHubConnector gitHub) {
        super(io, env);
        this.gitHub = gitHub;
    }

    /**
     * Everything that can be refused is checked before the one write: input, the agent, the
     * issue and the transfer; GitHub and mem0 come after it, so their failure is only a warning.
     */
    @Override
    protected int run() {
        Integer issueFlag = issue.number();
        if (show) {
            return show(issueFlag);
        }
        String successor = to == null ? null : HeartbeatInput.agentName(to, "--to");
        String noteText = note();
        OutFile outFile = OutFile.check(out, startDirectory());
        SpawnContext spawn = spawnContext();
        RepoContext rc = repo();
        AgentIdentity identity = identity(agent.given());
        String name = identity.name();
        if (name.equals(successor)) {
            throw new UsageException("--to names " + name + ", the agent handing off", "name the agent that takes over");
        }
        CoordinationStore store = store();
        Snapshot snapshot = store.read();
        StatusDocument doc = snapshot.status();
        AgentRecord record = doc.agents().get(name);
        if (record == null) {
            throw unknownAgent(name, identity, doc);
        }
        int issueNumber = HandoffIssue.toWrite(issueFlag, name, record, spawn, rc);
        Instant now = env.clock().instant();
        StaleDetector detector = staleDetector(null);
        if (successor != null) {
            new Transfer(name, successor, issueNumber, now, null, detector).check(doc);
        }

        List<String> warnings = new ArrayList<>();
        GitHubConnector.Link link = gitHub.connect(env.variables(), rc, spawn);
        Handoff handoff = gather(snapshot, name, record, identity, IssueFacts.of(issueNumber, spawn, link, warnings),
                successor, noteText, now, spawn);
        String markdown = HandoffMarkdown.render(handoff);
        byte[] bytes = markdown.getBytes(StandardCharsets.UTF_8);

        HandoffCommit commit = new HandoffCommit(name, successor, issueNumber, now, detector, bytes);
        WriteResult result = store.update(commit::change);
        String path = commit.path(result.snapshot());
        Transfer.Moved moved = commit.moved(result.snapshot());

        ObjectNode githubResult = github ? HandoffComment.post(link, issueNumber, markdown, path, warnings) : null;
        ObjectNode mem0Result = mem0 ? HandoffMemory.store(Mem0Settings.from(settings().mem0()), handoff,
                markdown, path, rc, spawn, warnings) : null;
        if (outFile != null) {
            outFile.write(bytes, path);
        }
        new HandoffReport(io, json, quiet.on()).print(handoff, markdown,
                new HandoffReport.Stored(path, result, moved, outFile, githubResult, mem0Result), warnings);
        return ExitCode.OK;
    }

    private Handoff gather(Snapshot snapshot, String name, AgentRecord record, AgentIdentity identity,
                           Handoff.Issue issueFacts, String successor, String noteText, Instant now, SpawnContext spawn) {
        RepoContext rc = repo();
        String branch = record.branch();
        String worktree = record.worktree();
        if (branch == null && worktree == null && !"--agent".equals(identity.source())) {
            // An entry from before branches were recorded: the agent runs this in its own worktree.
            branch = rc.branch();
            worktree = rc.worktree() == null ? null : rc.worktree().toString();
        }
        HandoffGatherer.Request request = new HandoffGatherer.Request(name, record, issueFacts, successor, noteText,
                now, branch, worktree, base, spawn == null ? null : spawn.mainBranch());
        return new HandoffGatherer(rc.repository(), rc.worktree()).gather(snapshot, request);
    }

    private static NotFoundHere unknownAgent(String name, AgentIdentity identity, StatusDocument doc) {
        String known = doc.agents().isEmpty() ? "no agent has reported yet"
                : "known agents: " + String.join(", ", doc.agents().keySet().stream().limit(20).toList());
        return new NotFoundHere("no agent named " + name + " (from " + identity.source() + ")", " in the record", "; " + known,
                "name one with --agent NAME, or report first: ghp agent-heartbeat --agent " + name + " --issue N");
    }

    private String note() {
        if (note != null && noteFile != null) {
            throw new UsageException("--note and --note-file both give the note; use one");
        }
        return noteFile == null ? HandoffInput.note(note, "--note")
                : HandoffInput.noteFile(startDirectory().resolve(noteFile), noteFile.toString());
    }

    private Path startDirectory() {
        return directory == null ? env.workingDirectory() : env.workingDirectory().resolve(directory);
    }

    private int show(Integer issueFlag) {
        if (to != null || note != null || noteFile != null || github || mem0 || base != null) {
            throw new UsageException("--show prints a stored handoff; it takes only --issue, --agent, --out and --json");
        }
        OutFile outFile = OutFile.check(out, startDirectory());
        Snapshot snapshot = store().read();
        int issueNumber = issueFlag != null ? issueFlag : ownIssue(snapshot);
        new HandoffShow(io, json, quiet.on()).print(snapshot, issueNumber, outFile);
        return ExitCode.OK;
    }

    /** The issue of the agent running {@code --show} without {@code --issue}. */
    private int ownIssue(Snapshot snapshot) {
        SpawnContext spawn = spawnContext();
        RepoContext rc = repo();
        String name = identity(agent.given()).name();
        return HandoffIssue.toShow(name, snapshot.status().agents().get(name), spawn, rc,
                HandoffFiles.issues(snapshot.list(StorePaths.HANDOFFS)));
    }
}
