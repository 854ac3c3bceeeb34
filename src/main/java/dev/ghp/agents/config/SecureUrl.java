package dev.ghp.agents.config;

import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.text.Printable;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Where a token or key may be sent: over https, or over plain http to this machine only (a local
 * test server, a proxy on loopback). A plain http URL to any other host would carry the secret in
 * clear across the network, so it is refused as a configuration error before any request is made.
 */
public final class SecureUrl {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private SecureUrl() {
    }

    /**
     * @param where what the URL is, for the message (e.g. {@code GHP_GITHUB_API_URL})
     * @throws UsageException when the URL is not https and its host is not loopback
     */
    public static void require(URI url, String where) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if ("https".equals(scheme) || ("http".equals(scheme) && isLoopback(url.getHost()))) {
            return;
        }
        throw new UsageException(where + " '" + Printable.quote(url.getScheme() + "://" + url.getHost()) + "'"
                + " would send the token in clear: only https, or http to this machine (127.0.0.1, ::1, localhost)",
                "use an https:// URL");
    }

    /** Decided from the name alone: a literal loopback address or "localhost", never a DNS answer. */
    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!IPV4.matcher(h).matches() && !h.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
