package dev.ghp.agents.sync;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;

/**
 * Answers JGit's request for a user name and password with the GitHub token from
 * {@code GITHUB_TOKEN} or {@code GH_TOKEN} (as {@code x-access-token}), for GitHub hosts only:
 * github.com, GitHub Enterprise Cloud ({@code *.ghe.com}) and the host of {@code GHP_GITHUB_API_URL}.
 * It never asks anyone anything.
 */
final class GitHubCredentials extends CredentialsProvider {
    static final String USER = "x-access-token";

    private final String token;
    private final String enterpriseHost;

    private GitHubCredentials(String token, String enterpriseHost) {
        this.token = token;
        this.enterpriseHost = enterpriseHost;
    }

    /** A provider, or null when no token is set. */
    static GitHubCredentials from(Map<String, String> env) {
        String token = null;
        for (String name : Secrets.TOKEN_VARIABLES) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                token = v.trim();
                break;
            }
        }
        if (token == null) {
            return null;
        }
        String api = env.get("GHP_GITHUB_API_URL");
        String host = null;
        if (api != null && !api.isBlank()) {
            try {
                host = URI.create(api.trim()).getHost();
            } catch (IllegalArgumentException e) {
                host = null;
            }
        }
        return new GitHubCredentials(token, host == null ? null : host.toLowerCase(Locale.ROOT));
    }

    boolean isGitHub(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("github.com") || h.endsWith(".github.com") || h.endsWith(".ghe.com")
                || h.equals(enterpriseHost);
    }

    @Override
    public boolean isInteractive() {
        return false;
    }

    @Override
    public boolean supports(CredentialItem... items) {
        for (CredentialItem item : items) {
            if (!(item instanceof CredentialItem.Username) && !(item instanceof CredentialItem.Password)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
        if (!isGitHub(uri.getHost())) {
            return false;
        }
        for (CredentialItem item : items) {
            if (item instanceof CredentialItem.Username u) {
                u.setValue(USER);
            } else if (item instanceof CredentialItem.Password p) {
                p.setValue(token.toCharArray());
            } else {
                throw new UnsupportedCredentialItem(uri, item.getClass().getSimpleName());
            }
        }
        return true;
    }
}
