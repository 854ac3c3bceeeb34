package dev.ghp.agents.sync;

import dev.ghp.agents.config.Settings;
import dev.ghp.agents.merge.ClaimConflicts;
import dev.ghp.agents.merge.RecordMerge;
import dev.ghp.agents.rules.ScopeOverlap;
import dev.ghp.agents.store.AbandonedRefLock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a sync takes from the {@link Settings} (docs/design.md#where-the-state-lives): the remote
 * ({@code --remote}, {@code GHP_SYNC_REMOTE}, {@code agents.remote}, else {@code origin}), the
 * automatic sync interval ({@code GHP_AUTO_SYNC}, {@code agents.autoSync}: {@code "off"}, the
 * default, or a duration), how often a read looks whether the remote's record moved
 * ({@code GHP_REMOTE_CHECK}, {@code agents.remoteCheck}: 3 s, or {@code "off"}; only with autoSync on)
 * and when a ref lock is abandoned. The merge's stale limit is
 * {@code agents.staleAfter} only: it must be the same on every clone for the merge to be, and the
 * config file is committed. So are {@code agents.waitingStaleAfter} and {@code agents.leads}, which the
 * notices of what a sync took in use ({@link ArrivedNotices}).
 */
public record SyncSettings(String remote, boolean remoteFromFlag, Optional<Duration> autoSync,
                           Optional<Duration> remoteCheck, Duration staleAfter, AbandonedRefLock refLocks,
                           Duration waitingStaleAfter, List<String> leads) {
    public static final String DEFAULT_REMOTE = Settings.DEFAULT_REMOTE;

    /** @throws dev.ghp.agents.errors.UsageException when the remote, the interval, the stale limit or the ref-lock age is invalid */
    public static SyncSettings resolve(String remoteFlag, Settings settings) {
        String remote = settings.sync().remote().value(remoteFlag);
        Optional<Duration> auto = settings.sync().autoSync().value();
        Optional<Duration> check = settings.sync().remoteCheck().value();
        Duration stale = settings.stale().after().fileValue();
        Duration refLockAge = settings.store().refLockAge().value();
        return new SyncSettings(remote, remoteFlag != null, auto, check, stale, new AbandonedRefLock(refLockAge),
                settings.stale().waitingAfter().value(), settings.stale().leads().value());
    }

    /** The merge every clone runs alike: the same stale limit, the same overlap rule. */
    public RecordMerge merge() {
        return new RecordMerge(new ClaimConflicts(staleAfter, ScopeOverlap.PATTERNS));
    }
}
