package dev.ghp.agents.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A running daemon, as its state file names it: for {@code ghp agent-daemon}. */
public record DaemonProcess(long pid, int port, ProcessHandle handle) {

    /**
     * The daemon's main class, as bin/ghp starts it. Named, not referenced: the daemon runs the
     * commands, so it sits above them and the commands may not import it (docs/architecture.md,
     * "Layers"); DaemonProcessTest holds the name to the class.
     */
    static final String DAEMON_MAIN_CLASS = "dev.ghp.agents.daemon.Daemon";

    /**
     * The daemon the state file names, if that process is alive and is a ghp-agents daemon for
     * this state file (a pid can be reused once its process is gone).
     */
    public static Optional<DaemonProcess> find(Path stateFile) {
        String[] fields;
        try {
            fields = Files.readString(stateFile).trim().split(" ");
        } catch (IOException e) {
            return Optional.empty();
        }
        if (fields.length < 3) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(fields[2]);
            int port = Integer.parseInt(fields[0]);
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().arguments()
                            .map(args -> java.util.Arrays.asList(args).contains(DAEMON_MAIN_CLASS)
                                    && java.util.Arrays.asList(args).contains(stateFile.toString()))
                            .orElse(false))
                    .map(h -> new DaemonProcess(pid, port, h));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public Optional<Instant> started() {
        return handle.info().startInstant();
    }

    /** Asks it to leave (SIGTERM; it removes its state file on the way out) and waits. */
    public boolean stop(Duration wait) {
        handle.destroy();
        try {
            handle.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
