package dev.ghp.agents.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * Where an escalation's answer came from when a person gave it on GitHub: kept on the escalation
 * as the field {@value #FIELD} (in {@link Escalation#extra()}, so an older tool carries it over
 * untouched), beside {@code resolvedBy}, which then reads {@code @login}.
 *
 * @param login      the GitHub login of the comment's author
 * @param verified   true: GitHub's collaborator-permission API said the author may write to the
 *                   repository when the reply was read
 * @param url        the reply comment's address on GitHub
 * @param permission what GitHub said of the author (admin, maintain, write)
 */
public record GitHubAnswer(String login, boolean verified, String url, String permission) {
    public static final String FIELD = "answeredOnGitHub";

    /** The escalation's GitHub answer, if it was answered on GitHub. */
    public static Optional<GitHubAnswer> of(Escalation e) {
        JsonNode n = e.extra().get(FIELD);
        if (n == null || !n.isObject() || !n.path("login").isTextual()) {
            return Optional.empty();
        }
        return Optional.of(new GitHubAnswer(n.path("login").asText(), n.path("verified").asBoolean(false),
                n.path("url").isTextual() ? n.path("url").asText() : null,
                n.path("permission").isTextual() ? n.path("permission").asText() : null));
    }

    /** The escalation with this answer's origin recorded. */
    public Escalation on(Escalation e) {
        ObjectNode o = Json.object();
        o.put("login", login);
        o.put("verified", verified);
        o.put("url", url);
        o.put("permission", permission);
        return e.withExtra(FIELD, o);
    }

    /** How {@code resolvedBy} names a GitHub user: {@code @login}, as GitHub writes a mention. */
    public static String resolver(String login) {
        return "@" + login;
    }
}
