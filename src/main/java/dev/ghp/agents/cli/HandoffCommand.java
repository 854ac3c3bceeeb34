package dev.ghp.agents.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.errors.ExitCode;
import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.git.RepoContext;
import dev.ghp.agents.github.GitHubRepository;
import dev.ghp.agents.github.IssueInfo;
import dev.ghp.agents.handoff.GitHubConnector;
import dev.ghp.agents.handoff.Handoff;
import dev.ghp.agents.handoff.HandoffFiles;
import dev.ghp.agents.handoff.HandoffGatherer;
import dev.ghp.agents.handoff.HandoffInput;
import dev.ghp.agents.handoff.HandoffJson;
import dev.ghp.agents.handoff.HandoffMarkdown;
import dev.ghp.agents.handoff.MarkdownText;
import dev.ghp.agents.handoff.StoredHandoff;
import dev.ghp.agents.handoff.Transfer;
import dev.ghp.agents.mem0.Mem0Client;
import dev.ghp.agents.mem0.Mem0Settings;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.EscalationCodec;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.input.AgentIdentity;
import dev.ghp.agents.input.BranchIssue;
import dev.ghp.agents.input.HeartbeatInput;
import dev.ghp.agents.text.Printable;
import dev.ghp.agents.input.SpawnContext;
import dev.ghp.agents.rules.StaleDetector;
import dev.ghp.agents.store.Change;
import dev.ghp.agents.store.CoordinationStore;
import dev.ghp.agents.store.EscalationFiles;
import dev.ghp.agents.store.Snapshot;
import dev.ghp.agents.model.StorePaths;
import dev.ghp.agents.store.WriteResult;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
    static final long NOTE_FILE_MAX_BYTES = 256 * 1024;
    static final int GITHUB_COMMENT_MAX = 60_000;

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

    @Override
    protected int run() {
        Integer issueFlag = issue.number();
        if (show) {
            return show(issueFlag);
        }
        String successor = to == null ? null : HeartbeatInput.agentName(to, "--to");
        String noteText = note();
        Path outFile = outFile();
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
        int issueNumber = issueOf(issueFlag, name, record, spawn, rc);
        Instant now = env.clock().instant();
        StaleDetector detector = new StaleDetector(staleLimit(null));
        if (successor != null) {
            new Transfer(name, successor, issueNumber, now, null, detector).check(doc);
        }

        List<String> warnings = new ArrayList<>();
        GitHubConnector.Link link = gitHub.connect(env.variables(), rc, spawn);
        Handoff handoff = gather(snapshot, name, record, identity, issueNumber, successor, noteText, now, spawn,
                link, warnings);
        String markdown = HandoffMarkdown.render(handoff);
        byte[] bytes = markdown.getBytes(StandardCharsets.UTF_8);

        String message = "handoff " + name + " #" + issueNumber + (successor == null ? "" : " to " + successor);
        WriteResult result = store.update(s -> {
            String path = pathFor(s, issueNumber, name, now);
            Change change = Change.of(message, name).put(path, bytes);
            if (successor != null) {
                Transfer transfer = new Transfer(name, successor, issueNumber, now, path, detector);
                change.putStatus(transfer.apply(s.status()));
                transfer.approvalsMoved(readableEscalations(s)).forEach(e -> EscalationFiles.put(change, e));
            }
            return change;
        });
        String path = pathFor(result.snapshot(), issueNumber, name, now);
        Transfer.Moved moved = successor == null ? null
                : new Transfer(name, successor, issueNumber, now, path, detector).check(result.snapshot().status());

        ObjectNode githubResult = github ? postToGitHub(link, issueNumber, markdown, path, warnings) : null;
        ObjectNode mem0Result = mem0 ? storeInMem0(markdown, name, successor, issueNumber, path, now, rc, spawn, warnings) : null;
        if (outFile != null) {
            writeOut(outFile, bytes, path);
        }
        report(handoff, markdown, path, result, moved, outFile, githubResult, mem0Result, warnings);
        return ExitCode.OK;
    }

    // ---- gathering -------------------------------------------------------------------------

    private Handoff gather(Snapshot snapshot, String name, AgentRecord record, AgentIdentity identity,
                           int issueNumber, String successor, String noteText, Instant now, SpawnContext spawn,
                           GitHubConnector.Link link, List<String> warnings) {
        RepoContext rc = repo();
        String branch = record.branch();
        String worktree = record.worktree();
        if (branch == null && worktree == null && !"--agent".equals(identity.source())) {
            // An entry from before branches were recorded: the agent runs this in its own worktree.
            branch = rc.branch();
            worktree = rc.worktree() == null ? null : rc.worktree().toString();
        }
        HandoffGatherer.Request request = new HandoffGatherer.Request(name, record,
                issueFacts(issueNumber, spawn, link, warnings), successor, noteText, now, branch, worktree, base,
                spawn == null ? null : spawn.mainBranch());
        return new HandoffGatherer(rc.repository(), rc.worktree()).gather(snapshot, request);
    }

    private Handoff.Issue issueFacts(int number, SpawnContext spawn, GitHubConnector.Link link, List<String> warnings) {
        if (link.available()) {
            try {
                IssueInfo info = link.gateway().issue(number);
                if (info != null) {
                    return new Handoff.Issue(number, info.title(), info.body(), info.labels(), info.assignees(),
                            info.url(), "github");
                }
            } catch (IOException | RuntimeException e) {
                warnings.add("could not read #" + number + " from GitHub (" + Printable.quote(link.describe().apply(e))
                        + "); the document names it from "
                        + (spawn != null && spawn.issueTitle() != null ? SpawnContext.VARIABLE : "the record only"));
            }
        }
        if (spawn != null && Objects.equals(spawn.issueNumber(), number) && spawn.issueTitle() != null) {
            return new Handoff.Issue(number, spawn.issueTitle(), null, List.of(), List.of(), null, SpawnContext.VARIABLE);
        }
        return Handoff.Issue.numberOnly(number);
    }

    private int issueOf(Integer flag, String name, AgentRecord record, SpawnContext spawn, RepoContext rc) {
        if (flag != null) {
            if (record.issue() != null && !record.issue().equals(flag)) {
                throw new UsageException(name + " works on #" + record.issue() + ", not #" + flag,
                        "leave --issue out to hand off #" + record.issue() + ", or name the agent on #" + flag + " with --agent");
            }
            return flag;
        }
        if (record.issue() != null) {
            return record.issue();
        }
        if (spawn != null && spawn.issueNumber() != null) {
            return spawn.issueNumber();
        }
        String branch = record.branch() != null ? record.branch() : rc.branch();
        return BranchIssue.of(branch).orElseThrow(() -> new UsageException(
                name + " has no issue in the record, and none can be told from GHP_SPAWN_CONTEXT or its branch",
                "pass --issue N"));
    }

    private static UsageException unknownAgent(String name, AgentIdentity identity, StatusDocument doc) {
        String known = doc.agents().isEmpty() ? "no agent has reported yet"
                : "known agents: " + String.join(", ", doc.agents().keySet().stream().limit(20).toList());
        return new UsageException("no agent named " + name + " (from " + identity.source() + ") in the record; " + known,
                "name one with --agent NAME, or report first: ghp agent-heartbeat --agent " + name + " --issue N");
    }

    /** The escalations that parse; an unreadable one is left as it is (the document counts it). */
    private static List<Escalation> readableEscalations(Snapshot s) {
        List<Escalation> out = new ArrayList<>();
        for (String file : s.list(StorePaths.ESCALATIONS)) {
            if (file.endsWith(".json")) {
                try {
                    out.add(EscalationCodec.parse(s.file(StorePaths.ESCALATIONS + "/" + file).orElseThrow()));
                } catch (StatusCodec.FormatException | RuntimeException e) {
                    // not ours to repair here
                }
            }
        }
        return out;
    }

    private static String pathFor(Snapshot s, int issue, String agent, Instant at) {
        Set<String> taken = new HashSet<>(s.list(StorePaths.HANDOFFS));
        return StorePaths.HANDOFFS + "/" + HandoffFiles.newName(issue, agent, at, taken::contains);
    }

    // ---- input -----------------------------------------------------------------------------

    private String note() {
        if (note != null && noteFile != null) {
            throw new UsageException("--note and --note-file both give the note; use one");
        }
        if (noteFile == null) {
            return HandoffInput.note(note, "--note");
        }
        Path file = startDirectory().resolve(noteFile);
        try {
            if (!Files.isRegularFile(file)) {
                throw new UsageException("--note-file " + Printable.quote(noteFile.toString()) + " is not a file");
            }
            if (Files.size(file) > NOTE_FILE_MAX_BYTES) {
                throw new UsageException("--note-file " + Printable.quote(noteFile.toString()) + " is larger than "
                        + NOTE_FILE_MAX_BYTES / 1024 + " KiB", "a note is a few paragraphs; the document adds the rest itself");
            }
            return HandoffInput.note(StandardCharsets.UTF_8.newDecoder().decode(
                    java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString(), "--note-file");
        } catch (CharacterCodingException e) {
            throw new UsageException("--note-file " + Printable.quote(noteFile.toString()) + " is not UTF-8 text");
        } catch (IOException e) {
            throw new UsageException("cannot read --note-file " + Printable.quote(noteFile.toString()) + ": " + reason(e));
        }
    }

    /** Checked before anything is written, so that a bad --out never leaves a stored handoff and an error. */
    private Path outFile() {
        if (out == null) {
            return null;
        }
        Path file = startDirectory().resolve(out).normalize();
        if (Files.isDirectory(file)) {
            throw new UsageException("--out " + Printable.quote(out.toString()) + " is a directory", "name a file");
        }
        Path parent = file.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new UsageException("--out " + Printable.quote(out.toString()) + ": the directory "
                    + Printable.quote(String.valueOf(parent)) + " does not exist");
        }
        if (!Files.isWritable(parent) || (Files.exists(file) && !Files.isWritable(file))) {
            throw new UsageException("--out " + Printable.quote(out.toString()) + " cannot be written");
        }
        return file;
    }

    private Path startDirectory() {
        return directory == null ? env.workingDirectory() : env.workingDirectory().resolve(directory);
    }

    private void writeOut(Path file, byte[] bytes, String storedAs) {
        try {
            Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
            try {
                Files.write(tmp, bytes);
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new StateException("the handoff is stored as " + storedAs + ", but " + file + " cannot be written: "
                    + reason(e), "read it with: ghp agent-handoff --show");
        }
    }

    // ---- publishing ------------------------------------------------------------------------

    /** GitHub refuses comments over 65536 characters; a document that long is cut and points at the stored one. */
    static String forComment(String markdown, String path) {
        if (markdown.length() <= GITHUB_COMMENT_MAX) {
            return markdown;
        }
        int cut = markdown.lastIndexOf('\n', GITHUB_COMMENT_MAX);
        return markdown.substring(0, cut < 0 ? GITHUB_COMMENT_MAX : cut)
                + "\n\n(cut to fit a comment; the whole document: `git show " + StorePaths.REF + ":" + path + "`)\n";
    }

    private ObjectNode postToGitHub(GitHubConnector.Link link, int issueNumber, String markdown, String path,
                                    List<String> warnings) {
        ObjectNode o = Json.object();
        if (!link.available()) {
            warnings.add("--github skipped: " + link.unavailable());
            o.put("posted", false);
            o.put("skipped", link.unavailable());
            return o;
        }
        try {
            String url = link.gateway().comment(issueNumber, forComment(markdown, path));
            o.put("posted", true);
            o.put("url", url);
        } catch (IOException | RuntimeException e) {
            String why = "could not post to #" + issueNumber + " on GitHub: " + Printable.quote(link.describe().apply(e));
            warnings.add("--github failed: " + why + "; the handoff is stored locally");
            o.put("posted", false);
            o.put("error", why);
        }
        return o;
    }

    private ObjectNode storeInMem0(String markdown, String name, String successor, int issueNumber, String path,
                                   Instant now, RepoContext rc, SpawnContext spawn, List<String> warnings) {
        ObjectNode o = Json.object();
        Mem0Settings settings = Mem0Settings.from(config(), env.variables());
        if (settings == null) {
            String why = Mem0Settings.KEY_VARIABLE + " is not set";
            warnings.add("--mem0 skipped: " + why);
            o.put("stored", false);
            o.put("skipped", why);
            return o;
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("source", "ghp-agents");
        metadata.put("kind", "handoff");
        metadata.put("repository", repository(rc, spawn));
        metadata.put("issue", issueNumber);
        metadata.put("agent", name);
        if (successor != null) {
            metadata.put("to", successor);
        }
        metadata.put("document", path);
        metadata.put("createdAt", StatusCodec.formatInstant(now));
        try {
            Mem0Client.Stored stored = new Mem0Client(settings).add(markdown, name, metadata);
            o.put("stored", true);
            o.put("id", stored.id());
        } catch (Mem0Client.Mem0Exception e) {
            warnings.add("--mem0 failed: " + e.getMessage() + "; the handoff is stored locally");
            o.put("stored", false);
            o.put("error", e.getMessage());
        }
        return o;
    }

    /** {@code owner/name}: from GHP_SPAWN_CONTEXT, else the origin URL, else the main worktree's directory name. */
    private static String repository(RepoContext rc, SpawnContext spawn) {
        if (spawn != null && spawn.owner() != null && spawn.repositoryName() != null) {
            return spawn.owner() + "/" + spawn.repositoryName();
        }
        String origin = rc.repository().getConfig().getString("remote", "origin", "url");
        return GitHubRepository.fromRemoteUrl(origin).map(GitHubRepository::fullName).orElseGet(() -> {
            Path root = rc.mainWorktree() != null ? rc.mainWorktree() : rc.commonDir();
            return root.getFileName() == null ? "unknown" : root.getFileName().toString();
        });
    }

    // ---- output ----------------------------------------------------------------------------

    private void report(Handoff h, String markdown, String path, WriteResult result, Transfer.Moved moved,
                        Path outFile, ObjectNode githubResult, ObjectNode mem0Result, List<String> warnings) {
        if (!quiet.on()) {
            if (json) {
                ObjectNode o = Json.object();
                o.put("schemaVersion", 1);
                o.put("path", path);
                o.put("commit", result.commitId());
                o.put("committed", result.committed());
                if (moved == null) {
                    o.putNull("transfer");
                } else {
                    ObjectNode t = o.putObject("transfer");
                    t.put("to", h.to());
                    t.put("issue", h.issue().number());
                    moved.files().forEach(t.putArray("files")::add);
                    moved.pendingFiles().forEach(t.putArray("pendingFiles")::add);
                }
                o.set("github", githubResult);
                o.set("mem0", mem0Result);
                o.put("outFile", outFile == null ? null : outFile.toString());
                o.setAll(HandoffJson.content(h));
                o.put("markdown", markdown);
                io.out().print(Json.pretty(o));
            } else if (outFile == null) {
                io.out().print(markdown);
            }
            StringBuilder line = new StringBuilder("✓ handoff of #").append(h.issue().number()).append(" by ")
                    .append(h.from()).append(" stored as ").append(path).append(" (")
                    .append(result.commitId().substring(0, 7)).append(')');
            if (h.to() != null) {
                line.append("; #").append(h.issue().number());
                if (moved != null && !moved.files().isEmpty()) {
                    line.append(" and ").append(moved.files().size()).append(moved.files().size() == 1 ? " file claim" : " file claims");
                }
                line.append(" now with ").append(h.to());
            }
            if (outFile != null) {
                line.append("; written to ").append(outFile);
            }
            if (githubResult != null && githubResult.path("posted").asBoolean()) {
                line.append("; posted ").append(githubResult.path("url").asText(""));
            }
            if (mem0Result != null && mem0Result.path("stored").asBoolean()) {
                line.append("; stored in mem0");
            }
            io.err().println(Printable.line(line.toString()));
        }
        for (String w : warnings) {
            io.err().println("ghp: warning: " + Printable.line(w));
        }
    }

    // ---- --show ----------------------------------------------------------------------------

    private int show(Integer issueFlag) {
        if (to != null || note != null || noteFile != null || github || mem0 || base != null) {
            throw new UsageException("--show prints a stored handoff; it takes only --issue, --agent, --out and --json");
        }
        Path outFile = outFile();
        CoordinationStore store = store();
        Snapshot snapshot = store.read();
        List<String> names = snapshot.list(StorePaths.HANDOFFS);
        int issueNumber = showIssue(issueFlag, snapshot, names);
        List<HandoffFiles.Entry> entries = HandoffFiles.forIssue(names, issueNumber);
        if (entries.isEmpty()) {
            List<Integer> issues = HandoffFiles.issues(names);
            throw new UsageException("no handoff for #" + issueNumber + " yet",
                    issues.isEmpty() ? "write one with: ghp agent-handoff --issue " + issueNumber + " --note TEXT"
                            : "issues with handoffs: " + String.join(", ", issues.stream().limit(20).map(i -> "#" + i).toList()));
        }
        HandoffFiles.Entry latest = entries.get(entries.size() - 1);
        byte[] bytes = snapshot.file(latest.path()).orElseThrow(() -> new StateException(
                latest.path() + " is listed but cannot be read", "check the repository with: git fsck"));
        StoredHandoff stored = StoredHandoff.parse(latest, bytes);
        if (outFile != null) {
            writeOut(outFile, bytes, latest.path());
        }
        if (quiet.on()) {
            return ExitCode.OK;
        }
        if (json) {
            ObjectNode o = Json.object();
            o.put("schemaVersion", 1);
            o.put("issue", issueNumber);
            o.put("path", latest.path());
            o.put("from", stored.from());
            o.put("to", stored.to());
            o.put("createdAt", stored.at());
            o.put("commit", snapshot.commitId().orElse(null));
            entries.subList(0, entries.size() - 1).forEach(e -> o.withArray("earlier").add(e.path()));
            if (!o.has("earlier")) {
                o.putArray("earlier");
            }
            o.put("outFile", outFile == null ? null : outFile.toString());
            o.put("markdown", stored.text());
            io.out().print(Json.pretty(o));
        } else if (outFile == null) {
            String text = MarkdownText.forTerminal(stored.text());
            io.out().print(text.endsWith("\n") ? text : text + "\n");
        } else {
            io.err().println("✓ " + latest.path() + " written to " + outFile);
        }
        return ExitCode.OK;
    }

    /** --issue, else the issue of the agent running this (its entry), else GHP_SPAWN_CONTEXT, else the branch. */
    private int showIssue(Integer flag, Snapshot snapshot, List<String> names) {
        if (flag != null) {
            return flag;
        }
        SpawnContext spawn = spawnContext();
        RepoContext rc = repo();
        String name = identity(agent.given()).name();
        AgentRecord record = snapshot.status().agents().get(name);
        if (record != null && record.issue() != null) {
            return record.issue();
        }
        if (spawn != null && spawn.issueNumber() != null) {
            return spawn.issueNumber();
        }
        return BranchIssue.of(rc.branch()).orElseThrow(() -> {
            List<Integer> issues = HandoffFiles.issues(names);
            return new UsageException("which issue? " + name + " has none in the record, and none can be told from "
                    + "GHP_SPAWN_CONTEXT or the branch", issues.isEmpty() ? "no handoff has been written yet"
                    : "pass --issue N; issues with handoffs: "
                    + String.join(", ", issues.stream().limit(20).map(i -> "#" + i).toList()));
        });
    }

    private static String reason(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : Printable.quote(m);
    }
}
