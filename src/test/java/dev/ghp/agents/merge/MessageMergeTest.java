package dev.ghp.agents.merge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.model.Message;
import dev.ghp.agents.model.MessageCodec;
import dev.ghp.agents.rules.ScopeOverlap;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Messages in the semantic merge: a union, where read beats unread. */
class MessageMergeTest {
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private final RecordMerge merge = new RecordMerge(new ClaimConflicts(Duration.ofMinutes(10), ScopeOverlap.EXACT));

    private RecordTree merge(RecordTree base, RecordTree ours, RecordTree theirs) {
        RecordTree one = merge.merge(base, RecordMerge.Side.of(ours), RecordMerge.Side.of(theirs)).tree();
        RecordTree other = merge.merge(base, RecordMerge.Side.of(theirs), RecordMerge.Side.of(ours)).tree();
        assertThat(one.sameAs(other)).as("the merge gives the same tree whichever side runs it").isTrue();
        return one;
    }

    private static Message message(String id, String to) {
        return Message.unread(id, Message.Kind.MESSAGE, "alice", to, to, "hello " + id, null, T0);
    }

    private static RecordTree with(RecordTree tree, Message m) {
        return tree.with(m.path(), FileContent.of(MessageCodec.write(m)));
    }

    @Test
    void messagesSentOnEachSideAreAllKept() {
        RecordTree ours = with(RecordTree.EMPTY, message("msg-0000aaaa", "worker-1"));
        RecordTree theirs = with(RecordTree.EMPTY, message("msg-0000bbbb", "worker-1"));

        assertThat(merge(RecordTree.EMPTY, ours, theirs).files().keySet()).containsExactly(
                ".ghp/inbox/worker-1/msg-0000aaaa.json", ".ghp/inbox/worker-1/msg-0000bbbb.json");
    }

    @Test
    void aMessageReadOnOneSideIsReadInTheMergeWhenTheBaseHadItUnread() {
        Message m = message("msg-0000aaaa", "worker-1");
        RecordTree base = with(RecordTree.EMPTY, m);
        RecordTree read = with(RecordTree.EMPTY, m.read(T0.plusSeconds(60)));

        assertThat(merge(base, read, base).files().keySet()).containsExactly(".ghp/read/worker-1/msg-0000aaaa.json");
    }

    @Test
    void aMessageReadOnOneSideAndUnreadOnTheOtherWithoutABaseIsRead() {
        Message m = message("msg-0000aaaa", "worker-1");
        RecordTree unread = with(RecordTree.EMPTY, m);
        RecordTree read = with(RecordTree.EMPTY, m.read(T0.plusSeconds(60)));

        assertThat(merge(RecordTree.EMPTY, unread, read).files().keySet())
                .containsExactly(".ghp/read/worker-1/msg-0000aaaa.json");
    }
}
