package dev.ghp.agents.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top of the command tree: {@code ghp}, holding the agent commands. */
@Command(name = "ghp", mixinStandardHelpOptions = true, versionProvider = GhpCommand.Version.class,
        description = {
            "Coordination for several coding agents on one repository.",
            "Who works on what, who is stuck, what needs a human. Other commands are passed to GHP's own",
            "CLI by the launcher."},
        footer = {"", "State lives on the ref refs/ghp/coordination; read it with",
            "  git show refs/ghp/coordination:.ghp/agent-status.json"})
public final class GhpCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code ghp --version}: this tool's version and the Java runtime it runs on. */
    public static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = GhpCommand.class.getPackage().getImplementationVersion();
            return new String[]{
                "ghp-agents " + (v == null ? "(development build)" : v),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
                        + System.getProperty("java.home") + ")"};
        }
    }
}
