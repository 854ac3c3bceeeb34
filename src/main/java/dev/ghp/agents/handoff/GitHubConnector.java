package dev.ghp.agents.handoff;

import dev.ghp.agents.git.RepoContext;
import dev.ghp.agents.github.GitHubAccess;
import dev.ghp.agents.github.GitHubGateway;
import dev.ghp.agents.input.SpawnContext;
import java.util.Map;
import java.util.function.Function;

/**
 * How a handoff reaches GitHub: the seam between the command and the gateway, so that tests give
 * the command a fake and production gives it the real one. Connecting never throws: GitHub is
 * optional (docs/design.md#github-and-mem0-are-optional), and a connection that cannot be made says why.
 */
@FunctionalInterface
public interface GitHubConnector {

    Link connect(Map<String, String> env, RepoContext repo, SpawnContext spawn);

    /**
     * A gateway for the repository, or the reason there is none (no token, no repository, not built in).
     *
     * @param repository {@code owner/name}, for messages; null when unknown
     * @param describe   turns a failed call into one printable line (never containing the token)
     */
    record Link(GitHubGateway gateway, String repository, String unavailable, Function<Exception, String> describe) {
        public static Link to(GitHubGateway gateway, String repository) {
            return new Link(gateway, repository, null, Link::message);
        }

        public static Link to(GitHubGateway gateway, String repository, Function<Exception, String> describe) {
            return new Link(gateway, repository, null, describe);
        }

        public static Link unavailable(String reason) {
            return new Link(null, null, reason, Link::message);
        }

        public boolean available() {
            return gateway != null;
        }

        private static String message(Exception e) {
            String m = e.getMessage();
            return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
        }
    }

    /**
     * The real one: {@link GitHubAccess} (token from {@code GITHUB_TOKEN}/{@code GH_TOKEN}, repository
     * from {@code GHP_SPAWN_CONTEXT} or the {@code origin} remote, endpoint {@code GHP_GITHUB_API_URL}),
     * whose own descriptions of failures never contain the token.
     */
    GitHubConnector FROM_ENVIRONMENT = (env, repo, spawn) -> {
        String origin = repo.repository().getConfig().getString("remote", "origin", "url");
        GitHubAccess access = GitHubAccess.open(env, spawn, origin);
        return access.gateway()
                .map(gateway -> Link.to(gateway, access.repository(), access::describe))
                .orElseGet(() -> Link.unavailable(access.unavailableReason()));
    };
}
