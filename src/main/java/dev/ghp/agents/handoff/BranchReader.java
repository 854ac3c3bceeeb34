package dev.ghp.agents.handoff;

import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.git.JGitSetup;
import dev.ghp.agents.text.Printable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.patch.FileHeader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.submodule.SubmoduleWalk;
import org.eclipse.jgit.util.io.DisabledOutputStream;

/**
 * Reads an agent's work from git with JGit: the commits its branch has beyond the main branch,
 * the diff stat since they parted, and the uncommitted changes in its worktree. Everything is
 * bounded (commits counted up to a cap, files and paths listed up to a limit), so a branch with
 * thousands of commits or files still gives a short answer. What cannot be read becomes a
 * sentence in {@link Handoff.Branch#problems()}, never an exception.
 */
public final class BranchReader {
    static final int COMMITS_SHOWN = 20;
    static final int COUNT_CAP = 10_000;
    static final int FILES_SHOWN = 30;
    static final int FILES_COUNTED = 2_000;
    static final int UNCOMMITTED_SHOWN = 15;
    /** Larger files are listed as binary rather than diffed line by line. */
    static final int BINARY_THRESHOLD = 4 * 1024 * 1024;
    private static final List<String> USUAL_MAIN = List.of("main", "master", "trunk");

    private final Repository repo;
    private final Path currentWorktree;

    /**
     * @param repo            the repository the command runs in (its refs are every worktree's refs)
     * @param currentWorktree the worktree the command runs in, or null
     */
    public BranchReader(Repository repo, Path currentWorktree) {
        this.repo = repo;
        this.currentWorktree = currentWorktree;
    }

    /**
     * @param branch      the agent's branch, or null (detached HEAD, or never recorded)
     * @param worktree    the agent's worktree as recorded, or null
     * @param explicitBase the main branch named by the user ({@code --base}), or null
     * @param preferredBase the main branch GHP named ({@code GHP_SPAWN_CONTEXT}), or null
     * @throws UsageException when {@code explicitBase} names nothing in this repository
     */
    public Handoff.Branch read(String branch, String worktree, String explicitBase, String preferredBase) {
        List<String> problems = new ArrayList<>();
        Named base = explicitBase != null ? resolveNamed(explicitBase) : findBase(preferredBase);
        if (explicitBase != null && base == null) {
            throw new UsageException("--base '" + Printable.quote(explicitBase) + "' is not a branch in this repository",
                    "name a local branch or a remote-tracking one, like main or origin/main");
        }
        Path worktreeDir = worktree == null ? null : Path.of(worktree);
        ObjectId tip = null;
        if (branch != null) {
            tip = ref(Constants.R_HEADS + branch);
            if (tip == null) {
                problems.add("branch " + Printable.line(branch) + " does not exist in this clone (deleted, not yet committed to, or on another machine)");
            }
        }
        Handoff.Uncommitted uncommitted = null;
        try (Opened wt = openWorktree(worktreeDir, problems)) {
            if (wt != null) {
                if (branch == null) {
                    tip = detachedHead(wt.repo(), problems);
                }
                uncommitted = uncommitted(wt.repo(), problems);
            } else if (branch == null) {
                problems.add(worktree == null
                        ? "no branch is recorded for this agent (its HEAD was detached, or it never reported one)"
                        : "no branch is recorded for this agent (its HEAD was detached)");
            }
        }
        if (tip == null) {
            return new Handoff.Branch(branch, worktree, null, base == null ? null : base.name(), null, 0, false,
                    List.of(), null, uncommitted, problems);
        }
        try (RevWalk walk = new RevWalk(repo); ObjectReader reader = repo.newObjectReader()) {
            RevCommit head = walk.parseCommit(tip);
            String headShort = abbreviate(reader, head);
            if (base == null) {
                problems.add("no main branch found (tried " + String.join(", ", USUAL_MAIN)
                        + " and origin/HEAD); pass --base BRANCH to compare with one");
                return new Handoff.Branch(branch, worktree, headShort, null, null, 0, false, List.of(), null,
                        uncommitted, problems);
            }
            if (branch != null && branch.equals(base.name())) {
                problems.add("the agent works on " + base.name() + " itself; it has no branch of its own to compare");
                return new Handoff.Branch(branch, worktree, headShort, base.name(), null, 0, false, List.of(), null,
                        uncommitted, problems);
            }
            RevCommit baseCommit = walk.parseCommit(base.id());
            RevCommit mergeBase = mergeBase(walk, head, baseCommit);
            walk.reset();
            walk.setRevFilter(RevFilter.ALL);
            walk.markStart(walk.parseCommit(head));
            walk.markUninteresting(walk.parseCommit(baseCommit));
            List<Handoff.Commit> commits = new ArrayList<>();
            int ahead = 0;
            boolean capped = false;
            for (RevCommit c : walk) {
                if (ahead == COUNT_CAP) {
                    capped = true;
                    break;
                }
                ahead++;
                if (commits.size() < COMMITS_SHOWN) {
                    commits.add(new Handoff.Commit(abbreviate(reader, c), c.getShortMessage()));
                }
            }
            Handoff.DiffStat diff = null;
            if (mergeBase == null) {
                problems.add("the branch shares no history with " + base.name() + "; no diff stat");
            } else {
                diff = diffStat(mergeBase, head);
            }
            return new Handoff.Branch(branch, worktree, headShort, base.name(),
                    mergeBase == null ? null : abbreviate(reader, mergeBase), ahead, capped, commits, diff,
                    uncommitted, problems);
        } catch (IOException | RuntimeException e) {
            problems.add("could not read the branch's history: " + Printable.line(e.getMessage() == null ? e.toString() : e.getMessage()));
            return new Handoff.Branch(branch, worktree, null, base.name(), null, 0, false, List.of(), null,
                    uncommitted, problems);
        }
    }

