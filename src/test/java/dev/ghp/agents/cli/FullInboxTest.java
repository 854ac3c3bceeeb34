package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.errors.ExitCode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.store.MessageFiles;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRemotes;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a full inbox keeps (issue #22): one sender cannot fill it, what matters outlasts agents'
 * chatter, a date in the future does not make a message immortal, the recipient is told what was
 * dropped, and two clones that merged the same inboxes drop the same messages.
 */
class FullInboxTest {
    @TempDir
    Path tmp;
    GitRepo repo;
    CliRunner ghp;

    @BeforeEach
    void agents() {
        repo = GitRepo.init(tmp, "repo");
        repo.commitFile("README.md", "hello\n");
        ghp = new CliRunner(repo.dir()).env("USER", "tester");
        for (int i = 1; i <= 6; i++) {
            ok(ghp.run("agent-heartbeat", "--agent", "worker-" + i, "--issue", Integer.toString(146 + i)));
        }
    }

    private static CliRunner.Result ok(CliRunner.Result r) {
        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isZero();
        return r;
    }

    private String unreadFiles(GitRepo in, String agent) {
        return in.git("ls-tree", "-r", "--name-only", "refs/ghp/coordination", ".ghp/inbox/" + agent);
    }

    /** The unread messages as git has them, read in one {@code git cat-file --batch}. */
    private List<JsonNode> unread(GitRepo in, String agent) {
        StringBuilder names = new StringBuilder();
        unreadFiles(in, agent).lines().forEach(p -> names.append("refs/ghp/coordination:").append(p).append('\n'));
        GitRepo.Result r = GitRepo.Processes.run(in.dir(), GitRepo.GIT_ENV, names.toString(),
                List.of("git", "cat-file", "--batch"));
        assertThat(r.exit()).as(r.err()).isZero();
        List<JsonNode> out = new ArrayList<>();
        String rest = r.out();
        while (!rest.isEmpty()) {
            String header = rest.substring(0, rest.indexOf('\n'));
            int size = Integer.parseInt(header.substring(header.lastIndexOf(' ') + 1));
            String body = rest.substring(header.length() + 1);
            // The sizes are in bytes; the texts here are ASCII.
            out.add(Json.parseTree(body.substring(0, size)));
            rest = body.substring(size + 1);
        }
        return out;
    }

    private List<String> unreadTexts(GitRepo in, String agent) {
        return unread(in, agent).stream().map(m -> m.path("text").asText()).toList();
    }

    private List<JsonNode> unreadOfKind(GitRepo in, String agent, String kind) {
        return unread(in, agent).stream().filter(m -> kind.equals(m.path("kind").asText())).toList();
    }

    /** One message as another clone wrote it: who sent it, what it says, when it claims it was sent. */
    record Seed(String from, String text, Instant createdAt) {
    }

    /**
     * Writes {@code seeds} unread into {@code agent}'s inbox in one commit, with git fast-import (as
     * any clone with push access could): sending them one by one would take minutes.
     */
    private static void seed(GitRepo in, String agent, List<Seed> seeds) {
        StringBuilder script = new StringBuilder("commit refs/ghp/coordination\n"
                + "committer seed <seed@example.com> 1700000000 +0000\ndata 4\nseed\nfrom refs/ghp/coordination^0\n");
        int n = 0;
        for (Seed m : seeds) {
            String id = String.format("msg-%013x%08x", m.createdAt().toEpochMilli() * 1000 + n++, m.text().hashCode());
            String json = "{\"schemaVersion\": 1, \"id\": \"" + id + "\", \"kind\": \"message\", \"from\": \"" + m.from()
                    + "\", \"to\": \"" + agent + "\", \"address\": \"" + agent + "\", \"text\": \"" + m.text()
                    + "\", \"issue\": null, \"createdAt\": \"" + m.createdAt() + "\", \"readAt\": null}\n";
            byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            script.append("M 100644 inline .ghp/inbox/").append(agent).append('/').append(id).append(".json\n")
                    .append("data ").append(bytes.length).append('\n').append(json);
        }
        GitRepo.Result r = GitRepo.Processes.run(in.dir(), GitRepo.GIT_ENV, script.toString(),
                List.of("git", "fast-import", "--quiet"));
        assertThat(r.exit()).as(r.err()).isZero();
    }

    /** {@code count} messages from each of {@code senders}, a second apart from {@code start}, round by round. */
    private static List<Seed> rounds(List<String> senders, int count, Instant start, String what) {
        List<Seed> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            for (String s : senders) {
                out.add(new Seed(s, s + " " + what + " " + i, start.plusSeconds(out.size())));
            }
        }
        return out;
    }

    static final Instant EARLIER = Instant.parse("2025-01-25T09:00:00Z");

    @Test
    void oneAgentsFloodIsRefusedAtItsShareAndAPersonsMessageStays() {
        ok(ghp.run("agent-message", "--by", "alice", "--to", "worker-1", "from a person"));

        seed(repo, "worker-1", rounds(List.of("worker-2"), MessageFiles.SENDER_SHARE - 1, EARLIER, "chatter"));

        CliRunner.Result last = ghp.run("agent-message", "--agent", "worker-2", "--to", "worker-1", "the last in its share");
        String tip = repo.coordinationTip();
        CliRunner.Result over = ghp.run("agent-message", "--agent", "worker-2", "--to", "worker-1", "one too many");

        assertThat(last.exit()).as(last.err()).isZero();
        assertThat(over.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(over.err()).startsWith("ghp: error: the inbox of worker-1 already holds 25 unread messages from worker-2");
        assertThat(repo.coordinationTip()).as("nothing written").isEqualTo(tip);
        assertThat(unreadTexts(repo, "worker-1")).contains("from a person", "the last in its share")
                .hasSize(MessageFiles.SENDER_SHARE + 1);
    }

    @Test
    void toAllAtItsShareIsRefusedForEveryoneAndSendsNothing() {
        ok(ghp.run("agent-message", "--by", "alice", "--to", "worker-3", "answer me"));
        seed(repo, "worker-3", rounds(List.of("worker-2"), MessageFiles.SENDER_SHARE, EARLIER, "broadcast"));
        String before = repo.coordinationTip();

        CliRunner.Result r = ghp.run("agent-message", "--agent", "worker-2", "--to", "all", "one too many");

        assertThat(r.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(r.err()).contains("nothing was sent");
        assertThat(repo.coordinationTip()).as("nothing half-written").isEqualTo(before);
        assertThat(unreadTexts(repo, "worker-3")).contains("answer me");
    }

    @Test
    void agentsChatterGoesBeforeAPersonsMessageAndTheRecipientIsToldOnce() {
        seed(repo, "worker-1", List.of(new Seed("alice", "the oldest, from a person", EARLIER.minusSeconds(60))));
        // Five agents, 20 each: within their shares, 101 unread in all with the next one.
        seed(repo, "worker-1", rounds(List.of("worker-2", "worker-3", "worker-4", "worker-5", "worker-6"), 20, EARLIER, "says"));
        ok(ghp.run("agent-message", "--agent", "worker-2", "--to", "worker-1", "one more"));
        ok(ghp.run("agent-message", "--agent", "worker-3", "--to", "worker-1", "and another"));

        List<String> texts = unreadTexts(repo, "worker-1");
        assertThat(texts).hasSize(MessageFiles.MAX_UNREAD).contains("the oldest, from a person", "worker-6 says 0")
                .doesNotContain("worker-2 says 0", "worker-3 says 0", "worker-4 says 0", "worker-5 says 0");
        List<JsonNode> summaries = unreadOfKind(repo, "worker-1", "dropped");
        assertThat(summaries).as("one summary notice").hasSize(1);
        assertThat(summaries.get(0).path("from").asText()).isEqualTo("ghp");
        assertThat(summaries.get(0).path("text").asText()).startsWith("4 unread messages were dropped unseen")
                .contains("worker-2 1, worker-3 1, worker-4 1, worker-5 1");
    }

    @Test
    void messagesDatedInTheFutureAreNotImmortal() {
        seed(repo, "worker-1", rounds(List.of("p1", "p2", "p3", "p4"), 25, Instant.parse("2099-01-01T00:00:00Z"), "in 2099"));

        ok(ghp.run("agent-message", "--by", "alice", "--to", "worker-1", "first from alice"));
        ok(ghp.run("agent-message", "--by", "alice", "--to", "worker-1", "second from alice"));

        assertThat(unreadTexts(repo, "worker-1")).contains("first from alice", "second from alice")
                .hasSize(MessageFiles.MAX_UNREAD);
    }

    /**
     * The other way to game the date: messages dated long ago, from names that rank as people's.
     * Oldest first, they are the first to go: a back-dated flood hurts only itself.
     */
    @Test
    void messagesDatedInThePastAreTheFirstToGo() {
        seed(repo, "worker-1", List.of(new Seed("alice", "from a person, an hour ago", EARLIER)));
        seed(repo, "worker-1", rounds(List.of("p1", "p2", "p3", "p4"), 25, Instant.parse("2000-01-01T00:00:00Z"), "in 2000"));

        ok(ghp.run("agent-message", "--by", "bob", "--to", "worker-1", "from another person, now"));

        List<String> texts = unreadTexts(repo, "worker-1");
        assertThat(texts).hasSize(MessageFiles.MAX_UNREAD)
                .contains("from a person, an hour ago", "from another person, now")
                .doesNotContain("p1 in 2000 0", "p2 in 2000 0");
    }

    @Test
    void twoClonesThatMergedFullInboxesDropTheSameMessages() {
        GitRepo remote = GitRemotes.bare(tmp, "remote.git");
        GitRepo a = GitRemotes.cloneOf(remote, tmp, "a");
        GitRepo b = GitRemotes.cloneOf(remote, tmp, "b");
        CliRunner ghpA = new CliRunner(a.dir());
        CliRunner ghpB = new CliRunner(b.dir());
        List<String> agents = List.of("worker-2", "worker-3", "worker-4", "worker-5");
        ok(ghpA.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147"));
        agents.forEach(w -> ok(ghpA.run("agent-heartbeat", "--agent", w, "--issue", "1" + w.substring(7) + "0")));
        ok(ghpA.run("agent-sync"));
        ok(ghpB.run("agent-sync"));
        // 97 unread on a and 96 on b: each below the bound, 193 once merged; the same dates on both.
        seed(a, "worker-1", rounds(agents, 24, EARLIER, "on a"));
        seed(b, "worker-1", rounds(agents, 24, EARLIER, "on b"));
        ok(ghpA.run("agent-message", "--by", "alice", "--to", "worker-1", "a person on a"));
        ok(ghpA.run("agent-sync"));
        ok(ghpB.run("agent-sync"));
        ok(ghpA.run("agent-sync"));
        assertThat(unreadFiles(a, "worker-1").lines()).hasSize(193);

        ok(ghpA.run("agent-message", "--by", "carol", "--to", "worker-1", "next on a"));
        ok(ghpB.run("agent-message", "--by", "carol", "--to", "worker-1", "next on b"));

        List<String> keptA = new ArrayList<>(unreadTexts(a, "worker-1"));
        List<String> keptB = new ArrayList<>(unreadTexts(b, "worker-1"));
        assertThat(keptA).hasSize(MessageFiles.MAX_UNREAD).contains("a person on a", "next on a");
        keptA.remove("next on a");
        keptB.remove("next on b");
        assertThat(keptB).as("the same messages kept on both clones").containsExactlyInAnyOrderElementsOf(keptA);
        assertThat(unreadOfKind(a, "worker-1", "dropped")).singleElement()
                .satisfies(s -> assertThat(s.path("text").asText()).startsWith("95 unread messages were dropped unseen"));
    }
}
