package dev.ghp.agents.sync;

import dev.ghp.agents.errors.GhpException;
import dev.ghp.agents.git.CloneWorktrees;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.EscalationCodec;
import dev.ghp.agents.model.Message;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.model.StorePaths;
import dev.ghp.agents.rules.StaleDetector;
import dev.ghp.agents.rules.SyncNotices;
import dev.ghp.agents.store.Change;
import dev.ghp.agents.store.MessageFiles;
import dev.ghp.agents.store.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The commit of notices after a sync took something in ({@link SyncNotices}): the local record before
 * the sync against the record the sync made, for the agents whose worktree is on this clone. Written
 * on top of the merge or fast-forward, so a merge commit's tree stays a function of its parents.
 */
final class ArrivedNotices {
    private final CloneWorktrees worktrees;
    private final StaleDetector detector;
    private final String remote;

    ArrivedNotices(CloneWorktrees worktrees, StaleDetector detector, String remote) {
        this.worktrees = worktrees;
        this.detector = detector;
        this.remote = remote;
    }

    /**
     * The notices to write on top of {@code after}, or null when there are none. A record this
     * cannot read (a corrupt message file) gets none: the sync itself must not fail for a notice,
     * and the agent's next read says what is corrupt.
     */
    Change of(Snapshot before, Snapshot after, Instant now) {
        try {
            return notices(before, after, now);
        } catch (GhpException e) {
            return null;
        }
    }

    private Change notices(Snapshot before, Snapshot after, Instant now) {
        StatusDocument was = before.status();
        StatusDocument is = after.status();
        Predicate<String> here = agent -> onThisClone(is.agents().get(agent)) || onThisClone(was.agents().get(agent));
        List<Escalation> escalationsBefore = new ArrayList<>();
        List<Escalation> escalationsAfter = new ArrayList<>();
        changedEscalations(before, after, escalationsBefore, escalationsAfter);
        List<Message> arrived = new ArrayList<>();
        for (String agent : is.agents().keySet()) {
            if (here.test(agent)) {
                arrived.addAll(arrivedFor(before, after, agent));
            }
        }
        List<Message> notices = SyncNotices.of(new SyncNotices.Side(was, escalationsBefore),
                new SyncNotices.Side(is, escalationsAfter), arrived, here, detector, now);
        if (notices.isEmpty()) {
            return null;
        }
        Change change = Change.of("notices: what agent-sync with '" + remote + "' brought ("
                + notices.size() + (notices.size() == 1 ? " notice)" : " notices)"), Message.TOOL);
        return MessageFiles.sendAll(change, after, notices, now);
    }

    private boolean onThisClone(AgentRecord r) {
        return r != null && worktrees.contains(r.worktree());
    }

    /** The escalations whose file the sync changed, as they were and as they are (only files that parse). */
    private static void changedEscalations(Snapshot before, Snapshot after, List<Escalation> was, List<Escalation> is) {
        for (String name : after.list(StorePaths.ESCALATIONS)) {
            String path = StorePaths.ESCALATIONS + "/" + name;
            Optional<byte[]> then = before.file(path);
            byte[] now = after.file(path).orElse(null);
            if (now == null || then.isPresent() && Arrays.equals(then.get(), now)) {
                continue;
            }
            parse(now).ifPresent(is::add);
            then.flatMap(ArrivedNotices::parse).ifPresent(was::add);
        }
    }

    private static Optional<Escalation> parse(byte[] bytes) {
        try {
            return Optional.of(EscalationCodec.parse(bytes));
        } catch (StatusCodec.FormatException e) {
            return Optional.empty();
        }
    }

    /** The messages to {@code agent} the sync brought: ids in its inbox or read ones after, in neither before. */
    private static List<Message> arrivedFor(Snapshot before, Snapshot after, String agent) {
        Set<String> had = new HashSet<>(before.list(Message.inboxPath(agent)));
        had.addAll(before.list(Message.readPath(agent)));
        Set<String> has = new HashSet<>(after.list(Message.inboxPath(agent)));
        has.addAll(after.list(Message.readPath(agent)));
        has.removeAll(had);
        if (has.isEmpty()) {
            return List.of();
        }
        List<Message> out = new ArrayList<>();
        for (Message m : MessageFiles.unread(after, agent)) {
            if (has.contains(m.id() + ".json")) {
                out.add(m);
            }
        }
        for (Message m : MessageFiles.read(after, agent)) {
            if (has.contains(m.id() + ".json")) {
                out.add(m);
            }
        }
        return out;
    }
}
