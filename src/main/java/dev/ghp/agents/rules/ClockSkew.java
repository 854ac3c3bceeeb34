package dev.ghp.agents.rules;

import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.StatusDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Bounds the damage of a clock that runs ahead. A record stamped in the future would never go
 * stale and would win every merge by time, so: every heartbeat and every resolution clamps the
 * stamps more than {@link #TOLERANCE} after its own clock to its own "now" (from then on they age
 * normally), and the stale detector counts such a stamp as suspicious ({@code clock ahead}), not as
 * a sign of life.
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

    /** {@code doc} with every agent stamped too far ahead of {@code now} stamped {@code now} instead. */
    public static StatusDocument clamp(StatusDocument doc, Instant now) {
        StatusDocument out = doc;
        for (Map.Entry<String, AgentRecord> e : doc.agents().entrySet()) {
            if (isAhead(e.getValue().timestamp(), now)) {
                out = out.withAgent(e.getKey(), e.getValue().toBuilder().timestamp(now).build());
            }
        }
        return out;
    }
}
