package dev.ghp.agents.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.git.RepoContext;
import dev.ghp.agents.git.RepoLocator;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.store.Change;
import dev.ghp.agents.store.GitRefStore;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRemotes;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.Deflater;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a sync pushes for one heartbeat does not grow with the agent table (issue #21): the new
 * table goes as a delta against the one the remote holds. The bytes are counted on their way
 * into the real {@code git receive-pack} (the remote's {@code receivepack} is a script that
 * copies its stdin to a file first).
 */
class ThinPushTest {
    @TempDir
    Path tmp;

    @Test
    void aHeartbeatOverALargeTablePushesADeltaNotTheTable() throws Exception {
        GitRepo remote = GitRemotes.bare(tmp, "remote.git");
        GitRepo clone = GitRemotes.cloneOf(remote, tmp, "clone");
        byte[] table = seedTable(clone.dir(), 1000);
        Path pushed = tmp.resolve("pushed.bytes");
        Path receivePack = tmp.resolve("counting-receive-pack");
        Files.writeString(receivePack, "#!/bin/sh\ntee -a '" + pushed + "' | git receive-pack \"$@\"\n");
        Files.setPosixFilePermissions(receivePack, PosixFilePermissions.fromString("rwx------"));
        clone.git("config", "remote.origin.receivepack", receivePack.toString());
        CliRunner ghp = new CliRunner(clone.dir());
        Map<String, String> variables = new HashMap<>(GitRepo.GIT_ENV);
        variables.put("PATH", System.getenv("PATH"));
        variables.forEach(ghp::env);
        CliRunner.Result first = ghp.run("agent-sync");
        assertThat(first.exit()).as(first.err()).isZero();
        Files.write(pushed, new byte[0]);

        assertThat(ghp.run("agent-heartbeat", "--agent", "agent-0001", "--action", "one more step", "--quiet").exit()).isZero();
        CliRunner.Result sync = ghp.run("agent-sync");

        assertThat(sync.exit()).as(sync.err()).isZero();
        assertThat(GitRemotes.tip(remote, "refs/ghp/coordination")).isEqualTo(GitRemotes.tip(clone, "refs/ghp/coordination"));
        long compressedTable = deflatedSize(table);
        assertThat(compressedTable).as("the table, compressed").isGreaterThan(20_000);
        assertThat(Files.size(pushed)).as("bytes pushed for one heartbeat").isLessThan(compressedTable / 10);
        remote.assertFsckClean();
    }

    /**
     * A table of {@code agents} agents whose actions are random text (so it compresses little), committed
     * in the clone; stamped before the CliRunner's clock, so that no write clamps them (ClockSkew).
     */
    private static byte[] seedTable(Path dir, int agents) {
        Random random = new Random(21);
        TreeMap<String, AgentRecord> rows = new TreeMap<>();
        for (int i = 1; i <= agents; i++) {
            byte[] noise = new byte[20];
            random.nextBytes(noise);
            rows.put(String.format("agent-%04d", i), AgentRecord.builder().issue(i).status("implementing")
                    .lastAction("step " + HexFormat.of().formatHex(noise)).timestamp(Instant.parse("2025-01-25T10:00:00Z"))
                    .build());
        }
        StatusDocument doc = new StatusDocument(StatusDocument.SCHEMA_VERSION, rows, Map.of());
        RepoContext rc = RepoLocator.open(dir);
        try (Repository repo = rc.repository()) {
            new GitRefStore(repo, Clock.systemUTC()).update(s -> Change.of("seed " + agents + " agents", "bench").putStatus(doc));
        }
        return StatusCodec.write(doc);
    }

    private static long deflatedSize(byte[] bytes) {
        Deflater deflater = new Deflater();
        deflater.setInput(bytes);
        deflater.finish();
        byte[] out = new byte[bytes.length + 1024];
        long size = 0;
        while (!deflater.finished()) {
            size += deflater.deflate(out);
        }
        deflater.end();
        return size;
    }
}
