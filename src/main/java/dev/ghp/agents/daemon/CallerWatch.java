package dev.ghp.agents.daemon;

import dev.ghp.agents.errors.Cancellation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * Watches a launcher's connection while the daemon runs its command, and cancels the command when
 * the launcher is gone. Between its {@code run} and the answer the launcher sends nothing (its next
 * word, {@code shown}, comes after the answer), so anything a read returns in that time (the end
 * of the stream: it was killed, or Ctrl-C ended it; a reset; a byte out of turn) means nobody will
 * read the answer: the command's waits end at once ({@link Cancellation}) and the worker is free
 * for the next caller, instead of waiting for a lock or a ref, even for minutes, for nobody.
 *
 * <p>One thread per running command, named {@link #THREAD_NAME} for as long as that command runs
 * (its count is what a test sees from outside, in /proc). It reads with a short timeout so that it
 * ends without closing the socket, which the answer still needs; what it reads after the command
 * ended (the launcher's {@code shown}) it hands on ({@link #rest}).
 */
final class CallerWatch {
    static final String THREAD_NAME = "ghp-caller-watch";
    /** How often the watch looks whether the command ended; a launcher that goes is seen at once. */
    static final int POLL_MILLIS = 200;

    /** What {@link #pending} holds until the watch has read past the end of the command. */
    private static final int NOTHING = -2;

    private final Socket socket;
    private final InputStream in;
    private final Cancellation cancellation;
    private final Thread thread;
    private volatile boolean stopped;
    /** What the watch read once the command had ended (the first byte of {@code shown}, or -1). */
    private volatile int pending = NOTHING;

    private CallerWatch(Socket socket, InputStream in, Cancellation cancellation) {
        this.socket = socket;
        this.in = in;
        this.cancellation = cancellation;
        this.thread = new Thread(this::watch, THREAD_NAME);
        thread.setDaemon(true);
    }

    /** Watches {@code socket}'s input from now until {@link #stop}; cancels {@code cancellation} if its caller goes. */
    static CallerWatch start(Socket socket, InputStream in, Cancellation cancellation) {
        CallerWatch watch = new CallerWatch(socket, in, cancellation);
        watch.thread.start();
        return watch;
    }

    private void watch() {
        int read;
        try {
            socket.setSoTimeout(POLL_MILLIS);
            while (true) {
                try {
                    read = in.read();
                    break;
                } catch (SocketTimeoutException e) {
                    if (stopped) {
                        return;
                    }
                }
            }
        } catch (IOException e) {
            // a reset, or the socket closed once the command ended: the caller is gone either way
            read = -1;
        }
        if (stopped) {
            // The answer is out: this may be the launcher's "shown", which the worker reads next.
            pending = read;
            return;
        }
        // The end of the stream, or a byte the launcher never sends at this point: nobody reads the answer.
        cancellation.cancel();
        // The thread lives as long as the command, so that a count of these threads is a count of commands.
        synchronized (this) {
            while (!stopped) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /**
     * The command ended: the watch ends with its next read (it does not hold the answer up) and this
     * returns whether the caller is still there to read the answer.
     */
    boolean stop() {
        synchronized (this) {
            stopped = true;
            notifyAll();
        }
        return !cancellation.isCancelled();
    }

    /**
     * The caller's input after the answer, once the watch has ended: what the watch read of it
     * first, then the rest. Waits for the watch's last read, which the launcher's prompt {@code
     * shown} ends at once.
     */
    InputStream rest() throws IOException {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        int first = pending;
        if (first == -1) {
            return InputStream.nullInputStream();
        }
        if (first == NOTHING) {
            return in;
        }
        return new SequenceInputStream(new ByteArrayInputStream(new byte[] {(byte) first}), in);
    }
}
