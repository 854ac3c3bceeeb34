package dev.ghp.agents.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import dev.ghp.agents.testing.LeadPageProcess;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ghp agent-status --serve} (the lead's page, #24) as a real process, spoken to in plain
 * HTTP: the token and the Host are checked on every request, it listens on loopback only, what
 * agents wrote is escaped, the form resolves an escalation through agent-escalate, and a heartbeat
 * is pushed to an open event stream. One page serves the class's tests (one JVM start).
 */
class LeadPageIT {
    @TempDir
    static Path tmp;
    static GitRepo repo;
    static Launcher ghp;
    static LeadPageProcess page;

    @BeforeAll
    static void serve() throws Exception {
        repo = GitRepo.init(tmp, "repo");
        repo.git("config", "user.name", "Lead Person");
        ghp = new Launcher(repo.dir());
        assertThat(ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147", "--status", "implementing",
                "--action", "parser <script>alert(1)</script> \u001b[31mred\u202egnp.exe", "--files", "src/parser/**").exit()).isZero();
        assertThat(ghp.run("agent-escalate", "--agent", "worker-1", "--issue", "147",
                "Accept tabs? <img src=x onerror=alert(2)>").exit()).isZero();
        page = LeadPageProcess.start(ghp, tmp.resolve("page.err"));
    }

    @AfterAll
    static void stop() {
        if (page != null) {
            page.close();
        }
    }

    @Test
    void aRequestWithoutTheTokenIsRefusedAndShownNothing() throws Exception {
        for (String path : List.of("/", "/team", "/events", "/page.js", "/page.css", "/?token=wrong")) {
            LeadPageProcess.Response r = page.request("GET", path, page.host(), null);
            assertThat(r.status()).as(path).isEqualTo(401);
            assertThat(r.body()).as(path).doesNotContain("worker-1").doesNotContain("esc-").startsWith("401:");
        }
        LeadPageProcess.Response wrongCookie = page.request("GET", "/team", page.host() + "\r\nCookie: ghp_page_token_" + page.port() + "=x", null);
        assertThat(wrongCookie.status()).isEqualTo(401);
        LeadPageProcess.Response post = page.request("POST", "/answer", page.host(), "id=esc-00000000&answer=no");
        assertThat(post.status()).isEqualTo(401);
    }

    @Test
    void theTokenInTheUrlBecomesAStrictHttpOnlyCookie() throws Exception {
        LeadPageProcess.Response r = page.request("GET", "/?token=" + page.token(), page.host(), null);
        assertThat(r.status()).isEqualTo(303);
        assertThat(r.header("Location")).isEqualTo("/");
        // Named for the port: a browser sends a cookie of 127.0.0.1 to every port, and a second page must not replace it.
        assertThat(r.header("Set-Cookie")).isEqualTo(page.cookie() + "; Path=/; HttpOnly; SameSite=Strict")
                .startsWith("ghp_page_token_" + page.port() + "=");
        LeadPageProcess.Response withCookie = page.request("GET", "/", page.host() + "\r\nCookie: " + page.cookie(), null);
        assertThat(withCookie.status()).isEqualTo(200);
        assertThat(withCookie.body()).contains("worker-1");
        assertThat(withCookie.header("Content-Security-Policy")).startsWith("default-src 'self'");
    }

    @Test
    void anotherHostIsRefusedEvenWithTheToken() throws Exception {
        for (String host : List.of("Host: attacker.example:" + page.port(), "Host: 127.0.0.1", "Host: 127.0.0.1.nip.io:" + page.port())) {
            LeadPageProcess.Response r = page.request("GET", "/team", host + "\r\nX-Ghp-Token: " + page.token(), null);
            assertThat(r.status()).as(host).isEqualTo(403);
            assertThat(r.body()).as(host).doesNotContain("worker-1");
        }
        assertThat(page.request("GET", "/team", "Host: localhost:" + page.port() + "\r\nX-Ghp-Token: " + page.token(), null)
                .status()).isEqualTo(200);
    }

    @Test
    void itListensOnLoopbackOnly() throws Exception {
        // The kernel's own table of listening sockets: the page's port, bound to 127.0.0.1 and nothing else.
        String hexPort = String.format("%04X", page.port());
        List<String> listening = new java.util.ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            if (Files.exists(Path.of(table))) {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 3 && f[1].endsWith(":" + hexPort) && f[3].equals("0A")) {
                        listening.add(f[1]);
                    }
                }
            }
        }
        // 127.0.0.1 as /proc writes it: little-endian IPv4, or IPv4-mapped in the IPv6 table.
        assertThat(listening).isNotEmpty().allMatch(a -> a.equals("0100007F:" + hexPort)
                || a.equals("0000000000000000FFFF00000100007F:" + hexPort));
        assertThat(page.url()).startsWith("http://127.0.0.1:");
    }

    @Test
    void whatAgentsWroteIsEscapedAndInvisibleCharactersShown() throws Exception {
        String body = page.request("GET", "/", page.host() + "\r\nX-Ghp-Token: " + page.token(), null).body();
        assertThat(body).contains("parser &lt;script&gt;alert(1)&lt;/script&gt; ␛[31mred<U+202E>gnp.exe".replace("<U+202E>", "&lt;U+202E&gt;"))
                .contains("Accept tabs? &lt;img src=x onerror=alert(2)&gt;")
                .doesNotContain("<script>alert").doesNotContain("<img").doesNotContain("\u202e").doesNotContain("\u001b");
    }

    @Test
    void theFormAnswersTheEscalationAsThePersonRunningThePage() throws Exception {
        String id = ghp.run("agent-escalate", "--agent", "worker-1", "--issue", "147", "Split #147?").out().trim();
        String auth = page.host() + "\r\nCookie: " + page.cookie();
        // The cookie alone does not answer: the form carries the token (no other site can post one).
        LeadPageProcess.Response forged = page.request("POST", "/answer", auth, "id=" + id + "&answer=yes");
        assertThat(forged.status()).isEqualTo(403);
        assertThat(escalation(id).path("status").asText()).isEqualTo("open");

        LeadPageProcess.Response r = page.request("POST", "/answer", auth, "token=" + page.token() + "&id=" + id
                + "&answer=" + URLEncoder.encode("No: one PR, two commits", StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.body()).isEqualTo(303);
        assertThat(r.header("Location")).isEqualTo("/?answered=" + id);
        JsonNode resolved = escalation(id);
        assertThat(resolved.path("status").asText()).isEqualTo("resolved");
        assertThat(resolved.path("answer").asText()).isEqualTo("No: one PR, two commits");
        assertThat(resolved.path("resolvedBy").asText()).isEqualTo("Lead Person");

        // Answering it again is agent-escalate's refusal, shown on the page (escaped), and nothing changes.
        LeadPageProcess.Response again = page.request("POST", "/answer", auth, "token=" + page.token() + "&id=" + id + "&answer=yes");
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.body()).contains(id + " was already resolved by");
        assertThat(escalation(id).path("answer").asText()).isEqualTo("No: one PR, two commits");
    }

    @Test
    void anOpenEventStreamIsToldOfANewHeartbeat() throws Exception {
        try (LeadPageProcess.EventStream events = page.events()) {
            assertThat(events.next()).isEqualTo(repo.coordinationTip());
            assertThat(ghp.run("agent-heartbeat", "--agent", "late-joiner", "--status", "planning").exit()).isZero();
            String tip = repo.coordinationTip();
            String seen = events.next();
            while (!seen.equals(tip)) { // a refresh tick may come first; the socket's timeout bounds the wait
                seen = events.next();
            }
            assertThat(seen).isEqualTo(tip);
        }
        String team = page.request("GET", "/team", page.host() + "\r\nX-Ghp-Token: " + page.token(), null).body();
        assertThat(team).contains("late-joiner");
    }

    @Test
    void aPortInUseIsExit5WithTheReason() {
        GitRepo.Result r = ghp.run("agent-status", "--serve", "--port", Integer.toString(page.port()));
        assertThat(r.exit()).isEqualTo(5);
        assertThat(r.err()).startsWith("ghp: error: cannot serve the page on 127.0.0.1:" + page.port() + ": ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void ctrlCEndsThePageWith130AndOneLine() throws Exception {
        // A shell's background job starts with SIGINT ignored and a JVM so started never sees Ctrl-C (StatusWatchIT).
        Launcher launcher = new Launcher(repo.dir());
        Path err = tmp.resolve("stopped.err");
        try (LeadPageProcess stopped = LeadPageProcess.start(launcher, err, "--port", "0")) {
            assertThat(stopped.port()).isNotEqualTo(page.port());
            int code = stopped.stop(sigintIgnored() ? "TERM" : "INT");
            assertThat(code).isEqualTo(sigintIgnored() ? 128 + 15 : 128 + 2);
            assertThat(stopped.stderr()).isEqualTo("ghp: error: the page was stopped\n");
        }
    }

    private static boolean sigintIgnored() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseLong(line.substring(7).trim(), 16) & (1L << 1)) != 0;
            }
        }
        return false;
    }

    private static JsonNode escalation(String id) throws Exception {
        GitRepo.Result list = ghp.run("agent-escalate", "--list", "--all", "--json");
        assertThat(list.exit()).as(list.err()).isZero();
        for (JsonNode e : new ObjectMapper().readTree(list.out()).path("escalations")) {
            if (e.path("id").asText().equals(id)) {
                return e;
            }
        }
        throw new AssertionError("no escalation " + id + " in " + list.out());
    }
}
