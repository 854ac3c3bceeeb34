package dev.ghp.agents.cli;

import dev.ghp.agents.config.Settings;
import dev.ghp.agents.git.RepoContext;
import dev.ghp.agents.github.EscalationMirror;
import dev.ghp.agents.github.GitHubAccess;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.input.SpawnContext;
import dev.ghp.agents.store.Change;
import dev.ghp.agents.store.CoordinationStore;
import dev.ghp.agents.store.Decision;
import dev.ghp.agents.store.EscalationFiles;

/**
 * Mirrors escalations on GitHub for the commands that open or resolve them (agent-escalate, and
 * the rules inside agent-heartbeat and agent-status): tells stderr what was skipped, and records
 * where each was mirrored in a commit of its own, after the escalation itself was committed.
 */
final class EscalationMirroring {
    private final Io io;
    private final Environment env;
    private final Settings.GitHub settings;
    private final RepoContext repo;
    private final CoordinationStore store;

    EscalationMirroring(Io io, Environment env, Settings.GitHub settings, RepoContext repo, CoordinationStore store) {
        this.io = io;
        this.env = env;
        this.settings = settings;
        this.repo = repo;
        this.store = store;
    }

    /** {@code agents.github.escalations: true} in the configuration. */
    boolean enabledByConfig() {
        return settings.escalations().value();
    }

    /**
     * Refuses (exit 2) a GitHub API URL that would carry the token in clear; does nothing else.
     * Called before the escalation is written, so that a refusal leaves nothing half-done.
     */
    void requireSecureEndpoint() {
        String originUrl = repo.repository().getConfig().getString("remote", "origin", "url");
        GitHubAccess.open(env.variables(), SpawnContext.parse(env.get(SpawnContext.VARIABLE)), originUrl);
    }

    /** Mirrors one escalation; returns it as recorded afterwards. */
    Escalation mirror(Escalation e, boolean opening) {
        String label = settings.label().value();
        String originUrl = repo.repository().getConfig().getString("remote", "origin", "url");
        GitHubAccess access = GitHubAccess.open(env.variables(), SpawnContext.parse(env.get(SpawnContext.VARIABLE)), originUrl);
        EscalationMirror mirror = new EscalationMirror(access, label);
        return recorded(e, opening ? mirror.opened(e) : mirror.resolved(e));
    }

    /** Tells stderr what the mirroring skipped, and records where it mirrored {@code e}; returns it as recorded. */
    Escalation recorded(Escalation e, EscalationMirror.Outcome outcome) {
        for (String problem : outcome.problems()) {
            io.err().println("ghp: warning: " + problem + "; the escalation is recorded locally");
        }
        if (outcome.mirror() == null || outcome.mirror().equals(e.github())) {
            return e;
        }
        return store.decide(snapshot -> {
            Escalation current = EscalationFiles.find(snapshot, e.id()).orElse(e);
            Escalation next = current.withGitHub(outcome.mirror());
            return Decision.write(EscalationFiles.put(Change.of("mirror " + e.id() + " on GitHub #" + outcome.mirror().issue(),
                    author(e.agent() == null ? "ghp" : e.agent())), next), next);
        }).result();
    }

    /** A commit author name git accepts, from free text. */
    static String author(String name) {
        String a = name.replaceAll("[^A-Za-z0-9._ -]", "-").trim();
        return a.isEmpty() ? "ghp" : a;
    }
}
