package dev.ghp.agents.daemon;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One command sent to the daemon by the launcher, once the daemon has greeted it with the server
 * proof: fields that each end with a NUL byte (bash's {@code printf '%s\0'} writes them without
 * forking, and no field can hold a NUL):
 * <pre>
 *   ghp-agents-daemon/3  token  identity  working-directory
 *   argument-count  arguments…  variable-count  NAME=value…  stdin
 * </pre>
 * {@code stdin} is what the caller read from its standard input for commands that read it (a hook's
 * event, at most {@code 1 MiB}: bin/ghp runs a larger one in its own JVM), else empty.
 *
 * <p>Nothing from a caller is kept before it has shown the token: the protocol and token fields
 * may take {@link #MAX_CREDENTIAL_BYTES} together, and only then is the rest read, up to
 * {@link #MAX_REQUEST_BYTES} in all. Not a byte more is taken from the stream than that.
 *
 * @param identity what the daemon must have been started with to run this command (see {@link Daemon})
 */
public record Request(String identity, String workingDirectory, List<String> args,
                      Map<String, String> variables, byte[] stdin) {

    /**
     * Every line of the conversation starts with it, and bin/ghp's {@code daemon_protocol} repeats it
     * (DaemonProtocolAgreementTest). A change to any step (3: the answer's {@code confirm} and the
     * launcher's {@code shown}) bumps it, so that a launcher and a daemon of different builds never
     * get past the greeting: the launcher then runs the command in its own JVM.
     */
    public static final String PROTOCOL = "ghp-agents-daemon/3";

    /** The protocol and the token fields with their NULs: a 64-character token, and room to spare. */
    static final int MAX_CREDENTIAL_BYTES = 128;
    /** The whole request after the token: a 1 MiB hook event, the caller's variables and arguments. */
    static final int MAX_REQUEST_BYTES = 8 << 20;
    /** Arguments or variables beyond this many are refused. */
    static final int MAX_COUNT = 100_000;

    /** The caller sent another token than the daemon's: it read another daemon's state file. */
    static final class WrongToken extends IOException {
        WrongToken() {
            super("wrong token");
        }
    }

    /** Reads one request without a deadline (tests). */
    static Request read(InputStream in, byte[] token) throws IOException {
        return read(in, token, Long.MAX_VALUE);
    }

    /**
     * Reads one request from a caller that must show {@code token}; throws {@link WrongToken} for
     * another token and {@link IOException} for anything that is not a request, for one larger than
     * the bounds, or for one still unfinished at {@code deadlineNanos} ({@link System#nanoTime}).
     * The stream's own read timeout bounds each wait for bytes.
     */
    public static Request read(InputStream in, byte[] token, long deadlineNanos) throws IOException {
        FieldReader r = new FieldReader(in, MAX_CREDENTIAL_BYTES, deadlineNanos);
        if (!PROTOCOL.equals(r.text())) {
            throw new IOException("not a " + PROTOCOL + " request");
        }
        if (!MessageDigest.isEqual(token, r.bytes())) {
            throw new WrongToken();
        }
        r.allow(MAX_REQUEST_BYTES);
        String identity = r.text();
        String cwd = r.text();
        int argc = r.count();
        List<String> args = new ArrayList<>(Math.min(argc, 64));
        for (int i = 0; i < argc; i++) {
            args.add(r.text());
        }
        int envc = r.count();
        Map<String, String> variables = new LinkedHashMap<>();
        for (int i = 0; i < envc; i++) {
            String entry = r.text();
            int eq = entry.indexOf('=');
            if (eq > 0) {
                variables.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        byte[] stdin = r.bytes();
        return new Request(identity, cwd, List.copyOf(args), variables, stdin);
    }

    /** NUL-terminated fields, read a buffer at a time, never past the bytes allowed so far. */
    private static final class FieldReader {
        private final InputStream in;
        private final long deadlineNanos;
        private final byte[] buffer = new byte[8192];
        private int pos;
        private int end;
        private long allowed;
        private long taken;

        FieldReader(InputStream in, long allowed, long deadlineNanos) {
            this.in = in;
            this.allowed = allowed;
            this.deadlineNanos = deadlineNanos;
        }

        /** From here on, up to {@code more} further bytes may be read. */
        void allow(long more) {
            allowed = taken + more;
        }

        String text() throws IOException {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        int count() throws IOException {
            String s = text();
            try {
                int n = Integer.parseInt(s);
                if (n < 0 || n > MAX_COUNT) {
                    throw new IOException("count out of range: " + n);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IOException("not a count: " + s.length() + " characters");
            }
        }

        byte[] bytes() throws IOException {
            ByteArrayOutputStream field = new ByteArrayOutputStream();
            while (true) {
                if (pos == end) {
                    fill();
                }
                for (int i = pos; i < end; i++) {
                    if (buffer[i] == 0) {
                        field.write(buffer, pos, i - pos);
                        pos = i + 1;
                        return field.toByteArray();
                    }
                }
                field.write(buffer, pos, end - pos);
                pos = end;
            }
        }

        private void fill() throws IOException {
            long room = allowed - taken;
            if (room <= 0) {
                throw new IOException("request over its bound of " + allowed + " bytes");
            }
            if (System.nanoTime() - deadlineNanos > 0 && deadlineNanos != Long.MAX_VALUE) {
                throw new IOException("request not complete in time");
            }
            end = in.read(buffer, 0, (int) Math.min(buffer.length, room));
            pos = 0;
            if (end < 0) {
                end = 0;
                throw new EOFException("request ended early");
            }
            taken += end;
        }
    }
}
