package dev.ghp.agents.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;

class HistoryTrailerTest {
    private static final Instant SINCE = Instant.parse("2026-11-01T00:00:00Z");

    private static byte[] commit(String message) {
        return ("tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n"
                + "author w <w@x> 1 +0000\ncommitter w <w@x> 1 +0000\n\n" + message).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theTrailerFollowsTheMessageAfterABlankLineAndLeavesTheSubjectAlone() {
        String message = new HistoryTrailer(147, SINCE, 0).appendTo("heartbeat worker-1 #147 implementing");
        assertThat(message).isEqualTo("heartbeat worker-1 #147 implementing\n\n"
                + "Ghp-History: generation=147 since=2026-11-01T00:00:00Z\n");
    }

    @Test
    void itIsReadBackFromARawCommit() {
        byte[] raw = commit(new HistoryTrailer(12, SINCE, 3).appendTo("prune\n\nsome body\n"));
        assertThat(HistoryTrailer.find(raw)).contains(new HistoryTrailer(12, SINCE, 3));
    }

    @Test
    void theNextCommitCountsOneMoreKeepsTheRootTimeAndDropsThePrunedCount() {
        assertThat(new HistoryTrailer(12, SINCE, 3).next()).isEqualTo(new HistoryTrailer(13, SINCE, 0));
    }

    @Test
    void aMissingOrGarbledTrailerIsNoTrailer() {
        assertThat(HistoryTrailer.find(commit("heartbeat w #1 x\n"))).isEmpty();
        assertThat(HistoryTrailer.find(commit("x\n\nGhp-History: generation=many since=yesterday\n"))).isEmpty();
        assertThat(HistoryTrailer.find(commit("x\n\nGhp-History: generation=0 since=2026-11-01T00:00:00Z\n"))).isEmpty();
    }

    @Test
    void rewritingAParentKeepsEveryOtherHeaderAndTheMessageByteForByte() {
        String headers = "author A <a@x> 1700000000 +0100\n"
                + "committer C <c@x> 1700000001 -0500\n"
                + "encoding ISO-8859-1\n";
        byte[] raw = ("tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n"
                + "parent 1111111111111111111111111111111111111111\n"
                + "parent 2222222222222222222222222222222222222222\n"
                + headers
                + "mergetag object 2222222222222222222222222222222222222222\n type commit\n tag v1\n"
                + "gpgsig -----BEGIN PGP SIGNATURE-----\n \n abc\n -----END PGP SIGNATURE-----\n"
                + "\nsync: merge\n\nbody\n").getBytes(StandardCharsets.ISO_8859_1);
        ObjectId tree = ObjectId.fromString("4b825dc642cb6eb9a060e54bf8d69288fbee4904");
        ObjectId parent = ObjectId.fromString("3333333333333333333333333333333333333333");

        assertThat(new String(HistoryPruner.withParent(raw, tree, parent), StandardCharsets.ISO_8859_1)).isEqualTo(
                "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n"
                        + "parent 3333333333333333333333333333333333333333\n"
                        + headers + "\nsync: merge\n\nbody\n");
        assertThat(new String(HistoryPruner.withParent(raw, tree, null), StandardCharsets.ISO_8859_1))
                .startsWith("tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A");
    }
}
