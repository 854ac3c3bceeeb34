package dev.ghp.agents.daemon;

import dev.ghp.agents.cli.AfterOutput;
import dev.ghp.agents.cli.Cli;
import dev.ghp.agents.cli.Environment;
import dev.ghp.agents.cli.Io;
import dev.ghp.agents.cli.WakeWait;
import dev.ghp.agents.cli.WakeWaiters;
import dev.ghp.agents.errors.Cancellation;
import dev.ghp.agents.errors.ExitCode;
import dev.ghp.agents.git.CommandVariables;
import dev.ghp.agents.git.JGitSetup;
import dev.ghp.agents.git.RepoLocator;
import dev.ghp.agents.sync.RemoteCheck;
import dev.ghp.agents.text.Durations;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * ghp-agents as a resident process, so that the commands agents run hundreds of times an hour
 * skip the JVM's start-up (docs/performance.md). The launcher starts it in the background the
 * first time a hot command finds none, keeps running that command the ordinary way, and from
 * then on sends it {@link Request}s over a loopback socket; any problem on that path makes the
 * launcher run the command the ordinary way instead.
 *
 * <p>Authentication goes both ways, through two random secrets in a state file only its user can
 * read: the daemon speaks first, with the <em>proof</em>, and the launcher sends nothing to a
 * listener that does not show it (whoever took a dead daemon's port); the launcher's request
 * starts with the <em>token</em>, and the daemon reads no more than a few dozen bytes of a caller
 * that does not show it. It answers only for the commands in {@link #SERVED}, and only while the
 * jar it runs is the one on disk and the caller's {@code identity} (the JVM, its options and the
 * variables that choose which git config files JGit reads and caches) is the one it was started
 * with. It leaves after {@code idle} without a command, when the jar changes, or when another
 * daemon has taken over its state file.
 *
 * <p>A command runs at most once: the daemon acknowledges a request it will run ({@code accepted}),
 * and runs it only when the launcher confirms ({@code run}) that it saw the acknowledgement. The
 * launcher runs the command in its own JVM only when it never saw one; after it, it waits a bounded
 * time for the answer and never runs the command again (docs/architecture.md#the-daemon-daemon-binghp).
 *
 * <p>Each command runs on its own thread with the caller's working directory, variables and
 * standard input, through {@link Cli#run} as in its own process; writes are serialised by the
 * store's locks, which hold across threads as they do across processes.
 */
public final class Daemon {
    /**
     * The commands a daemon runs; everything else runs in its own process. With {@link #serves} this
     * is the authority: bin/ghp's {@code daemon_served} repeats it in bash, and
     * DaemonServedAgreementTest checks that the two agree. A command belongs here only when it takes
     * everything from its invocation (docs/decisions.md, "Which commands the daemon runs"): serving
     * a new one is a line here and one in {@code daemon_served}. Not here: {@code agent-daemon}
     * (it stops the daemon), {@code completion} (rare, its output is a script) and {@code --help}.
     */
    static final Set<String> SERVED = Set.of("agent-heartbeat", "agent-status", "agent-hooks", "agent-guard",
            "agent-escalate", "agent-handoff", "agent-sync", "agent-prune", "agent-message", "agent-inbox",
            "agent-assign");
    /** Commands at once; more are turned away (and run in their own process). */
    static final int MAX_CONCURRENT = 64;
    /**
     * Connections the kernel holds for us: a frozen daemon's callers give up after 2 s but stay
     * queued, and a full queue makes a connect hang for minutes instead of failing.
     */
    static final int ACCEPT_BACKLOG = 1024;
    /** Wake runs waiting at once (agents idle for up to an hour each); more are turned away and exit 0. */
    static final int MAX_WAITERS = 256;
    /** How long a starting daemon waits for the one before it to leave. */
    static final int LOCK_WAIT_SECONDS = 10;
    /** How long a caller has to send its whole request, and to confirm an acknowledged one. */
    static final int REQUEST_TIMEOUT_MILLIS = 10_000;
    /** The longest wait for the caller's next bytes (the request's deadline is checked between reads). */
    static final int READ_TIMEOUT_MILLIS = 2_000;
    /** What the launcher sends when it has seen the acknowledgement: from then on the command is ours. */
    static final byte[] CONFIRMATION = "run\n".getBytes(StandardCharsets.US_ASCII);
    /** What the launcher sends when it has printed an answer that asked for it (see {@link #runOnceShown}). */
    static final byte[] SHOWN = "shown\n".getBytes(StandardCharsets.US_ASCII);
    /** How long the launcher has to say it printed the answer: it does so at once, or was killed. */
    static final int SHOWN_TIMEOUT_MILLIS = 10_000;

    private final Path stateFile;
    private final Path jar;
    private final String identity;
    private final Duration idle;
    private final FileTime jarTime;
    /** The machine's zone, for callers without {@code TZ}: bin/ghp starts the daemon without one. */
    private final ZoneId systemZone;
    private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());
    private final AtomicInteger running = new AtomicInteger();
    /** The threads of the wake runs ({@link WakeWait}): each parks until its agent is woken or its wait ends. */
    private final ThreadPoolExecutor waiters = new ThreadPoolExecutor(0, MAX_WAITERS, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "ghp-daemon-wake");
                t.setDaemon(true);
                return t;
            });
    private volatile boolean stopping;
    private byte[] token;
    private byte[] proof;

    Daemon(Path stateFile, Path jar, String identity, Duration idle, ZoneId systemZone) throws IOException {
        this.systemZone = systemZone;
        this.stateFile = stateFile;
        this.jar = jar;
        this.identity = identity;
        this.idle = idle;
        this.jarTime = Files.getLastModifiedTime(jar);
    }

    /** {@code Daemon STATE-FILE JAR IDENTITY IDLE}: started by bin/ghp, never by hand. */
    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: Daemon STATE-FILE JAR IDENTITY IDLE (started by bin/ghp)");
            System.exit(ExitCode.USAGE);
        }
        Path state = Path.of(args[0]).toAbsolutePath();
        try {
            Duration idle = Durations.parse(args[3]).orElse(Duration.ofMinutes(30));
            new Daemon(state, Path.of(args[1]), args[2], idle, Environment.systemZone()).serve();
            System.exit(0);
        } catch (IOException | RuntimeException e) {
            System.err.println("ghp-agents daemon: " + e);
            System.exit(1);
        } finally {
            StateDirectory.deleteQuietly(StateDirectory.spawnMarker(state));
        }
    }

    /** For tests: the token a caller must send and the proof the daemon greets it with. */
    void useSecrets(byte[] token, byte[] proof) {
        this.token = token.clone();
        this.proof = proof.clone();
    }

    /** Serves until idle, replaced or stale. Returns at once when another daemon holds the state file's lock. */
    void serve() throws IOException {
        StateDirectory.prepare(stateFile.getParent());
        try (FileChannel lockChannel = FileChannel.open(StateDirectory.lockFile(stateFile),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = awaitLock(lockChannel)) {
            if (lock == null) {
                return;
            }
            try (ServerSocket server = new ServerSocket(0, ACCEPT_BACKLOG, InetAddress.getLoopbackAddress())) {
                token = StateDirectory.newToken();
                proof = StateDirectory.newToken();
                StateDirectory.writeState(stateFile, server.getLocalPort(), token, ProcessHandle.current().pid(), proof);
                // Stopped by a signal (ghp agent-daemon stop): no finally runs, so the state file goes here.
                byte[] ours = token;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> StateDirectory.deleteIfOurs(stateFile, ours)));
                StateDirectory.deleteQuietly(StateDirectory.spawnMarker(stateFile));
                JGitSetup.apply();
                RepoLocator.shareRepositories();
                RemoteCheck.runInBackground(new RemoteWatcher());
                WakeWaiters.enable();
                acceptUntilDone(server);
            } finally {
                StateDirectory.deleteIfOurs(stateFile, token);
            }
        }
    }

    /**
     * The lock one daemon holds for its life. A daemon that was just told its jar is stale is still
     * on its way out when its successor starts, so the successor waits a little before giving up
     * (another daemon is running: nothing to do).
     */
    private static FileLock awaitLock(FileChannel channel) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LOCK_WAIT_SECONDS);
        while (true) {
            FileLock lock = channel.tryLock();
            if (lock != null || System.nanoTime() > deadline) {
                return lock;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private void acceptUntilDone(ServerSocket server) throws IOException {
        ThreadPoolExecutor workers = new ThreadPoolExecutor(0, MAX_CONCURRENT, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "ghp-daemon-command");
                    t.setDaemon(true);
                    return t;
                });
        server.setSoTimeout(1000);
        try {
            while (!stopping) {
                Socket socket;
                try {
                    socket = server.accept();
                } catch (SocketTimeoutException e) {
                    checkStillWanted();
                    continue;
                }
                lastActivity.set(System.nanoTime());
                try {
                    workers.execute(() -> answer(socket));
                } catch (RejectedExecutionException e) {
                    refuseQuietly(socket, "busy");
                }
            }
        } finally {
            // The agents that wait are not woken by this daemon any more: their hooks exit 0.
            WakeWaiters.endAll();
            waiters.shutdown();
            workers.shutdown();
            try {
                workers.awaitTermination(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops when idle, when the jar changed, or when the state file no longer names this daemon. */
    private void checkStillWanted() {
        RepoLocator.releaseUnwanted();
        boolean idleTooLong = running.get() == 0 && System.nanoTime() - lastActivity.get() > idle.toNanos();
        if (idleTooLong || jarChanged() || !StateDirectory.namesUs(stateFile, token)) {
            stopping = true;
        }
    }

    private boolean jarChanged() {
        try {
            return !Files.getLastModifiedTime(jar).equals(jarTime);
        } catch (IOException e) {
            return true;
        }
    }

    private void answer(Socket socket) {
        running.incrementAndGet();
        boolean handedOn = false;
        try {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            out.write(greeting());
            out.flush();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REQUEST_TIMEOUT_MILLIS);
            Request request;
            try {
                request = Request.read(in, token, deadline);
            } catch (Request.WrongToken e) {
                out.write(refusedLine("token"));
                out.flush();
                return;
            }
            String refusal = refusal(request);
            if (refusal != null) {
                out.write(refusedLine(refusal));
                out.flush();
                return;
            }
            if (WakeWait.isWakeRun(request.args())) {
                // A wake run waits up to an hour: on a thread of the waiters, not one of the commands'.
                handedOn = handToWaiter(socket, in, out, request);
                if (!handedOn) {
                    out.write(refusedLine("busy"));
                    out.flush();
                }
                return;
            }
            accept(socket, in, out, request);
        } catch (IOException | RuntimeException e) {
            // The caller is gone or sent something else; it runs the command itself if it still can.
        } finally {
            if (!handedOn) {
                closeQuietly(socket);
            }
            lastActivity.set(System.nanoTime());
            running.decrementAndGet();
        }
    }

    /**
     * Runs a wake run on a thread of {@link #waiters}, which holds the connection until the wake or
     * its end; false when {@link #MAX_WAITERS} already wait (the launcher then exits 0).
     */
    private boolean handToWaiter(Socket socket, InputStream in, OutputStream out, Request request) {
        // Counted from here, so that the daemon never looks idle between the two threads.
        running.incrementAndGet();
        try {
            waiters.execute(() -> {
                try {
                    accept(socket, in, out, request);
                } catch (IOException | RuntimeException e) {
                    // The launcher is gone: its hook exits 0, nothing was marked read.
                } finally {
                    closeQuietly(socket);
                    lastActivity.set(System.nanoTime());
                    running.decrementAndGet();
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            running.decrementAndGet();
            return false;
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closed already
        }
    }

    /** Acknowledges a request, runs it once confirmed, and writes its answer. */
    private void accept(Socket socket, InputStream in, OutputStream out, Request request) throws IOException {
        out.write(acceptedLine());
        out.flush();
        // Without the confirmation the launcher may have given up on us and run the command itself.
        // It sends it as soon as it reads the acknowledgement: the long wait only serves a launcher
        // that a loaded machine left unscheduled (one that gave up has closed: end of stream at once).
        socket.setSoTimeout(REQUEST_TIMEOUT_MILLIS);
        if (!Arrays.equals(in.readNBytes(CONFIRMATION.length), CONFIRMATION)) {
            return;
        }
        AfterOutput afterOutput = AfterOutput.deferred();
        // A launcher killed or interrupted from here on cancels the command: nobody would read its answer.
        Cancellation cancellation = new Cancellation();
        CallerWatch watch = CallerWatch.start(socket, in, cancellation);
        byte[] answer;
        try {
            answer = Cancellation.within(cancellation, () -> run(request, systemZone, afterOutput));
        } finally {
            watch.stop();
        }
        if (cancellation.isCancelled()) {
            return;
        }
        out.write(answer);
        out.flush();
        if (!afterOutput.isEmpty()) {
            runOnceShown(watch.rest(), request, afterOutput, socket);
        }
    }

    /**
     * A command that acts only once its output reached the caller (a hook run marks its messages
     * read): the answer asked the launcher to say {@code shown} after printing it. Without that word
     * (the launcher was killed, gave up, or could not print) nothing is done: the messages stay
     * unread and come again.
     */
    private static void runOnceShown(InputStream in, Request request, AfterOutput afterOutput, Socket socket)
            throws IOException {
        socket.setSoTimeout(SHOWN_TIMEOUT_MILLIS);
        if (Arrays.equals(in.readNBytes(SHOWN.length), SHOWN)) {
            CommandVariables.with(request.variables(), () -> {
                afterOutput.runAll();
                return null;
            });
        }
    }

    /** The daemon's first words to every caller: the proof that it is the daemon the state file names. */
    byte[] greeting() {
        return (Request.PROTOCOL + " " + new String(proof, StandardCharsets.US_ASCII) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Why this request is not for this daemon, or null when it is. */
    String refusal(Request request) {
        if (jarChanged()) {
            stopping = true;
            return "stale";
        }
        if (!identity.equals(request.identity())) {
            return "identity";
        }
        if (!serves(request.args()) || !Path.of(request.workingDirectory()).isAbsolute()) {
            return "command";
        }
        return null;
    }

    /**
     * Whether a daemon runs this command line: a {@link #SERVED} command, {@code agent-hooks} only
     * as {@code agent-hooks run}, and never with {@code --watch} or {@code --serve} (they run until
     * interrupted, which only their own process can be) or {@code --wait} ({@code agent-inbox --wait 10m}, {@code
     * agent-escalate --wait}: an agent's turn may sit in it for hours, which would hold one of the
     * daemon's {@link #MAX_CONCURRENT} threads and keep an idle daemon from leaving; in its own JVM
     * it costs the waiting agent alone).
     */
    static boolean serves(List<String> args) {
        if (args.isEmpty() || !SERVED.contains(args.get(0))) {
            return false;
        }
        if (args.get(0).equals("agent-hooks") && (args.size() < 2 || !args.get(1).equals("run"))) {
            return false;
        }
        return args.stream().noneMatch(arg -> arg.equals("--watch") || arg.startsWith("--watch=")
                || arg.equals("--wait") || arg.startsWith("--wait=")
                || arg.equals("--serve") || arg.startsWith("--serve="));
    }

    /**
     * Runs the command as its own process would, and frames its exit code, stderr and stdout. The
     * command's whole context is its caller's (directory, variables, zone, locale, stdin), and
     * {@code systemZone} only where the caller's own JVM would have used the machine's zone.
     */
    static byte[] run(Request request, ZoneId systemZone) {
        return run(request, systemZone, AfterOutput.deferred());
    }

    /**
     * As {@link #run(Request, ZoneId)}; what the command does only once its output reached the caller
     * is left in {@code afterOutput}, and the answer then asks the launcher to confirm it printed it.
     */
    static byte[] run(Request request, ZoneId systemZone, AfterOutput afterOutput) {
        if (!Files.isDirectory(Path.of(request.workingDirectory()))) {
            return directoryGone(request.args());
        }
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8));
        Io io = new Io(out, err, new ByteArrayInputStream(request.stdin()), afterOutput);
        boolean terminal = "1".equals(request.variables().get("GHP_STDOUT_TTY"));
        Environment env = Environment.of(request.variables(), Path.of(request.workingDirectory()),
                Clock.systemUTC(), systemZone, terminal);
        long start = System.nanoTime();
        int code;
        try {
            // Cli.run gives the command, and JGit under it, the caller's variables.
            code = Cli.run(io, env, request.args().toArray(String[]::new));
        } catch (RuntimeException | Error e) {
            err.println("ghp: error: internal error in the ghp-agents daemon: " + e);
            code = ExitCode.INTERNAL;
        }
        if ("1".equals(request.variables().get("GHP_TRACE"))) {
            // What GHP_TRACE=1 shows of a command the daemon ran: that it did, and how long it took.
            err.printf(Locale.ROOT, "ghp: trace %7.1f ms  run by the daemon (pid %d)%n", (System.nanoTime() - start) / 1e6,
                    ProcessHandle.current().pid());
        }
        out.flush();
        err.flush();
        return frame(code, stdout.toByteArray(), stderr.toByteArray(), !afterOutput.isEmpty());
    }

    /**
     * The caller's directory was deleted under it (bin/ghp checks too, but it can go in between):
     * one line, exit 5, as in its own process; a hook run still exits 0.
     */
    static byte[] directoryGone(List<String> args) {
        boolean hookRun = args.size() > 1 && args.get(0).equals("agent-hooks") && args.get(1).equals("run");
        byte[] err = "ghp: error: the current directory no longer exists\n".getBytes(StandardCharsets.UTF_8);
        return frame(hookRun ? ExitCode.OK : ExitCode.STATE, new byte[0], err);
    }

    /**
     * The answer: a header with the exit code and the lengths, then stderr first: it is short, and
     * the launcher reads a long stdout with cat to the end (bash's read takes a byte per system
     * call from a socket).
     */
    static byte[] frame(int code, byte[] stdout, byte[] stderr) {
        return frame(code, stdout, stderr, false);
    }

    /** With {@code confirm}, the header ends with {@code confirm}: the launcher says {@code shown} once it printed stdout. */
    static byte[] frame(int code, byte[] stdout, byte[] stderr, boolean confirm) {
        byte[] header = (Request.PROTOCOL + " " + code + " " + stdout.length + " " + stderr.length
                + (confirm ? " confirm" : "") + "\n").getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream framed = new ByteArrayOutputStream(header.length + stdout.length + stderr.length);
        framed.writeBytes(header);
        framed.writeBytes(stderr);
        framed.writeBytes(stdout);
        return framed.toByteArray();
    }

    static byte[] acceptedLine() {
        return (Request.PROTOCOL + " accepted\n").getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] refusedLine(String reason) {
        return (Request.PROTOCOL + " refused " + reason + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static void refuseQuietly(Socket socket, String reason) {
        try (socket) {
            socket.getOutputStream().write(refusedLine(reason));
        } catch (IOException e) {
            // the caller runs the command itself
        }
    }
}
