package dev.ghp.agents.rules;

import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.StatusDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Bounds the damage of a clock that runs ahead. A record stamped in the future would never go
 * stale and would win every merge by time, so: the stale detector counts a stamp more than
 * {@link #TOLERANCE} after the reader's clock as suspicious ({@code clock ahead}), not as a sign of
 * life, and every heartbeat and every resolution clamps such stamps to just stale by its own clock
 * (from then on they age normally), so that the write agrees with what the detector showed.
 */
public final class ClockSkew {
    /**
     * How far ahead of the reader's clock a stamp may be and still count as honest. Clocks kept by
     * NTP differ by well under a second; five minutes absorbs a machine without NTP for weeks while
     * staying well under the default stale limit (10 minutes).
     */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private ClockSkew() {
    }

    /** Whether {@code stamp} lies more than {@link #TOLERANCE} after {@code now}. */
    public static boolean isAhead(Instant stamp, Instant now) {
        return stamp != null && stamp.isAfter(now.plus(TOLERANCE));
    }

    /**
     * {@code doc} with every agent stamped too far ahead of {@code now} stamped as just stale
     * instead: {@code now} less the stale limit, less a second. Such a stamp says nothing true about
     * when the agent was last seen, and the stale detector already shows it stale; stamping it
     * {@code now} made the same write that read it stale find it "seen 0s ago" and refuse to take
     * its claims over. From then on it ages normally; the agent's next honest heartbeat revives it.
     */
    public static StatusDocument clamp(StatusDocument doc, Instant now, Duration staleAfter) {
        Instant justStale = now.minus(staleAfter).minusSeconds(1);
        StatusDocument out = doc;
        for (Map.Entry<String, AgentRecord> e : doc.agents().entrySet()) {
            if (isAhead(e.getValue().timestamp(), now)) {
                out = out.withAgent(e.getKey(), e.getValue().toBuilder().timestamp(justStale).build());
            }
        }
        return out;
    }
}
