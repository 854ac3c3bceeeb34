package dev.ghp.agents.sync;

import dev.ghp.agents.config.AgentsConfig;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.merge.ClaimConflicts;
import dev.ghp.agents.text.Durations;
import dev.ghp.agents.merge.RecordMerge;
import dev.ghp.agents.rules.ScopeOverlap;
import dev.ghp.agents.rules.StaleDetector;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The sync's settings, flag over environment over {@code .ghp/config.json} (docs/design.md#where-the-state-lives):
 * the remote ({@code --remote}, {@code GHP_SYNC_REMOTE}, {@code agents.remote}, else {@code origin})
 * and the automatic sync interval ({@code GHP_AUTO_SYNC}, {@code agents.autoSync}: {@code "off"},
 * the default, or a duration). The merge's stale limit is {@code agents.staleAfter} only: it must
 * be the same on every clone for the merge to be, and the config file is committed.
 */
public record SyncSettings(String remote, boolean remoteFromFlag, Optional<Duration> autoSync, Duration staleAfter) {
    public static final String DEFAULT_REMOTE = "origin";

    public static SyncSettings resolve(String remoteFlag, Map<String, String> env, AgentsConfig config) {
        String remote;
        if (remoteFlag != null) {
            remote = remoteFlag;
        } else if (nonBlank(env.get("GHP_SYNC_REMOTE"))) {
            remote = env.get("GHP_SYNC_REMOTE").trim();
        } else {
            remote = config.text("remote").filter(SyncSettings::nonBlank).map(String::trim).orElse(DEFAULT_REMOTE);
        }
        Optional<Duration> auto;
        String fromEnv = env.get("GHP_AUTO_SYNC");
        if (nonBlank(fromEnv)) {
            auto = interval(fromEnv, "GHP_AUTO_SYNC");
        } else {
            auto = config.text("autoSync").flatMap(t -> interval(t, "agents.autoSync"));
        }
        Duration stale = config.duration("staleAfter").orElse(StaleDetector.DEFAULT_STALE_AFTER);
        return new SyncSettings(remote, remoteFlag != null, auto, stale);
    }

    /** The merge every clone runs alike: the same stale limit, the same overlap rule. */
    public RecordMerge merge() {
        return new RecordMerge(new ClaimConflicts(staleAfter, ScopeOverlap.PATTERNS));
    }

    private static Optional<Duration> interval(String text, String source) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("off") || t.equals("false") || t.equals("0")) {
            return Optional.empty();
        }
        return Optional.of(Durations.parse(t).orElseThrow(() -> new UsageException(
                source + " is neither \"off\" nor a duration: '" + text + "'", "write it like \"off\", \"2m\" or \"30s\"")));
    }

    private static boolean nonBlank(String s) {
        return s != null && !s.isBlank();
    }
}
