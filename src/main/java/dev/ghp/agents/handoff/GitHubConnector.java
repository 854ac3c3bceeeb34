package dev.ghp.agents.handoff;

import dev.ghp.agents.git.RepoContext;
import dev.ghp.agents.github.GitHubGateway;
import dev.ghp.agents.rules.SpawnContext;
import java.util.Map;

/**
 * How a handoff reaches GitHub: the seam between the command and the gateway, so that tests give
 * the command a fake and production gives it the real one. Connecting never throws: GitHub is
 * optional (DESIGN §7), and a connection that cannot be made says why.
 */
@FunctionalInterface
public interface GitHubConnector {

    Link connect(Map<String, String> env, RepoContext repo, SpawnContext spawn);

    /**
     * A gateway for the repository, or the reason there is none (no token, no repository, not built in).
     *
     * @param repository {@code owner/name}, for messages; null when unknown
     */
    record Link(GitHubGateway gateway, String repository, String unavailable) {
        public static Link to(GitHubGateway gateway, String repository) {
            return new Link(gateway, repository, null);
        }

        public static Link unavailable(String reason) {
            return new Link(null, null, reason);
        }

        public boolean available() {
            return gateway != null;
        }
    }

    /** For a build without a GitHub gateway: every use is skipped, and says so. */
    GitHubConnector NOT_IN_THIS_BUILD = (env, repo, spawn) ->
            Link.unavailable("GitHub access is not available in this build");
}
