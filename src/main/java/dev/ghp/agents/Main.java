package dev.ghp.agents;

import dev.ghp.agents.cli.Cli;
import dev.ghp.agents.cli.Environment;
import dev.ghp.agents.cli.Io;
import dev.ghp.agents.errors.Cancellation;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The entry point: the only place that touches the real process streams and exits. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        dev.ghp.agents.trace.Trace.mark("main");
        dev.ghp.agents.perf.Preload.start();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        Cancellation cancellation = new Cancellation();
        CountDownLatch ended = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> endWaitOnSignal(cancellation, ended), "ghp-interrupt"));
        int code = Cancellation.within(cancellation, () -> Cli.run(new Io(out, err, System.in), Environment.system(), args));
        ended.countDown();
        dev.ghp.agents.trace.Trace.mark("exit");
        System.exit(code);
    }

    /**
     * Ctrl-C (SIGINT, or TERM) starts the JVM's shutdown, which ends the process with 130 once the
     * shutdown hooks return. A command pausing in a wait ({@code agent-inbox --wait}) is cancelled
     * and given a moment to say so in one line (nothing was marked read); any other command ends
     * as the signal ends it, and none starts a write from here on. After a normal end, nothing to do.
     */
    private static void endWaitOnSignal(Cancellation cancellation, CountDownLatch ended) {
        if (ended.getCount() == 0) {
            return;
        }
        boolean waiting = cancellation.isWaiting();
        cancellation.cancel();
        if (waiting) {
            try {
                ended.await(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
