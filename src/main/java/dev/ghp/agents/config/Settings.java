package dev.ghp.agents.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.store.AbandonedRefLock;
import dev.ghp.agents.store.HistoryLimits;
import dev.ghp.agents.text.Durations;
import dev.ghp.agents.text.Printable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every setting the commands read, typed, read once per command from GHP's configuration (the
 * {@code agents} namespace of {@code ~/.config/ghp-cli/config.json} over {@code .ghp/config.json},
 * {@link AgentsConfig}) and the caller's environment: all validation is here, and the order flag over
 * environment over file is written once ({@link Layered}). A value
 * that is invalid is kept as its error and thrown when a command asks for it ({@link Setting}).
 *
 * @param stale       when an agent counts as stale, and what agent-status does about it
 * @param sync        agent-sync's remote and the automatic sync after a write
 * @param store       how the coordination ref is written
 * @param sharedFiles {@code agents.sharedFiles}: the patterns every agent may edit (parsed by the claims rules)
 * @param mem0        where agent-handoff --mem0 posts
 * @param github      mirroring escalations on GitHub
 * @param ghp         GHP's own integration
 * @param editGuard   {@code agents.editGuard}, true by default: the agents' pre-tool hooks refuse an edit inside
 *                    another live agent's claim; from the committed {@code .ghp/config.json} alone (a rule of
 *                    the repository, not of one user)
 */