    private record Named(String name, ObjectId id) {
    }

    private Named findBase(String preferred) {
        if (preferred != null) {
            Named n = resolveNamed(preferred);
            if (n != null) {
                return n;
            }
        }
        try {
            Ref originHead = repo.exactRef(Constants.R_REMOTES + "origin/" + Constants.HEAD);
            if (originHead != null && originHead.isSymbolic() && originHead.getObjectId() != null) {
                String target = originHead.getTarget().getName();
                String local = target.substring((Constants.R_REMOTES + "origin/").length());
                ObjectId localId = ref(Constants.R_HEADS + local);
                return localId != null ? new Named(local, localId)
                        : new Named(Repository.shortenRefName(target), originHead.getObjectId());
            }
        } catch (IOException | StringIndexOutOfBoundsException e) {
            // fall back to the usual names
        }
        for (String name : USUAL_MAIN) {
            Named n = resolveNamed(name);
            if (n != null) {
                return n;
            }
        }
        return null;
    }

    /** A local branch, or a remote-tracking one ({@code origin/main}, or {@code main} found only on origin). */
    private Named resolveNamed(String name) {
        String n = name.startsWith(Constants.R_HEADS) ? name.substring(Constants.R_HEADS.length()) : name;
        ObjectId id = ref(Constants.R_HEADS + n);
        if (id != null) {
            return new Named(n, id);
        }
        id = ref(Constants.R_REMOTES + n);
        if (id != null) {
            return new Named(n, id);
        }
        id = ref(Constants.R_REMOTES + "origin/" + n);
        return id == null ? null : new Named("origin/" + n, id);
    }

    private ObjectId ref(String name) {
        try {
            Ref r = repo.exactRef(name);
            return r == null ? null : r.getObjectId();
        } catch (IOException e) {
            return null;
        }
    }

    private static RevCommit mergeBase(RevWalk walk, RevCommit a, RevCommit b) throws IOException {
        walk.reset();
        walk.setRevFilter(RevFilter.MERGE_BASE);
        walk.markStart(walk.parseCommit(a));
        walk.markStart(walk.parseCommit(b));
        return walk.next();
    }

    private Handoff.DiffStat diffStat(RevCommit from, RevCommit to) throws IOException {
        try (DiffFormatter df = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
            df.setRepository(repo);
            df.setDiffComparator(RawTextComparator.DEFAULT);
            df.setDetectRenames(true);
            df.setBinaryFileThreshold(BINARY_THRESHOLD);
            List<DiffEntry> entries = new ArrayList<>(df.scan(from.getTree(), to.getTree()));
            // Path order, as git prints a diff stat.
            entries.sort((x, y) -> path(x).compareTo(path(y)));
            int insertions = 0;
            int deletions = 0;
            List<Handoff.FileChange> shown = new ArrayList<>();
            for (int i = 0; i < entries.size() && i < FILES_COUNTED; i++) {
                DiffEntry e = entries.get(i);
                FileHeader fh = df.toFileHeader(e);
                boolean binary = fh.getPatchType() != FileHeader.PatchType.UNIFIED;
                int add = 0;
                int del = 0;
                if (!binary) {
                    for (Edit edit : fh.toEditList()) {
                        add += edit.getLengthB();
                        del += edit.getLengthA();
                    }
                }
                insertions += add;
                deletions += del;
                if (shown.size() < FILES_SHOWN) {
                    String oldPath = e.getChangeType() == DiffEntry.ChangeType.RENAME
                            || e.getChangeType() == DiffEntry.ChangeType.COPY ? e.getOldPath() : null;
                    shown.add(new Handoff.FileChange(path(e), oldPath,
                            e.getChangeType().name().toLowerCase(java.util.Locale.ROOT), add, del, binary));
                }
            }
            return new Handoff.DiffStat(entries.size(), insertions, deletions, shown, entries.size() > FILES_COUNTED);
        }
    }

