package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ghp agent-status --timeline}, drawn from a history of real commits made at controlled
 * times. The history is made once; every test only reads it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatusTimelineTest {
    static final Instant START = Instant.parse("2025-01-25T08:00:00Z");

    @TempDir
    static Path tmp;
    GitRepo repo;
    CliRunner ghp;

    @BeforeAll
    void aMorningOfThreeAgents() {
        repo = GitRepo.init(tmp, "repo");
        // 48 columns of bar in 76 (names, issues, statuses and gaps take 28): 5 minutes a column over 4 hours.
        ghp = new CliRunner(repo.dir()).env("TZ", "UTC").env("COLUMNS", "76").env("USER", "dana");
        at(0, "alice", "--issue", "147", "--status", "planning");
        at(0, "bob", "--issue", "150", "--status", "implementing");
        every(5, 35, "bob");
        at(40, "bob", "--status", "blocked", "--blocked-on", "147");
        every(45, 60, "bob");                                    // then bob goes silent at 09:10
        every(5, 15, "alice");
        at(20, "alice", "--status", "implementing");
        every(25, 95, "alice");                                  // then alice goes silent at 09:45
        at(60, "carol", "--issue", "12", "--status", "implementing");
        every(65, 115, "carol");
        at(100, "bob", "--sign-off");
        at(120, "carol", "--status", "done");
        at(160, "alice", "--status", "testing");                 // back after 55 minutes
        every(165, 200, "alice");                                // and silent again from 11:30
        // Written in time order, as real clocks would: every write clamps stamps far ahead of its
        // own clock (ClockSkew), so a heartbeat replayed from the past would rewrite later ones.
        heartbeats.sort(java.util.Comparator.comparingInt(Heartbeat::minute));
        heartbeats.forEach(this::run);
        ghp.clock().set(START.plus(Duration.ofMinutes(240)));
    }

    record Heartbeat(int minute, String agent, String... args) {
    }

    final java.util.List<Heartbeat> heartbeats = new java.util.ArrayList<>();

    void every(int from, int to, String agent) {
        for (int m = from; m <= to; m += 5) {
            at(m, agent);
        }
    }

    void at(int minute, String agent, String... args) {
        heartbeats.add(new Heartbeat(minute, agent, args));
    }

    void run(Heartbeat h) {
        int minute = h.minute();
        String agent = h.agent();
        String[] args = h.args();
        ghp.clock().set(START.plus(Duration.ofMinutes(minute)));
        String[] argv = new String[args.length + 3];
        argv[0] = "agent-heartbeat";
        argv[1] = "--agent";
        argv[2] = agent;
        System.arraycopy(args, 0, argv, 3, args.length);
        CliRunner.Result r = ghp.run(argv);
        assertThat(r.exit()).as(r.err()).isZero();
    }

    @Test
    void theTimelineShowsWhoWorkedWhoStalledAndWhen() {
        CliRunner.Result r = ghp.run("agent-status", "--timeline", "--since", "4h");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(
                  "              08:00       09:00       10:00       11:00\n"
                + "alice  #147   █████████████████████░░░░░░░░░░░██████████░░░░░░  testing\n"
                + "bob    #150   ████████▓▓▓▓▓▓░░░░░░····························  signed off\n"
                + "carol  #12    ············████████████▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁  done\n"
                + "              2025-01-25 08:00 → 12:00 UTC · one column ≈ 5m\n"
                + "              █ working  ▓ blocked  ▒ waiting  ░ silent (no heartbeat for over 10m)  ▁ done  · no entry\n"
                + "Written by (commits that wrote each entry in the window):\n"
                + "  alice: person dana · " + MACHINE + " (29 commits)\n"
                + "  bob: person dana · " + MACHINE + " (14 commits)\n"
                + "  carol: person dana · " + MACHINE + " (13 commits)\n");
    }

    static final String MACHINE = dev.ghp.agents.store.WrittenBy.thisMachine();

    @Test
    void theJsonTimelineListsEachAgentsSegments() {
        CliRunner.Result r = ghp.run("agent-status", "--timeline", "--since", "4h", "--json", "--agent", "bob");

        assertThat(r.out()).isEqualTo("""
                {
                  "schemaVersion": 1,
                  "from": "2025-01-25T08:00:00Z",
                  "to": "2025-01-25T12:00:00Z",
                  "staleAfterSeconds": 600,
                  "agents": {
                    "bob": {
                      "issue": 150,
                      "status": null,
                      "writtenBy": [
                        {
                          "kind": "person",
                          "name": "dana",
                          "session": null,
                          "machine": "%s",
                          "signature": "none",
                          "commits": 14
                        }
                      ],
                      "segments": [
                        {
                          "status": "implementing",
                          "issue": 150,
                          "from": "2025-01-25T08:00:00Z",
                          "to": "2025-01-25T08:40:00Z"
                        },
                        {
                          "status": "blocked",
                          "issue": 150,
                          "from": "2025-01-25T08:40:00Z",
                          "to": "2025-01-25T09:10:00Z"
                        },
                        {
                          "status": "silent",
                          "issue": 150,
                          "from": "2025-01-25T09:10:00Z",
                          "to": "2025-01-25T09:40:00Z"
                        }
                      ]
                    }
                  }
                }
                """.formatted(MACHINE));
    }

    @Test
    void aShortWindowStartsFromTheStateBeforeIt() {
        CliRunner.Result r = ghp.run("agent-status", "--timeline", "--since", "1h", "--json", "--agent", "carol");

        assertThat(r.out()).contains("\"status\": \"done\",\n          \"issue\": 12,\n          \"from\": \"2025-01-25T11:00:00Z\"");
    }

    @Test
    void sinceGoesWithTimelineOnly() {
        CliRunner.Result r = ghp.run("agent-status", "--since", "1h");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--since goes with --timeline");
    }

    @Test
    void aRepositoryWithoutHistoryHasAnEmptyTimeline() {
        GitRepo empty = GitRepo.init(tmp, "empty");

        CliRunner.Result r = new CliRunner(empty.dir()).env("TZ", "UTC").run("agent-status", "--timeline");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("No agent had an entry in 2025-01-25 02:30 → 10:30 UTC.\n");
    }
}
