package dev.ghp.agents.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/ghp agent-status --serve} as a real process (the lead's page, #24): started in a
 * repository, its URL read from the first line it prints, stopped with a signal. {@link #request}
 * speaks plain HTTP/1.1 over a socket, so that a test sets any header (Host included, which Java's
 * HTTP client will not let it set) and reads exactly what the server sent.
 */
public final class LeadPageProcess implements AutoCloseable {
    private final Process process;
    private final Path stderr;
    private final String url;

    private LeadPageProcess(Process process, Path stderr, String url) {
        this.process = process;
        this.stderr = stderr;
        this.url = url;
    }

    /** Starts the page in {@code dir} and waits (at most 60 s) for its URL. */
    public static LeadPageProcess start(Launcher launcher, Path stderr, String... extraArgs) throws IOException {
        String[] args = new String[extraArgs.length + 2];
        args[0] = "agent-status";
        args[1] = "--serve";
        System.arraycopy(extraArgs, 0, args, 2, extraArgs.length);
        Process p = launcher.builder(args).redirectError(stderr.toFile()).start();
        p.getOutputStream().close(); // stdin closed at once: the page does not take that for a stop
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine(); // the page prints its URL first; a failure ends the process (null)
        assertThat(first).as("the URL line; stderr: %s", Files.exists(stderr) ? Files.readString(stderr) : "")
                .isNotNull().startsWith("http://127.0.0.1:");
        // The rest of stdout is drained so that the server never blocks on a full pipe.
        Thread drain = new Thread(() -> {
            try {
                out.transferTo(java.io.Writer.nullWriter());
            } catch (IOException ignored) {
                // the process ended
            }
        }, "lead-page-stdout");
        drain.setDaemon(true);
        drain.start();
        return new LeadPageProcess(p, stderr, first.trim());
    }

    /** The URL printed, token included. */
    public String url() {
        return url;
    }

    public int port() {
        return URI.create(url).getPort();
    }

    public String token() {
        return url.substring(url.indexOf("token=") + "token=".length());
    }

    public Process process() {
        return process;
    }

    public String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    /** A response as sent: status code, the header block, the body. */
    public record Response(int status, String headers, String body) {
        public String header(String name) {
            for (String line : headers.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    /** {@code METHOD path} with {@code headers} (CRLF-separated lines, Host included) and {@code body}. */
    public Response request(String method, String path, String headers, String body) throws IOException {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            String head = method + " " + path + " HTTP/1.1\r\n" + headers + (headers.isEmpty() ? "" : "\r\n")
                    + "Connection: close\r\n"
                    + (body == null ? "" : "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                    + content.length + "\r\n") + "\r\n";
            out.write(head.getBytes(StandardCharsets.UTF_8));
            out.write(content);
            out.flush();
            String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int split = all.indexOf("\r\n\r\n");
            String headerBlock = all.substring(0, split);
            String rest = all.substring(split + 4);
            int status = Integer.parseInt(headerBlock.substring(9, 12));
            return new Response(status, headerBlock, rest);
        }
    }

    /** The page's cookie, named for its port (a browser keeps cookies by host, not by port). */
    public String cookie() {
        return "ghp_page_token_" + port() + "=" + token();
    }

    /** The Host header the page expects. */
    public String host() {
        return "Host: 127.0.0.1:" + port();
    }

    /** Opens {@code /events} with the token and returns the stream, headers already read past. */
    public EventStream events() throws IOException {
        Socket socket = new Socket("127.0.0.1", port());
        socket.setSoTimeout(30_000);
        socket.getOutputStream().write(("GET /events HTTP/1.1\r\n" + host() + "\r\nX-Ghp-Token: " + token()
                + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        return new EventStream(socket);
    }

    /** A server-sent event stream: {@link #next} returns each event's data (chunked framing skipped). */
    public static final class EventStream implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;

        EventStream(Socket socket) throws IOException {
            this.socket = socket;
            InputStream raw = socket.getInputStream();
            this.in = new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8));
            String status = in.readLine();
            assertThat(status).startsWith("HTTP/1.1 200");
            String line;
            while ((line = in.readLine()) != null && !line.isEmpty()) {
                // headers
            }
        }

        /** The data of the next {@code team} event (read until one arrives; the socket's timeout bounds it). */
        public String next() throws IOException {
            String line;
            boolean team = false;
            while ((line = in.readLine()) != null) {
                if (line.equals("event: team")) {
                    team = true;
                } else if (team && line.startsWith("data: ")) {
                    return line.substring(6);
                }
            }
            throw new IOException("the event stream ended");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Ends the page with {@code signal} (INT is Ctrl-C) and returns its exit code. */
    public int stop(String signal) throws InterruptedException {
        Launcher.signal(process.pid(), signal); // bin/ghp execs the JVM: this is the page's process
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("ended after SIG%s", signal).isTrue();
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
