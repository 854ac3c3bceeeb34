package dev.ghp.agents.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.errors.Cancellation;
import dev.ghp.agents.errors.ExitCode;
import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.model.Message;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.model.StorePaths;
import dev.ghp.agents.rules.ApprovalAnswer;
import dev.ghp.agents.store.MessageFiles;
import dev.ghp.agents.text.Printable;
import dev.ghp.agents.web.LeadPageServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;

/**
 * {@code agent-status --serve}: the lead's page ({@link LeadPageServer}). Each view of the page is
 * one status pass, as {@code --watch} draws one per frame, shown from the same JSON as
 * {@code --json}; answers go through {@link EscalateCommand}'s {@code --resolve} itself, so its
 * rules (and who may answer) are the page's. This thread watches the ref, as {@code --wait} does, and tells
 * every open page when it moved, until Ctrl-C (exit 130).
 */
final class StatusServe {
    /** How often the ref's id is looked at (one small file read). */
    static final Duration POLL = Duration.ofMillis(250);
    /** Pages are told to refresh this often even when nothing was written: ages grow, agents go stale. */
    static final Duration REFRESH = Duration.ofSeconds(15);
    static final String STOPPED = "the page was stopped";
    private static final int NEWEST_MESSAGES = 3;

    private final Io io;
    private final Environment env;
    private final Repository repository;
    private final Path directory;
    private final Supplier<ObjectNode> status;
    private final Supplier<ObjectNode> timeline;
    private final Object lock = new Object();

    /**
     * @param status    one status pass as agent-status --json's object, with the pass's snapshot's unread messages
     * @param directory the -C given to agent-status, passed on to agent-escalate (null: none)
     */
    StatusServe(Io io, Environment env, Repository repository, Path directory, Supplier<ObjectNode> status,
                Supplier<ObjectNode> timeline) {
        this.io = io;
        this.env = env;
        this.repository = repository;
        this.directory = directory;
        this.status = status;
        this.timeline = timeline;
    }

    /** The unread messages of each agent in {@code agents}: how many, and the newest few, as the page shows them. */
    static ObjectNode messages(dev.ghp.agents.store.Snapshot snapshot, Iterable<String> agents) {
        ObjectNode out = Json.object();
        for (String agent : agents) {
            List<Message> unread = new ArrayList<>(MessageFiles.unread(snapshot, agent));
            unread.sort(Comparator.comparing(Message::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())).reversed());
            ObjectNode a = out.putObject(agent);
            a.put("unread", unread.size());
            var newest = a.putArray("newest");
            unread.stream().limit(NEWEST_MESSAGES).forEach(m -> {
                ObjectNode o = newest.addObject();
                o.put("id", m.id());
                o.put("from", m.from());
                o.put("kind", m.kind());
                o.put("text", m.text());
                o.put("createdAt", StatusCodec.formatInstant(m.createdAt()));
            });
        }
        return out;
    }

    /** Serves on {@code port} (0: a free one), prints the URL first, and returns only when stopped. */
    int serve(int port) {
        LeadPageServer page;
        try {
            page = LeadPageServer.start(port, new LeadPageServer.Team() {
                @Override
                public ObjectNode state() {
                    return StatusServe.this.state();
                }

                @Override
                public LeadPageServer.Answered answer(String id, String text, String verdict) {
                    return StatusServe.this.answer(id, text, verdict);
                }
            });
        } catch (IOException e) {
            throw new StateException("cannot serve the page on 127.0.0.1:" + port + ": " + e.getMessage(),
                    "choose another --port, or leave it out for a free one");
        }
        try {
            io.out().println(page.url());
            io.out().println("Serving the team on 127.0.0.1 only; Ctrl-C to stop.");
            io.out().flush();
            watch(page);
            return ExitCode.OK;
        } finally {
            page.close();
        }
    }

    /** Tells the pages when the ref moves, and every {@link #REFRESH} anyway; ends with Ctrl-C (Cancelled, exit 130). */
    private void watch(LeadPageServer page) {
        String seen = tip();
        page.changed(seen);
        long nextRefresh = System.nanoTime() + REFRESH.toNanos();
        while (true) {
            try {
                Cancellation.pause(POLL.toMillis(), STOPPED);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Cancellation.Cancelled(STOPPED);
            }
            String now = tip();
            if (!now.equals(seen) || System.nanoTime() - nextRefresh >= 0) {
                seen = now;
                nextRefresh = System.nanoTime() + REFRESH.toNanos();
                page.changed(now);
            }
        }
    }

    /** The team as the page shows it; one request at a time reads (the command's repository and settings are not shared-safe). */
    private ObjectNode state() {
        synchronized (lock) {
            ObjectNode root = status.get();
            root.set("timeline", timeline.get());
            root.put("tip", tip());
            return root;
        }
    }

    /**
     * {@code ghp agent-escalate --resolve ID --answer TEXT} (or {@code --approve}/{@code --deny}): the
     * command itself, built here with those options set and run with this command's environment,
     * so that the answer is the person's running the page, as from their shell, with every check of
     * agent-escalate (who may answer included). Its error line, as the command line prints it, is
     * the page's reason.
     */
    private LeadPageServer.Answered answer(String id, String text, String verdict) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter errors = new PrintWriter(err);
        EscalateCommand resolving = new EscalateCommand(new Io(new PrintWriter(out), errors), env);
        resolving.directory = directory;
        resolving.json = true;
        resolving.resolve = id;
        resolving.answer = text;
        if ("approve".equals(verdict)) {
            resolving.approve = List.of(ApprovalAnswer.REST);
        } else if ("deny".equals(verdict)) {
            resolving.deny = List.of(ApprovalAnswer.REST);
        }
        int code;
        synchronized (lock) {
            try {
                code = resolving.call();
            } catch (RuntimeException e) {
                code = Cli.report(e, errors, false);
            }
        }
        errors.flush();
        if (code == ExitCode.OK) {
            JsonNode resolved = Json.parseTree(out.toString());
            String by = resolved == null ? null : resolved.path("resolvedBy").asText(null);
            return new LeadPageServer.Answered(true, id + " resolved" + (by == null ? "" : " by " + Printable.line(by)));
        }
        String reason = err.toString().strip();
        return new LeadPageServer.Answered(false, reason.isEmpty() ? "agent-escalate exited " + code : reason);
    }

    private String tip() {
        try {
            Ref ref = repository.getRefDatabase().exactRef(StorePaths.REF);
            return ref == null || ref.getObjectId() == null ? "none" : ref.getObjectId().name();
        } catch (IOException e) {
            throw new StateException("cannot read " + StorePaths.REF + ": " + e.getMessage(),
                    "check the repository with: git fsck", e);
        }
    }

    /** For the agent-status option check: a port is 0 (any free one) to 65535. */
    static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new dev.ghp.agents.errors.UsageException("--port takes 0 (a free port) to 65535, got " + port);
        }
    }
}
