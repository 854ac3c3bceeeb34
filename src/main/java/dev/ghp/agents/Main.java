package dev.ghp.agents;

import dev.ghp.agents.cli.Cli;
import dev.ghp.agents.cli.Environment;
import dev.ghp.agents.cli.Io;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The entry point: the only place that touches the real process streams and exits. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        dev.ghp.agents.trace.Trace.mark("main");
        dev.ghp.agents.perf.Preload.start();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        int code = Cli.run(new Io(out, err, System.in), Environment.system(), args);
        dev.ghp.agents.trace.Trace.mark("exit");
        System.exit(code);
    }
}
