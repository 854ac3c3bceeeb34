package dev.ghp.agents.daemon;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One command sent to the daemon by the launcher: fields that each end with a NUL byte (bash's
 * {@code printf '%s\0'} writes them without forking, and no field can hold a NUL):
 * <pre>
 *   ghp-agents-daemon/1  token  identity  working-directory
 *   argument-count  arguments…  variable-count  NAME=value…  stdin
 * </pre>
 * {@code stdin} is what the caller read from its standard input for commands that read it (a hook's
 * event), else empty.
 *
 * @param identity what the daemon must have been started with to run this command (see {@link Daemon})
 */
public record Request(String token, String identity, String workingDirectory, List<String> args,
                      Map<String, String> variables, byte[] stdin) {

    public static final String PROTOCOL = "ghp-agents-daemon/1";

    /** A field larger than this is refused: hook events carry whole tool outputs, but not this much. */
    static final int MAX_FIELD_BYTES = 32 << 20;
    /** Arguments or variables beyond this many are refused. */
    static final int MAX_COUNT = 100_000;

    /** Reads one request; throws {@link IOException} for anything that is not one. */
    public static Request read(InputStream in) throws IOException {
        FieldReader r = new FieldReader(in);
        String protocol = r.text();
        if (!PROTOCOL.equals(protocol)) {
            throw new IOException("not a " + PROTOCOL + " request");
        }
        String token = r.text();
        String identity = r.text();
        String cwd = r.text();
        int argc = r.count();
        List<String> args = new ArrayList<>(argc);
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
        return new Request(token, identity, cwd, List.copyOf(args), variables, stdin);
    }

    /** NUL-terminated fields, read a buffer at a time. */
    private static final class FieldReader {
        private final InputStream in;
        private final byte[] buffer = new byte[8192];
        private int pos;
        private int end;

        FieldReader(InputStream in) {
            this.in = in;
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
                    end = in.read(buffer);
                    pos = 0;
                    if (end < 0) {
                        throw new EOFException("request ended early");
                    }
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
                if (field.size() > MAX_FIELD_BYTES) {
                    throw new IOException("field over " + MAX_FIELD_BYTES + " bytes");
                }
            }
        }
    }
}