public record Settings(Stale stale, Sync sync, Store store, Layered<List<String>> sharedFiles, Mem0 mem0,
                       GitHub github, Ghp ghp, Layered<Boolean> editGuard) {
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofMinutes(10);
    /** How long an agent that waits (for its human, on a blocker) or a lead may stay silent: a few hours. */
    public static final Duration DEFAULT_WAITING_STALE_AFTER = Duration.ofHours(4);
    public static final String DEFAULT_REMOTE = "origin";
    /** How often a read looks whether the remote's record moved, with autoSync on (docs/sharing.md). */
    public static final Duration DEFAULT_REMOTE_CHECK = Duration.ofSeconds(3);

    /**
     * The settings of the repository whose main worktree is {@code mainWorktree}. The file is read
     * here, once; a file that cannot be read or is not JSON fails each setting it would give, when a
     * command asks for one (a setting a flag or a variable gives does not need the file).
     *
     * @param mainWorktree where {@code .ghp/config.json} is; null (a bare repository): no file, defaults
     * @param env          the caller's environment ({@code cli.Environment#variables}, never the JVM's own)
     */
    public static Settings load(Path mainWorktree, Map<String, String> env) {
        Setting<AgentsConfig> committed = Setting.read(() -> AgentsConfig.load(mainWorktree));
        // GHP's order: the user's file over the workspace's (an error in either is the merged file's).
        Setting<AgentsConfig> merged = Setting.read(() -> committed.get().orElseThrow().under(AgentsConfig.loadUser(env)));
        return read(merged, committed, env);
    }

    private static Settings read(Setting<AgentsConfig> file, Setting<AgentsConfig> committed, Map<String, String> env) {
        return new Settings(
                new Stale(
                        new Layered<>(
                                Setting.read(() -> env.get("GHP_STALE_AFTER") == null ? null
                                        : environmentDuration("GHP_STALE_AFTER", env.get("GHP_STALE_AFTER"))),
                                fromFile(file, c -> c.duration("staleAfter").orElse(null)),
                                fromFile(committed, c -> c.duration("staleAfter").orElse(null)),
                                DEFAULT_STALE_AFTER),
                        Layered.fileOnly(fromFile(file, Settings::stalePolicy), StalePolicy.ALERT),
                        Layered.fileOnly(fromFile(committed, c -> c.duration("waitingStaleAfter").orElse(null)),
                                DEFAULT_WAITING_STALE_AFTER),
                        Layered.fileOnly(fromFile(committed, Settings::leads), List.of())),
                new Sync(
                        new Layered<>(
                                Setting.of(nonBlank(env.get("GHP_SYNC_REMOTE")).map(String::trim).orElse(null)),
                                fromFile(file, c -> c.text("remote").flatMap(Settings::nonBlank).map(String::trim)
                                        .orElse(null)),
                                DEFAULT_REMOTE),
                        new Layered<>(
                                Setting.read(() -> nonBlank(env.get("GHP_AUTO_SYNC"))
                                        .map(t -> interval(t, "GHP_AUTO_SYNC")).orElse(null)),
                                fromFile(file, c -> c.get("autoSync").map(n -> offOrInterval(n, "agents.autoSync")).orElse(null)),
                                Optional.empty()),
                        new Layered<>(
                                Setting.read(() -> nonBlank(env.get("GHP_REMOTE_CHECK"))
                                        .map(t -> interval(t, "GHP_REMOTE_CHECK")).orElse(null)),
                                fromFile(file, c -> c.get("remoteCheck").map(n -> offOrInterval(n, "agents.remoteCheck"))
                                        .orElse(null)),
                                Optional.of(DEFAULT_REMOTE_CHECK))),
                new Store(
                        Layered.fileOnly(fromFile(file, HistoryConfig::read), HistoryLimits.DEFAULTS),
                        Layered.environmentOnly(Setting.read(() -> env.get(Store.REF_LOCK_AGE_VARIABLE) == null ? null
                                : environmentDuration(Store.REF_LOCK_AGE_VARIABLE, env.get(Store.REF_LOCK_AGE_VARIABLE))),
                                AbandonedRefLock.DEFAULT_AGE)),
                // The committed list alone is kept too, so an error can name the file an entry came from.
                new Layered<>(Setting.absent(), Setting.read(() -> union(sharedFiles(committed.get().orElseThrow()),
                        sharedFiles(file.get().orElseThrow()))),
                        Setting.read(() -> sharedFiles(committed.get().orElseThrow())), List.of()),
                new Mem0(nonBlank(env.get(Mem0.KEY_VARIABLE)).map(String::trim).orElse(null),
                        fromFile(file, Mem0Endpoint::read)),
                new GitHub(
                        Layered.fileOnly(fromFile(file, c -> c.get("github")
                                .map(g -> g.path("escalations").asBoolean(false)).orElse(null)), false),
                        Layered.fileOnly(fromFile(file, c -> c.get("github")
                                .map(g -> g.path("label").isValueNode() ? AgentsConfig.text(g.path("label")) : null)
                                .orElse(null)), null),
                        Layered.fileOnly(fromFile(file, c -> c.githubDuration("answersInterval").orElse(null)),
                                GitHub.DEFAULT_ANSWERS_INTERVAL)),
                new Ghp(Layered.fileOnly(fromFile(file, c -> c.get("ghp")
                        .map(g -> g.path("needsAttention").asBoolean(false)).orElse(null)), false),
                        Layered.fileOnly(fromFile(file, c -> c.get("ghp")
                                .map(g -> g.path("agents").asBoolean(false)).orElse(null)), false)),
                Layered.fileOnly(fromFile(committed, Settings::editGuard), true));
    }

    /** {@code agents.editGuard}: a boolean, as {@code ghp config} writes one. */
    private static Boolean editGuard(AgentsConfig config) {
        JsonNode node = config.get("editGuard").orElse(null);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw new UsageException("agents.editGuard in " + config.where("editGuard") + " is " + node
                    + "; it must be true or false", "write it like \"editGuard\": false");
        }
        return node.booleanValue();
    }

    /** A setting of the file: the file's error, if it has one, is the setting's. */
    private static <T> Setting<T> fromFile(Setting<AgentsConfig> file, Function<AgentsConfig, T> reader) {
        return Setting.read(() -> reader.apply(file.get().orElseThrow()));
    }

    /**
     * The stale limit and policy.
     *
     * @param after  {@code --stale-after}, {@code GHP_STALE_AFTER}, {@code agents.staleAfter}, 10 minutes;
     *               the merge of a sync takes {@code agents.staleAfter} alone ({@link Layered#fileValue}):
     *               it must be the same on every clone, and the file is committed
     * @param policy {@code agents.stalePolicy}: alert (the default) or release
     * @param waitingAfter {@code agents.waitingStaleAfter}, 4 hours: the limit of an agent that waits
     *               ({@code waiting}, {@code blocked}) and of a lead; from the committed file alone, like
     *               the merge's stale limit, so every clone judges a waiting agent alike
     * @param leads  {@code agents.leads}: people or agents told of every escalation, judged with the waiting
     *               limit; from the committed file alone (a team's roles, not one user's)
     */
    public record Stale(Layered<Duration> after, Layered<StalePolicy> policy, Layered<Duration> waitingAfter,
                        Layered<List<String>> leads) {
    }

    /** {@code agents.stalePolicy}: what agent-status does about a stale agent. */
    public enum StalePolicy {
        ALERT, RELEASE
    }

    /**
     * @param remote   {@code --remote}, {@code GHP_SYNC_REMOTE}, {@code agents.remote}, {@code origin}
     * @param autoSync {@code GHP_AUTO_SYNC}, {@code agents.autoSync}: empty for off (the default), else the interval
     * @param remoteCheck {@code GHP_REMOTE_CHECK}, {@code agents.remoteCheck}: how often, with autoSync on, a read
     *                 looks whether the remote's record moved (3 s), empty for off
     */
    public record Sync(Layered<String> remote, Layered<Optional<Duration>> autoSync,
                       Layered<Optional<Duration>> remoteCheck) {
    }

    /**
     * @param history    {@code agents.history}: how much history the ref keeps
     * @param refLockAge {@code GHP_REF_LOCK_AGE}: how old a JGit ref lock must be to count as left by a
     *                   killed process (3 s; tests set less so as not to wait)
     */
    public record Store(Layered<HistoryLimits> history, Layered<Duration> refLockAge) {
        public static final String REF_LOCK_AGE_VARIABLE = "GHP_REF_LOCK_AGE";
    }

    /**
     * @param apiKey   {@code MEM0_API_KEY}, trimmed, or null when not set (never printed)
     * @param endpoint {@code agents.mem0}
     */
    public record Mem0(String apiKey, Setting<Mem0Endpoint> endpoint) {
        public static final String KEY_VARIABLE = "MEM0_API_KEY";

        @Override
        public String toString() {
            return "Mem0[apiKey=" + (apiKey == null ? "unset" : "set") + ", endpoint=" + endpoint + "]";
        }
    }

    /**
     * {@code agents.github}.
     *
     * @param escalations {@code escalations: true}: mirror escalations as GitHub issues
     * @param label       the label those issues get, or null
     * @param answersInterval {@code answersInterval}: how often agent-status, agent-escalate --list and
     *                    agent-sync ask GitHub for replies to mirrored escalations (#24)
     */
    public record GitHub(Layered<Boolean> escalations, Layered<String> label, Layered<Duration> answersInterval) {
        public static final Duration DEFAULT_ANSWERS_INTERVAL = Duration.ofSeconds(60);
    }

    /**
     * @param needsAttention {@code --needs-attention}, else {@code agents.ghp.needsAttention}, else false
     * @param agents         {@code agents.ghp.agents}: agent-status also lists the agents GHP started that have
     *                       not reported ({@code ghp agents list --json}); off by default, since it starts GHP's
     *                       CLI on every query (docs/decisions.md, "GHP's own agents in agent-status")
     */
    public record Ghp(Layered<Boolean> needsAttention, Layered<Boolean> agents) {
    }

    private static Duration environmentDuration(String variable, String text) {
        return Durations.parse(text).orElseThrow(() -> new UsageException(
                variable + " is not a duration: '" + Printable.quote(text) + "'", "write it like 90s, 10m or 1h"));
    }

    /**
     * {@code agents.autoSync} (or {@code agents.remoteCheck}, named by {@code key}) as GHP may write
     * it: "2m", 120 (seconds), "off", 0 or false (off).
     */
    private static Optional<Duration> offOrInterval(JsonNode node, String key) {
        if (node.isBoolean() && !node.booleanValue() || node.isNumber() && node.decimalValue().signum() == 0) {
            return Optional.empty();
        }
        if (node.isTextual()) {
            return interval(node.asText(), key);
        }
        return Optional.of(AgentsConfig.seconds(node).orElseThrow(() -> new UsageException(
                key + " is neither \"off\" nor a duration: " + node, "write it like \"off\", \"2m\", \"30s\" or 120")));
    }

    private static Optional<Duration> interval(String text, String source) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("off") || t.equals("false") || t.equals("0")) {
            return Optional.empty();
        }
        return Optional.of(Durations.parse(t).orElseThrow(() -> new UsageException(
                source + " is neither \"off\" nor a duration: '" + text + "'", "write it like \"off\", \"2m\" or \"30s\"")));
    }

    private static StalePolicy stalePolicy(AgentsConfig config) {
        String policy = config.text("stalePolicy").orElse(null);
        if (policy == null) {
            return null;
        }
        return switch (policy) {
            case "alert" -> StalePolicy.ALERT;
            case "release" -> StalePolicy.RELEASE;
            default -> throw new UsageException("agents.stalePolicy in " + config.where("stalePolicy") + " is '" + Printable.quote(policy)
                    + "'; it must be \"alert\" or \"release\"");
        };
    }

    /** {@code agents.leads}: a list of names, or one name as text. */
    private static List<String> leads(AgentsConfig config) {
        JsonNode node = config.get("leads").orElse(null);
        if (node == null) {
            return null;
        }
        UsageException bad = new UsageException("agents.leads in " + config.where("leads")
                + " must be a list of names of people or agents", "write it like [\"alice\", \"orchestrator\"]");
        List<String> out = new ArrayList<>();
        for (JsonNode item : node.isArray() ? node : List.of(node)) {
            String name = AgentsConfig.text(item);
            if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
                throw bad;
            }
            out.add(name);
        }
        return List.copyOf(out);
    }

    /**
     * A list of patterns; one pattern alone may be text ({@code ghp config agents.sharedFiles pom.xml}
     * writes a string, and a list only when the value has a comma), and a name of digits a number.
     */
    private static List<String> sharedFiles(AgentsConfig config) {
        JsonNode node = config.get("sharedFiles").orElse(null);
        if (node == null) {
            return null;
        }
        UsageException bad = new UsageException("agents.sharedFiles in " + config.where("sharedFiles")
                + " must be a list of patterns");
        if (!node.isArray()) {
            String one = AgentsConfig.text(node);
            if (one == null) {
                throw bad;
            }
            return List.of(one);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : node) {
            String pattern = AgentsConfig.text(item);
            if (pattern == null) {
                throw bad;
            }
            out.add(pattern);
        }
        return List.copyOf(out);
    }

    /**
     * {@code agents.sharedFiles} of both files together, where GHP would let the user's list replace
     * the workspace's: the list decides which files need an approval to claim or commit (an authority
     * rule, docs/authority.md), so a user's own file may add shared files but not take the team's away.
     */
    private static List<String> union(List<String> committed, List<String> merged) {
        if (committed == null || merged == null) {
            return committed != null ? committed : merged;
        }
        java.util.LinkedHashSet<String> both = new java.util.LinkedHashSet<>(committed);
        both.addAll(merged);
        return List.copyOf(both);
    }

    private static Optional<String> nonBlank(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s);
    }
}
