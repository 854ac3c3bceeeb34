package dev.ghp.agents.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ghp.agents.testing.GitRepo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneOffset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonTest {
    static final String TOKEN = "ab".repeat(32);
    private static final String PROOF = "ef".repeat(32);
    static final byte[] TOKEN_BYTES = TOKEN.getBytes(StandardCharsets.US_ASCII);
    private static final String IDENTITY = "jar=/x.jar\njava=/usr/bin/java";

    @TempDir
    Path tmp;

    /** A request as bin/ghp writes it: NUL-terminated fields. */
    static byte[] wire(String token, String identity, String cwd, List<String> args, Map<String, String> env, String stdin) {
        List<String> fields = new ArrayList<>(List.of(Request.PROTOCOL, token, identity, cwd, String.valueOf(args.size())));
        fields.addAll(args);
        fields.add(String.valueOf(env.size()));
        env.forEach((k, v) -> fields.add(k + "=" + v));
        fields.add(stdin);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String f : fields) {
            out.writeBytes(f.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return out.toByteArray();
    }

    private Daemon daemon() throws IOException {
        Path jar = Files.writeString(tmp.resolve("ghp-agents.jar"), "jar");
        Daemon d = new Daemon(tmp.resolve("state/daemon"), jar, IDENTITY, Duration.ofMinutes(1), ZoneOffset.UTC);
        d.useSecrets(TOKEN.getBytes(StandardCharsets.US_ASCII), PROOF.getBytes(StandardCharsets.US_ASCII));
        return d;
    }

    private static Request request(String token, String identity, String cwd, String... args) throws IOException {
        return Request.read(new ByteArrayInputStream(wire(token, identity, cwd, List.of(args), Map.of(), "")), TOKEN_BYTES);
    }

    @Test
    void readsEveryFieldIncludingNewlinesAndEmptyOnes() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("GHP_AGENT", "alice");
        env.put("EMPTY", "");
        env.put("WITH_EQUALS", "a=b=c");
        byte[] bytes = wire(TOKEN, IDENTITY, "/work/repo",
                List.of("agent-heartbeat", "--action", "two\nlines", ""), env, "{\"cwd\":\"/w\"}\n");

        Request r = Request.read(new ByteArrayInputStream(bytes), TOKEN_BYTES);

        assertThat(r.identity()).isEqualTo(IDENTITY);
        assertThat(r.workingDirectory()).isEqualTo("/work/repo");
        assertThat(r.args()).containsExactly("agent-heartbeat", "--action", "two\nlines", "");
        assertThat(r.variables()).containsEntry("GHP_AGENT", "alice").containsEntry("EMPTY", "")
                .containsEntry("WITH_EQUALS", "a=b=c");
        assertThat(new String(r.stdin(), StandardCharsets.UTF_8)).isEqualTo("{\"cwd\":\"/w\"}\n");
    }

    @Test
    void refusesWhatIsNotARequest() {
        byte[] good = wire(TOKEN, IDENTITY, "/w", List.of("agent-status"), Map.of(), "");
        assertThatThrownBy(() -> Request.read(new ByteArrayInputStream("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII)), TOKEN_BYTES))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Request.read(new ByteArrayInputStream(java.util.Arrays.copyOf(good, good.length - 3)), TOKEN_BYTES))
                .isInstanceOf(IOException.class).hasMessageContaining("ended early");
        byte[] negative = wire(TOKEN, IDENTITY, "/w", List.of(), Map.of(), "");
        String text = new String(negative, StandardCharsets.UTF_8).replaceFirst("\u00000\u0000", "\u0000-1\u0000");
        assertThatThrownBy(() -> Request.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), TOKEN_BYTES))
                .isInstanceOf(IOException.class).hasMessageContaining("out of range");
    }

    @Test
    void answersOnlyItsOwnCallerForTheServedCommands() throws IOException {
        Daemon d = daemon();
        assertThat(d.refusal(request(TOKEN, IDENTITY, "/w", "agent-heartbeat", "--agent", "a"))).isNull();
        assertThat(d.refusal(request(TOKEN, IDENTITY, "/w", "agent-hooks", "run", "stop"))).isNull();
        assertThatThrownBy(() -> request("cd".repeat(32), IDENTITY, "/w", "agent-status")).isInstanceOf(Request.WrongToken.class);
        assertThatThrownBy(() -> request(TOKEN.substring(1), IDENTITY, "/w", "agent-status")).isInstanceOf(Request.WrongToken.class);
        assertThat(d.refusal(request(TOKEN, IDENTITY + "\nGIT_CONFIG_GLOBAL=/other", "/w", "agent-status")))
                .isEqualTo("identity");
        assertThat(d.refusal(request(TOKEN, IDENTITY, "/w", "agent-status", "--watch"))).isEqualTo("command");
        assertThat(d.refusal(request(TOKEN, IDENTITY, "/w", "agent-daemon", "stop"))).isEqualTo("command");
        assertThat(d.refusal(request(TOKEN, IDENTITY, "/w"))).isEqualTo("command");
        assertThat(d.refusal(request(TOKEN, IDENTITY, "relative/dir", "agent-status"))).isEqualTo("command");
    }

    @Test
    void aChangedJarMakesItStaleAndStop() throws IOException {
        Daemon d = daemon();
        Path jar = tmp.resolve("ghp-agents.jar");
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5000));
        assertThat(d.refusal(request(TOKEN, IDENTITY, "/w", "agent-status"))).isEqualTo("stale");
    }

    @Test
    void runsTheCommandInTheCallersDirectoryWithItsVariablesAndFramesTheResult() throws IOException {
        GitRepo repo = GitRepo.init(tmp, "repo");
        repo.commitFile("README.md", "hi\n");
        Map<String, String> env = new HashMap<>(GitRepo.GIT_ENV);
        env.put("GHP_AGENT", "from-the-caller");
        Request ok = Request.read(new ByteArrayInputStream(wire(TOKEN, IDENTITY, repo.dir().toString(),
                List.of("agent-heartbeat", "--status", "planning", "--action", "daemon test"), env, "")), TOKEN_BYTES);

        String answer = new String(Daemon.run(ok, ZoneOffset.UTC), StandardCharsets.UTF_8);

        String[] header = answer.substring(0, answer.indexOf('\n')).split(" ");
        assertThat(header[0]).isEqualTo(Request.PROTOCOL);
        assertThat(header[1]).isEqualTo("0");
        int outLength = Integer.parseInt(header[2]);
        int errLength = Integer.parseInt(header[3]);
        byte[] body = answer.substring(answer.indexOf('\n') + 1).getBytes(StandardCharsets.UTF_8);
        assertThat(body).hasSize(outLength + errLength);
        assertThat(new String(body, errLength, outLength, StandardCharsets.UTF_8)).as("stderr first, then stdout")
                .startsWith("✓ from-the-caller").contains("from-the-caller");
        assertThat(repo.showCoordination(".ghp/agent-status.json")).contains("\"from-the-caller\"").contains("daemon test");
    }

    @Test
    void aFailingCommandKeepsItsExitCodeAndStderr() throws IOException {
        GitRepo repo = GitRepo.init(tmp, "repo");
        Request bad = Request.read(new ByteArrayInputStream(wire(TOKEN, IDENTITY, repo.dir().toString(),
                List.of("agent-heartbeat", "--agent", "a", "--status", "sleeping"), Map.of(), "")), TOKEN_BYTES);

        String answer = new String(Daemon.run(bad, ZoneOffset.UTC), StandardCharsets.UTF_8);

        String[] header = answer.substring(0, answer.indexOf('\n')).split(" ");
        assertThat(header[1]).isEqualTo("2");
        assertThat(header[2]).isEqualTo("0");
        assertThat(answer).contains("ghp: error: unknown status 'sleeping'");
        assertThat(repo.coordinationTip()).isNull();
    }

    @Test
    void theStateDirectoryMustBeThisUsersAlone() throws IOException {
        Path open = Files.createDirectory(tmp.resolve("open"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        assertThatThrownBy(() -> StateDirectory.prepare(open)).isInstanceOf(IOException.class).hasMessageContaining("open to other users");

        Path fresh = tmp.resolve("fresh/ghp-agents");
        StateDirectory.prepare(fresh);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rwx------");

        byte[] token = StateDirectory.newToken();
        Path state = fresh.resolve("daemon");
        byte[] proof = StateDirectory.newToken();
        StateDirectory.writeState(state, 4242, token, 77, proof);
        assertThat(Files.readString(state)).isEqualTo("4242 " + new String(token, StandardCharsets.US_ASCII) + " 77 "
                + new String(proof, StandardCharsets.US_ASCII) + "\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rw-------");
        assertThat(StateDirectory.namesUs(state, token)).isTrue();
        assertThat(StateDirectory.namesUs(state, StateDirectory.newToken())).isFalse();
        StateDirectory.deleteIfOurs(state, StateDirectory.newToken());
        assertThat(state).exists();
        StateDirectory.deleteIfOurs(state, token);
        assertThat(state).doesNotExist();
    }

    /** A stream of {@code fill} bytes without end (or {@code prefix} first), counting what was taken from it. */
    static final class CountingStream extends java.io.InputStream {
        private final byte[] prefix;
        private final byte fill;
        long taken;

        CountingStream(byte[] prefix, byte fill) {
            this.prefix = prefix;
            this.fill = fill;
        }

        @Override
        public int read() {
            return taken < prefix.length ? prefix[(int) taken++] & 0xff : (taken++ >= 0 ? fill : fill);
        }

        @Override
        public int read(byte[] b, int off, int len) {
            for (int i = 0; i < len; i++) {
                b[off + i] = (byte) read();
            }
            return len;
        }
    }

    @Test
    void aCallerWithoutTheTokenIsReadNoFurtherThanAFewDozenBytes() {
        CountingStream hugeFirstField = new CountingStream(new byte[0], (byte) 'A');
        assertThatThrownBy(() -> Request.read(hugeFirstField, TOKEN_BYTES)).isInstanceOf(IOException.class);
        assertThat(hugeFirstField.taken).as("bytes taken of an endless first field").isLessThanOrEqualTo(Request.MAX_CREDENTIAL_BYTES);

        byte[] wrongToken = wire("cd".repeat(32), IDENTITY, "/w", List.of("agent-status"), Map.of(), "");
        CountingStream thenHuge = new CountingStream(java.util.Arrays.copyOf(wrongToken, 2 + Request.PROTOCOL.length() + 64), (byte) 'A');
        assertThatThrownBy(() -> Request.read(thenHuge, TOKEN_BYTES)).isInstanceOf(Request.WrongToken.class);
        assertThat(thenHuge.taken).as("bytes taken of a wrong token and what follows").isLessThanOrEqualTo(Request.MAX_CREDENTIAL_BYTES);
    }

    @Test
    void aRequestWithTheTokenIsBoundedInAll() {
        byte[] credentials = (Request.PROTOCOL + "\0" + TOKEN + "\0").getBytes(StandardCharsets.US_ASCII);
        CountingStream endless = new CountingStream(credentials, (byte) 'A');
        assertThatThrownBy(() -> Request.read(endless, TOKEN_BYTES)).isInstanceOf(IOException.class).hasMessageContaining("bound");
        assertThat(endless.taken).isLessThanOrEqualTo((long) Request.MAX_CREDENTIAL_BYTES + Request.MAX_REQUEST_BYTES);
    }

    @Test
    void theDaemonGreetsWithTheProofAndAnswersADeletedDirectoryInOneLine() throws IOException {
        Daemon d = daemon();
        assertThat(new String(d.greeting(), StandardCharsets.US_ASCII)).isEqualTo(Request.PROTOCOL + " " + PROOF + "\n");

        String beat = new String(Daemon.run(request(TOKEN, IDENTITY, tmp.resolve("gone").toString(), "agent-heartbeat"), ZoneOffset.UTC),
                StandardCharsets.UTF_8);
        String hook = new String(Daemon.run(request(TOKEN, IDENTITY, tmp.resolve("gone").toString(), "agent-hooks", "run", "stop"), ZoneOffset.UTC),
                StandardCharsets.UTF_8);

        assertThat(beat).isEqualTo(Request.PROTOCOL + " 5 0 51\nghp: error: the current directory no longer exists\n");
        assertThat(hook).isEqualTo(Request.PROTOCOL + " 0 0 51\nghp: error: the current directory no longer exists\n");
    }
}
