package dev.ghp.agents.store;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Who made a commit of the coordination record, as its trailers say: an agent (the command ran in
 * an agent's session) or a person (a terminal outside one), the session where the agent tool gives
 * one, and the machine. The commit's author stays the name the change was made in (the claimed
 * {@code --agent} or {@code --by}); this says who ran the command. Claimed like the author: nothing
 * signs it (docs/authority.md, "Roles").
 *
 * @param kind    {@link #AGENT} or {@link #PERSON}
 * @param name    the agent's own name, or the person's (git's user.name, else USER)
 * @param session the agent tool and its session id ({@code claude-code 3f2a…}), or null
 * @param machine the host name, or null when it cannot be told
 */
public record WrittenBy(String kind, String name, String session, String machine) {
    public static final String AGENT = "agent";
    public static final String PERSON = "person";
    static final String WRITER_KEY = "Ghp-Written-By";
    static final String SESSION_KEY = "Ghp-Session";
    static final String MACHINE_KEY = "Ghp-Machine";
    private static final int MAX = 100;

    public WrittenBy {
        kind = AGENT.equals(kind) ? AGENT : PERSON;
        name = line(name);
        if (name == null) {
            name = "unknown";
        }
        session = line(session);
        machine = line(machine);
    }

    /** The trailer lines, each ending in a newline, to go before the history trailer. */
    String trailers() {
        StringBuilder b = new StringBuilder(WRITER_KEY).append(": ").append(kind).append(' ').append(name).append('\n');
        if (session != null) {
            b.append(SESSION_KEY).append(": ").append(session).append('\n');
        }
        if (machine != null) {
            b.append(MACHINE_KEY).append(": ").append(machine).append('\n');
        }
        return b.toString();
    }

    /** What a commit's trailers say, or null for a commit without them (written before #24, or by a merge). */
    public static WrittenBy of(RevCommit c) {
        List<String> writer = c.getFooterLines(WRITER_KEY);
        if (writer.isEmpty()) {
            return null;
        }
        String w = writer.get(writer.size() - 1).strip();
        int space = w.indexOf(' ');
        String kind = space < 0 ? w : w.substring(0, space);
        String name = space < 0 ? null : w.substring(space + 1);
        return new WrittenBy(kind, name, last(c.getFooterLines(SESSION_KEY)), last(c.getFooterLines(MACHINE_KEY)));
    }

    private static String last(List<String> values) {
        return values.isEmpty() ? null : values.get(values.size() - 1);
    }

    /** One line of printable ASCII, bounded: a trailer value is read back as one line, and shown on terminals. */
    private static String line(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        raw.strip().codePoints().limit(MAX).forEach(c -> b.append(c >= 0x20 && c < 0x7f ? (char) c : '-'));
        return b.toString();
    }

    /** This machine's host name, looked up once per process (a daemon serves one machine). */
    public static String thisMachine() {
        return Machine.NAME;
    }

    private static final class Machine {
        static final String NAME = lookUp();

        /**
         * The kernel's name first: InetAddress can wait on DNS for seconds on a host whose own name
         * does not resolve, and a heartbeat must not.
         */
        private static String lookUp() {
            for (String file : List.of("/proc/sys/kernel/hostname", "/etc/hostname")) {
                try {
                    String n = Files.readString(Path.of(file)).strip();
                    if (!n.isEmpty()) {
                        return n;
                    }
                } catch (IOException | RuntimeException e) {
                    // not Linux, or not readable: the next way
                }
            }
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return null;
            }
        }
    }
}
