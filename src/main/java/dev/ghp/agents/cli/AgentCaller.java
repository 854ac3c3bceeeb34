package dev.ghp.agents.cli;

import dev.ghp.agents.errors.GhpException;
import dev.ghp.agents.input.AgentSession;
import dev.ghp.agents.store.WrittenBy;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.jgit.lib.Repository;

/**
 * Who runs a command: an agent, when it runs inside an agent's session ({@link AgentSession}), else
 * a person at a terminal. What {@code --by} may name (rules/AnswerRoles) and what a commit's
 * trailers say ({@link WrittenBy}) follow from it.
 */
final class AgentCaller {
    private final Environment env;
    private final Supplier<String> identityName;
    private final Supplier<Repository> repository;
    private final Optional<AgentSession> session;

    /**
     * @param identityName the agent name a heartbeat would use here (throws when none can be had)
     * @param repository   for git's user.name, a person's name
     */
    AgentCaller(Environment env, Supplier<String> identityName, Supplier<Repository> repository) {
        this.env = env;
        this.identityName = identityName;
        this.repository = repository;
        this.session = AgentSession.of(env::get);
    }

    Optional<AgentSession> session() {
        return session;
    }

    /** The agent's own names: {@code GHP_AGENT} and the name a heartbeat would take here. */
    Set<String> ownNames() {
        Set<String> out = new LinkedHashSet<>();
        String raw = env.get("GHP_AGENT");
        if (raw != null && !raw.isBlank()) {
            out.add(raw.trim());
        }
        ownName().ifPresent(out::add);
        return out;
    }

    /** The agent's name, as a heartbeat would take it; empty when none can be derived. */
    Optional<String> ownName() {
        try {
            return Optional.of(identityName.get());
        } catch (GhpException e) {
            String raw = env.get("GHP_AGENT");
            return raw == null || raw.isBlank() ? Optional.empty() : Optional.of(raw.trim());
        }
    }

    /** The person at this terminal: git's user.name, else {@code USER}. */
    String personName() {
        String user = null;
        try {
            user = repository.get().getConfig().getString("user", null, "name");
        } catch (GhpException e) {
            // no repository: the login name
        }
        if (user != null && !user.isBlank()) {
            return user;
        }
        String login = env.get("USER");
        return login == null || login.isBlank() ? "unknown" : login;
    }

    /** What this command's commits say about who made them. */
    WrittenBy writtenBy() {
        if (session.isPresent()) {
            AgentSession s = session.get();
            return new WrittenBy(WrittenBy.AGENT, ownName().orElse(s.tool()), s.describe(), WrittenBy.thisMachine());
        }
        return new WrittenBy(WrittenBy.PERSON, personName(), null, WrittenBy.thisMachine());
    }
}
