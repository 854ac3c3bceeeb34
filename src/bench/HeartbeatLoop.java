import dev.ghp.agents.cli.Cli;
import dev.ghp.agents.cli.Environment;
import dev.ghp.agents.cli.Io;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;

/**
 * Heartbeats in one warm JVM, as the daemon runs them: where a heartbeat's time goes once start-up
 * is out of the way (src/bench/heartbeat-scale.sh runs it; add -XX:StartFlightRecording for a profile).
 *
 *   java -cp ghp-agents.jar:DIR HeartbeatLoop REPO AGENTS WARMUP ROUNDS
 *
 * Each round is one agent-heartbeat by agent-NNNN (round-robin over AGENTS) with a new action, so
 * every round commits a new table. Prints the median and minimum wall and CPU milliseconds (the
 * CPU time of the thread that runs the command, which other load disturbs much less) of ROUNDS
 * rounds after WARMUP unmeasured ones.
 */
public final class HeartbeatLoop {
    public static void main(String[] args) {
        Path repo = Path.of(args[0]);
        int agents = Integer.parseInt(args[1]);
        int warmup = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        Environment env = new Environment(Map.of("GHP_DAEMON", "off"), repo, Clock.systemUTC(), false);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] took = new long[rounds];
        long[] cpu = new long[rounds];
        for (int i = 0; i < warmup + rounds; i++) {
            String agent = String.format("agent-%04d", i % agents + 1);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            int code = Cli.run(new Io(new PrintWriter(out), new PrintWriter(err), new ByteArrayInputStream(new byte[0])),
                    env, new String[] {"agent-heartbeat", "-C", repo.toString(), "--agent", agent,
                            "--action", "step " + i + " of the plan", "--quiet"});
            long t1 = System.nanoTime();
            long c1 = threads.getCurrentThreadCpuTime();
            if (code != 0) {
                throw new IllegalStateException("heartbeat " + i + " exited " + code + ": " + err);
            }
            if (i >= warmup) {
                took[i - warmup] = t1 - t0;
                cpu[i - warmup] = c1 - c0;
            }
        }
        Arrays.sort(took);
        Arrays.sort(cpu);
        System.out.printf("%d agents: wall median %.2f ms, min %.2f ms; cpu median %.2f ms, min %.2f ms; %d heartbeats%n",
                agents, took[rounds / 2] / 1e6, took[0] / 1e6, cpu[rounds / 2] / 1e6, cpu[0] / 1e6, rounds);
    }
}
