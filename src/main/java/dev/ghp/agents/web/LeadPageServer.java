package dev.ghp.agents.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The lead's page: the JDK's HTTP server bound to 127.0.0.1 only, answering nobody without the
 * token and no Host but 127.0.0.1 or localhost on its port (a DNS-rebinding page in the lead's
 * browser names its own host). The page is HTML that works without script; the script served with
 * it listens on {@code /events} (server-sent events) and fetches the team again when told. The
 * caller watches the record and calls {@link #changed}, once for every client.
 */
public final class LeadPageServer implements AutoCloseable {
    /** What the page shows and does; the command behind it reads the record. */
    public interface Team {
        /** The team now, as agent-status --json has it, with {@code messages} and {@code timeline} added. */
        ObjectNode state();

        /** Resolves escalation {@code id} as agent-escalate --resolve does: {@code verdict} null, "approve" or "deny". */
        Answered answer(String id, String text, String verdict);
    }

    /** How an answer went: resolved, or refused with the one-line reason the command gave. */
    public record Answered(boolean resolved, String message) {
    }

    /** The cookie's name ends with the port: browsers keep cookies by host, not port, and two pages must not share one. */
    static final String COOKIE = "ghp_page_token_";
    static final String HEADER = "X-Ghp-Token";
    private static final int MAX_FORM = 64 * 1024;
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final HttpServer server;
    private final ExecutorService workers;
    private final PageToken token;
    private final Team team;
    private final PageHtml html = new PageHtml();
    private final List<OutputStream> listeners = new CopyOnWriteArrayList<>();
    private volatile String tip = "";

    private LeadPageServer(HttpServer server, ExecutorService workers, PageToken token, Team team) {
        this.server = server;
        this.workers = workers;
        this.token = token;
        this.team = team;
    }

    /** Serves {@code team} on 127.0.0.1:{@code port} ({@code 0}: a free port) until {@link #close}. */
    public static LeadPageServer start(int port, Team team) throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        HttpServer server = HttpServer.create(new InetSocketAddress(loopback, port), 16);
        AtomicInteger n = new AtomicInteger();
        // Event streams return their thread at once (the exchange stays open), so a few threads serve everyone.
        ExecutorService workers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "ghp-page-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        LeadPageServer page = new LeadPageServer(server, workers, PageToken.random(), team);
        server.setExecutor(workers);
        server.createContext("/", page::handle);
        server.start();
        return page;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The address to open, token included: printed first, and only once. */
    public String url() {
        return "http://127.0.0.1:" + port() + "/?token=" + token.value();
    }

    /** The record moved to {@code newTip} (or time passed): every open page fetches the team again. */
    public void changed(String newTip) {
        tip = newTip == null ? "" : newTip;
        byte[] event = ("event: team\ndata: " + tip + "\n\n").getBytes(StandardCharsets.UTF_8);
        for (OutputStream out : listeners) {
            try {
                synchronized (out) {
                    out.write(event);
                    out.flush();
                }
            } catch (IOException gone) {
                listeners.remove(out);
                closeQuietly(out);
            }
        }
    }

    @Override
    public void close() {
        listeners.forEach(LeadPageServer::closeQuietly);
        server.stop(0);
        workers.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            if (!hostAllowed(ex.getRequestHeaders().getFirst("Host"))) {
                refuse(ex, 403, "403: this page answers only to 127.0.0.1:" + port() + " and localhost:" + port());
                return;
            }
            Map<String, String> query = form(ex.getRequestURI().getRawQuery());
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (!token.matches(query.get("token")) && !token.matches(cookie(ex, COOKIE + port()))
                    && !token.matches(headerToken(ex))) {
                refuse(ex, 401, "401: this page needs its token: open the URL 'ghp agent-status --serve' printed");
                return;
            }
            if (query.containsKey("token") && method.equals("GET") && path.equals("/")) {
                // The token moves into a cookie the page's own requests carry, and out of the address bar.
                ex.getResponseHeaders().add("Set-Cookie", COOKIE + port() + "=" + token.value() + "; Path=/; HttpOnly; SameSite=Strict");
                redirect(ex, "/");
                return;
            }
            switch (method + " " + path) {
                case "GET /" -> send(ex, 200, "text/html", html.page(team.state(), token.value(), notice(query)));
                case "GET /team" -> send(ex, 200, "text/html", html.team(team.state(), token.value(), notice(query)));
                case "GET /events" -> listen(ex);
                case "GET /page.css" -> send(ex, 200, "text/css", resource("page.css"));
                case "GET /page.js" -> send(ex, 200, "text/javascript", resource("page.js"));
                case "POST /answer" -> answer(ex);
                default -> refuse(ex, 404, "404: no such page");
            }
        } catch (RuntimeException e) {
            refuse(ex, 500, "500: " + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()));
        }
    }

    /** Only this server's own names: a rebound DNS name reaching 127.0.0.1 still sends its own Host. */
    boolean hostAllowed(String host) {
        return host != null && (host.equals("127.0.0.1:" + port()) || host.equals("localhost:" + port()));
    }

    /**
     * An answer from the form: the token must be in the form itself (or the header), not only in the
     * cookie, so that no other page can post one in the lead's name (the cookie is also SameSite=Strict).
     */
    private void answer(HttpExchange ex) throws IOException {
        Map<String, String> form = form(readForm(ex.getRequestBody()));
        if (!token.matches(form.get("token")) && !token.matches(headerToken(ex))) {
            refuse(ex, 403, "403: an answer carries the page's token in the form");
            return;
        }
        String id = form.getOrDefault("id", "");
        String verdict = form.get("verdict");
        if (verdict != null && !verdict.equals("approve") && !verdict.equals("deny")) {
            verdict = null;
        }
        String text = form.get("answer");
        Answered answered = team.answer(id, text == null || text.isBlank() ? null : text, verdict);
        if (answered.resolved()) {
            redirect(ex, "/?answered=" + java.net.URLEncoder.encode(id, StandardCharsets.UTF_8));
        } else {
            send(ex, 422, "text/html", html.refused(id, answered.message(), text));
        }
    }

    /** A server-sent event stream: the current tip at once, then one event per {@link #changed}. */
    private void listen(HttpExchange ex) throws IOException {
        Headers h = ex.getResponseHeaders();
        secure(h);
        h.set("Content-Type", "text/event-stream; charset=utf-8");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        synchronized (out) {
            out.write(("retry: 2000\nevent: team\ndata: " + tip + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        listeners.add(out);
    }

    /** What the page says above the team after an answer (the id only, checked, never free text). */
    private static String notice(Map<String, String> query) {
        String id = query.get("answered");
        return id != null && id.matches("esc-[0-9a-f]{8}") ? id : null;
    }

    private static String cookie(HttpExchange ex, String name) {
        List<String> cookies = ex.getRequestHeaders().get("Cookie");
        if (cookies == null) {
            return null;
        }
        for (String header : cookies) {
            for (String part : header.split(";")) {
                String p = part.trim();
                if (p.startsWith(name + "=")) {
                    return p.substring(name.length() + 1);
                }
            }
        }
        return null;
    }

    private static String headerToken(HttpExchange ex) {
        return ex.getRequestHeaders().getFirst(HEADER);
    }

    private static String readForm(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            body.write(buffer, 0, n);
            if (body.size() > MAX_FORM) {
                throw new IllegalArgumentException("the form is larger than " + MAX_FORM + " bytes");
            }
        }
        return body.toString(StandardCharsets.UTF_8);
    }

    /** {@code a=1&b=2}, URL-decoded; the first of a repeated name wins; null or malformed parts are skipped. */
    static Map<String, String> form(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.putIfAbsent(name, value);
            } catch (IllegalArgumentException malformed) {
                // a broken %-escape: that field is absent, as if not sent
            }
        }
        return out;
    }

    private static String resource(String name) {
        try (InputStream in = LeadPageServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " in the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + name + ": " + e.getMessage(), e);
        }
    }

    private static void secure(Headers h) {
        h.set("Content-Security-Policy", CSP);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Cache-Control", "no-store");
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        secure(ex.getResponseHeaders());
        ex.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void refuse(HttpExchange ex, int status, String line) throws IOException {
        send(ex, status, "text/plain", line + "\n");
    }

    private static void redirect(HttpExchange ex, String location) throws IOException {
        secure(ex.getResponseHeaders());
        ex.getResponseHeaders().set("Location", location);
        ex.sendResponseHeaders(303, -1);
        ex.close();
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException ignored) {
            // the browser went away: nothing to tell it
        }
    }
}
