package dev.ghp.agents.cli;

import dev.ghp.agents.config.Settings;
import dev.ghp.agents.errors.GhpException;
import dev.ghp.agents.git.RepoContext;
import dev.ghp.agents.github.AnswersState;
import dev.ghp.agents.github.EscalationMirror;
import dev.ghp.agents.github.GitHubAccess;
import dev.ghp.agents.github.GitHubAnswers;
import dev.ghp.agents.github.GitHubReply;
import dev.ghp.agents.input.EscalationInput;
import dev.ghp.agents.input.HeartbeatInput;
import dev.ghp.agents.input.SpawnContext;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.GitHubAnswer;
import dev.ghp.agents.rules.ApprovalAnswer;
import dev.ghp.agents.rules.StaleDetector;
import dev.ghp.agents.store.CoordinationStore;
import dev.ghp.agents.store.Decision;
import dev.ghp.agents.store.EscalationFiles;
import dev.ghp.agents.text.Durations;
import dev.ghp.agents.text.Printable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Answers from GitHub (#24), for the commands that read the record (agent-status, agent-escalate
 * --list, agent-sync) and for a wait's look at the remote ({@code BaseCommand#remoteLook}: --wait,
 * the wake): at most once per {@code agents.github.answersInterval}, reads the replies to
 * the open escalations mirrored on issues ({@link GitHubAnswers}), resolves each escalation a writer
 * answered through {@link EscalationResolution} (the write {@code agent-escalate --resolve} makes),
 * and comments back on the issue that the agent was told. Never fails the command: a GitHub failure
 * is a warning on stderr, a reply passed over a note under {@code --verbose}. Costs nothing when no
 * open escalation is mirrored: not even the local state file is read.
 */
final class GitHubAnswering {
    private final Io io;
    private final Environment env;
    private final Settings.GitHub settings;
    private final RepoContext repo;
    private final CoordinationStore store;
    private final StaleDetector detector;
    private final boolean verbose;

    GitHubAnswering(Io io, Environment env, Settings.GitHub settings, RepoContext repo, CoordinationStore store,
                    StaleDetector detector, boolean verbose) {
        this.io = io;
        this.env = env;
        this.settings = settings;
        this.repo = repo;
        this.store = store;
        this.detector = detector;
        this.verbose = verbose;
    }

    /** Reads and acts on the replies when due; any failure is one warning line. */
    void read() {
        List<Escalation> mirrored;
        try {
            mirrored = GitHubAnswers.mirrored(EscalationFiles.open(store.read()));
        } catch (GhpException e) {
            // A record that does not read is the command's own error, told once by the command.
            return;
        }
        if (mirrored.isEmpty()) {
            return;
        }
        try {
            readWhenDue(mirrored);
        } catch (IOException | RuntimeException e) {
            io.err().println("ghp: warning: replies on GitHub not read: " + Printable.line(e.getMessage()));
        }
    }

    private void readWhenDue(List<Escalation> mirrored) throws IOException {
        Instant now = env.clock().instant();
        AnswersState state = AnswersState.read(repo.commonDir());
        Duration interval = settings.answersInterval().value();
        Instant last = state.checkedAt();
        if (last != null && !now.isBefore(last) && now.isBefore(last.plus(interval))) {
            note("replies on GitHub were read " + Durations.brief(Duration.between(last, now)) + " ago; next read after "
                    + Durations.brief(interval) + " (agents.github.answersInterval)");
            return;
        }
        String originUrl = repo.repository().getConfig().getString("remote", "origin", "url");
        GitHubAccess access = GitHubAccess.open(env.variables(), SpawnContext.parse(env.get(SpawnContext.VARIABLE)), originUrl);
        if (access.gateway().isEmpty()) {
            note("replies on GitHub not read: " + access.unavailableReason());
            return;
        }
        GitHubAnswers.Read read = new GitHubAnswers(access).read(mirrored, state, now);
        read.problems().forEach(p -> io.err().println("ghp: warning: " + p));
        read.notes().forEach(this::note);
        EscalationMirror mirror = new EscalationMirror(access, settings.label().value());
        for (GitHubAnswers.Reply reply : read.replies()) {
            resolve(reply, mirror, now);
        }
        read.next().write(repo.commonDir());
    }

    private void resolve(GitHubAnswers.Reply reply, EscalationMirror mirror, Instant now) {
        String login = reply.comment().login();
        String resolver = GitHubAnswer.resolver(login);
        String id = reply.escalation().id();
        GitHubAnswer origin = new GitHubAnswer(login, true, reply.comment().url(), reply.permission().shown());
        EscalationResolution.Result done;
        try {
            EscalationResolution.Answer answer = answer(reply.reply());
            done = store.decide(snapshot -> {
                Escalation current = EscalationFiles.find(snapshot, id).orElse(null);
                if (current == null || !current.isOpen()) {
                    return Decision.<EscalationResolution.Result>nothing(null);
                }
                return EscalationResolution.write(snapshot, current, answer, resolver,
                        EscalationMirroring.author(login + " on GitHub"), detector, now, origin::on);
            }).result();
        } catch (GhpException e) {
            note("ignored " + reply.reply().verb().word() + " by @" + Printable.line(login) + " on " + id + ": "
                    + Printable.line(e.getMessage()));
            return;
        }
        if (done == null) {
            note(id + " was already resolved: the reply of @" + Printable.line(login) + " changed nothing");
            return;
        }
        Escalation resolved = done.escalation();
        io.err().println("ghp: note: " + id + " resolved by @" + Printable.line(login) + " on GitHub ("
                + Printable.line(origin.permission()) + " access, verified); told " + Printable.line(resolved.agent()));
        new EscalationMirroring(io, env, settings, repo, store)
                .recorded(resolved, mirror.answeredOnGitHub(resolved, login, reply.comment().url()));
    }

    /** The reply as the options of {@code agent-escalate --resolve} would give it, checked the same way. */
    private static EscalationResolution.Answer answer(GitHubReply r) {
        String text = r.text() == null ? null : EscalationInput.text(neutralised(r.text()), "the reply");
        List<String> patterns = r.arguments().isEmpty() ? List.of(ApprovalAnswer.REST) : r.arguments();
        return switch (r.verb()) {
            case ANSWER -> new EscalationResolution.Answer(text, null, null, null);
            case APPROVE -> new EscalationResolution.Answer(text, patterns, null, null);
            case DENY -> new EscalationResolution.Answer(text, null, patterns, null);
            case AWARD -> new EscalationResolution.Answer(text, null, null,
                    HeartbeatInput.agentName(r.arguments().get(0), "/award"));
        };
    }

    /**
     * The reply's words as they are kept and told to the agent: each line neutralised
     * ({@link Printable#line}: escapes and invisible characters shown, not acted on), lines kept.
     */
    static String neutralised(String text) {
        return text.replace("\r\n", "\n").lines().map(Printable::line).collect(Collectors.joining("\n"));
    }

    private void note(String line) {
        if (verbose) {
            io.err().println("ghp: note: " + line);
        }
    }
}