    private static String path(DiffEntry e) {
        return e.getChangeType() == DiffEntry.ChangeType.DELETE ? e.getOldPath() : e.getNewPath();
    }

    /** A worktree repository, closed after use unless it is the one the command already holds. */
    private record Opened(Repository repo, boolean owned) implements AutoCloseable {
        @Override
        public void close() {
            if (owned) {
                repo.close();
            }
        }
    }

    /**
     * Opens the agent's worktree, only when it is a worktree of this same repository: the recorded
     * path comes from the shared record and may name anything, or nothing, on this machine.
     */
    private Opened openWorktree(Path dir, List<String> problems) {
        if (dir == null) {
            return null;
        }
        if (!dir.isAbsolute()) {
            // A recorded worktree is absolute; a relative one would mean whatever the reader's directory is.
            problems.add("its worktree " + Printable.line(dir.toString()) + " is not an absolute path");
            return null;
        }
        Path norm = dir.normalize();
        if (currentWorktree != null && norm.equals(currentWorktree)) {
            return new Opened(repo, false);
        }
        if (!Files.isDirectory(norm)) {
            problems.add("its worktree " + Printable.line(dir.toString())
                    + " is not on this machine; uncommitted changes there are unknown");
            return null;
        }
        JGitSetup.apply();
        Repository wt;
        try {
            FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(norm.toFile());
            if (builder.getGitDir() == null) {
                problems.add("its worktree " + Printable.line(dir.toString()) + " is not a git worktree any more");
                return null;
            }
            wt = builder.setMustExist(true).build();
        } catch (IOException | IllegalArgumentException e) {
            problems.add("its worktree " + Printable.line(dir.toString()) + " cannot be opened: "
                    + Printable.line(e.getMessage()));
            return null;
        }
        boolean same = !wt.isBare()
                && wt.getWorkTree().toPath().normalize().equals(norm)
                && sameDir(wt.getCommonDirectory().toPath(), repo.getCommonDirectory().toPath());
        if (!same) {
            wt.close();
            problems.add("its worktree " + Printable.line(dir.toString()) + " is not a worktree of this repository");
            return null;
        }
        return new Opened(wt, true);
    }

    private static boolean sameDir(Path a, Path b) {
        try {
            return a.toRealPath().equals(b.toRealPath());
        } catch (IOException e) {
            return a.normalize().equals(b.normalize());
        }
    }

    private static ObjectId detachedHead(Repository wt, List<String> problems) {
        try {
            Ref head = wt.exactRef(Constants.HEAD);
            if (head == null || head.getObjectId() == null) {
                problems.add("its worktree has no commit checked out");
                return null;
            }
            if (head.isSymbolic()) {
                problems.add("no branch is recorded for this agent; its worktree is now on "
                        + Printable.line(Repository.shortenRefName(head.getTarget().getName())));
            } else {
                problems.add("its HEAD is detached (no branch): the commits below are the ones it has checked out");
            }
            return head.getObjectId();
        } catch (IOException e) {
            problems.add("cannot read its worktree's HEAD: " + Printable.line(e.getMessage()));
            return null;
        }
    }

    private static Handoff.Uncommitted uncommitted(Repository wt, List<String> problems) {
        Status status;
        try {
            status = Git.wrap(wt).status().setIgnoreSubmodules(SubmoduleWalk.IgnoreSubmoduleMode.ALL).call();
        } catch (GitAPIException | RuntimeException e) {
            problems.add("cannot read its worktree's status: " + Printable.line(e.getMessage()));
            return null;
        }
        TreeMap<String, Character> codes = new TreeMap<>();
        put(codes, status.getUntracked(), '?');
        put(codes, status.getModified(), 'M');
        put(codes, status.getChanged(), 'M');
        put(codes, status.getAdded(), 'A');
        put(codes, status.getMissing(), 'D');
        put(codes, status.getRemoved(), 'D');
        put(codes, status.getConflicting(), 'U');
        List<String> entries = new ArrayList<>();
        for (var e : codes.entrySet()) {
            if (entries.size() == UNCOMMITTED_SHOWN) {
                break;
            }
            entries.add(e.getValue() + " " + e.getKey());
        }
        int modified = count(codes, 'M');
        return new Handoff.Uncommitted(modified, count(codes, 'A'), count(codes, 'D'), count(codes, '?'),
                count(codes, 'U'), entries, codes.size());
    }

    private static void put(TreeMap<String, Character> codes, Collection<String> paths, char code) {
        for (String p : paths) {
            codes.put(p, code);
        }
    }

    private static int count(TreeMap<String, Character> codes, char code) {
        return (int) codes.values().stream().filter(c -> c == code).count();
    }

    private static String abbreviate(ObjectReader reader, ObjectId id) {
        try {
            return reader.abbreviate(id, 7).name();
        } catch (IOException e) {
            return id.name().substring(0, 7);
        }
    }
}
