package dev.ghp.agents.heartbeat;

import dev.ghp.agents.input.AgentIdentity;
import dev.ghp.agents.model.AgentStatus;
import dev.ghp.agents.rules.scope.ScopePattern;
import java.time.Duration;
import java.util.List;

/**
 * One heartbeat, resolved and checked: who is speaking and what it says. Null means "not given,
 * keep what was there", as with agent-heartbeat's options.
 *
 * @param identity     the agent, and where its name came from
 * @param issue        {@code --issue}, or null
 * @param status       {@code --status}, or null
 * @param action       {@code --action}, or null
 * @param blockedOn    {@code --blocked-on}, normalised, or null
 * @param files        the file scope asked for ({@code --files}; empty for {@code --no-files}), or null to keep it
 * @param force        {@code --force}: take the issue even from a live holder
 * @param throttle     {@code --throttle}: write nothing when only the time would change within it, or null
 * @param contextIssue the issue GHP's spawn context or the branch name suggests, or null
 */
public record HeartbeatRequest(AgentIdentity identity, Integer issue, AgentStatus status, String action,
                               String blockedOn, List<ScopePattern> files, boolean force, Duration throttle,
                               Integer contextIssue) {

    /** A hook's heartbeat: a status or a throttled refresh, nothing claimed. */
    public static HeartbeatRequest fromHook(AgentIdentity identity, AgentStatus status, Duration throttle,
                                            Integer contextIssue) {
        return new HeartbeatRequest(identity, null, status, null, null, null, false, throttle, contextIssue);
    }

    public String agent() {
        return identity.name();
    }
}
