import dev.ghp.agents.cli.Environment;
import dev.ghp.agents.cli.GhpCommand;
import dev.ghp.agents.cli.HeartbeatCommand;
import dev.ghp.agents.cli.Io;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What Picocli's annotation model costs a cold JVM against its programmatic API, for the heartbeat's
 * command line (src/bench/picocli-model.sh runs it in fresh JVMs). Prints the milliseconds from the
 * start of main to a parsed command line: "annotated" builds it as Cli does (the annotated
 * GhpCommand and HeartbeatCommand), "programmatic" builds a spec with the same options by hand.
 */
public final class PicocliModel {
    public static void main(String[] args) {
        long start = System.nanoTime();
        String[] line = {"agent-heartbeat", "--agent", "a", "--issue", "1", "--status", "implementing", "--action", "x",
            "--quiet"};
        CommandLine cl;
        if (args[0].equals("annotated")) {
            Io io = new Io(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
            Environment env = new Environment(Map.of(), Path.of("/"), Clock.systemUTC(), false);
            cl = new CommandLine(new GhpCommand());
            cl.addSubcommand("agent-heartbeat", new HeartbeatCommand(io, env));
        } else {
            CommandSpec root = CommandSpec.create().name("ghp").mixinStandardHelpOptions(true);
            CommandSpec hb = CommandSpec.create().name("agent-heartbeat").mixinStandardHelpOptions(true);
            for (String name : new String[] {"--agent", "--issue", "--status", "--action", "--blocked-on", "--files",
                "--throttle", "--stale-after", "-C", "--json-file"}) {
                hb.addOption(OptionSpec.builder(name).paramLabel("X").type(String.class).description("d").build());
            }
            for (String name : new String[] {"--no-files", "--force", "--sign-off", "--quiet", "--json", "--verbose"}) {
                hb.addOption(OptionSpec.builder(name).arity("0").type(boolean.class).description("d").build());
            }
            root.addSubcommand("agent-heartbeat", hb);
            cl = new CommandLine(root);
        }
        cl.parseArgs(line);
        System.out.printf(Locale.ROOT, "%.1f%n", (System.nanoTime() - start) / 1e6);
    }
}
