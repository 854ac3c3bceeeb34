package dev.ghp.agents.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Git's smart HTTP protocol served by the real {@code git http-backend} (run as CGI per request)
 * behind HTTP basic authentication, like a GitHub remote that wants a token. It records the user
 * names it was offered, so a test can tell which credentials were sent.
 */
public final class GitHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final Path root;
    private final String user;
    private final String password;
    private final List<String> usersSeen = new CopyOnWriteArrayList<>();

    private GitHttpServer(Path root, String user, String password) throws IOException {
        this.root = root;
        this.user = user;
        this.password = password;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves the repositories under {@code root} to whoever sends {@code user:password}. */
    public static GitHttpServer start(Path root, String user, String password) throws IOException {
        return new GitHttpServer(root, user, password);
    }

    public String url(String repo) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + repo;
    }

    public List<String> usersSeen() {
        return usersSeen;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            if (auth != null && auth.startsWith("Basic ")) {
                String decoded = new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8);
                usersSeen.add(decoded.substring(0, Math.max(0, decoded.indexOf(':'))));
            }
            if (!expected.equals(auth)) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                ex.sendResponseHeaders(401, -1);
                return;
            }
            ProcessBuilder pb = new ProcessBuilder("git", "http-backend");
            Map<String, String> env = pb.environment();
            env.putAll(GitRepo.GIT_ENV);
            env.put("GIT_PROJECT_ROOT", root.toString());
            env.put("GIT_HTTP_EXPORT_ALL", "1");
            env.put("REMOTE_USER", user);
            env.put("REMOTE_ADDR", "127.0.0.1");
            env.put("REQUEST_METHOD", ex.getRequestMethod());
            env.put("PATH_INFO", ex.getRequestURI().getPath());
            env.put("QUERY_STRING", ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery());
            String type = ex.getRequestHeaders().getFirst("Content-Type");
            env.put("CONTENT_TYPE", type == null ? "" : type);
            String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
            if (encoding != null) {
                env.put("HTTP_CONTENT_ENCODING", encoding);
            }
            String protocol = ex.getRequestHeaders().getFirst("Git-Protocol");
            if (protocol != null) {
                env.put("GIT_PROTOCOL", protocol);
            }
            byte[] body = ex.getRequestBody().readAllBytes();
            env.put("CONTENT_LENGTH", Integer.toString(body.length));
            Process p = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(body);
            }
            byte[] out;
            try (InputStream o = p.getInputStream()) {
                out = o.readAllBytes();
            }
            int split = indexOf(out, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            int skip = 4;
            if (split < 0) {
                split = indexOf(out, "\n\n".getBytes(StandardCharsets.US_ASCII));
                skip = 2;
            }
            int status = 200;
            for (String line : new String(out, 0, Math.max(split, 0), StandardCharsets.ISO_8859_1).split("\r?\n")) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Status")) {
                    status = Integer.parseInt(value.substring(0, 3));
                } else {
                    ex.getResponseHeaders().add(name, value);
                }
            }
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            rest.write(out, split + skip, out.length - split - skip);
            ex.sendResponseHeaders(status, rest.size() == 0 ? -1 : rest.size());
            if (rest.size() > 0) {
                ex.getResponseBody().write(rest.toByteArray());
            }
        } catch (RuntimeException e) {
            ex.sendResponseHeaders(500, -1);
        }
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
