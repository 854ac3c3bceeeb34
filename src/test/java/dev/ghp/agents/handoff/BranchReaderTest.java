package dev.ghp.agents.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.git.RepoContext;
import dev.ghp.agents.git.RepoLocator;
import dev.ghp.agents.testing.GitRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BranchReaderTest {
    @TempDir
    Path tmp;
    GitRepo main;
    RepoContext rc;

    @BeforeEach
    void setUp() {
        main = GitRepo.init(tmp, "repo");
        main.commitFile("README.md", "hello\n");
    }

    @AfterEach
    void close() {
        if (rc != null) {
            rc.repository().close();
        }
    }

    private BranchReader reader() {
        rc = RepoLocator.open(main.dir());
        return new BranchReader(rc.repository(), rc.worktree());
    }

    private static void write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void listsTheCommitsSinceTheBranchLeftMainAndTheirDiffStatWithBinaryFilesMarked() {
        GitRepo wt = main.addWorktree("wt-a", "a/4-parser");
        wt.commitFile("src/Parser.java", "class Parser {\n}\n");
        write(wt.dir().resolve("logo.png"), new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, 0, 1, 2});
        wt.git("add", "logo.png");
        wt.git("commit", "-q", "-m", "Add a logo");
        main.commitFile("OTHER.md", "main moved on\n");

        Handoff.Branch b = reader().read("a/4-parser", wt.dir().toString(), null, null);

        assertThat(b.problems()).isEmpty();
        assertThat(b.base()).isEqualTo("main");
        assertThat(b.ahead()).isEqualTo(2);
        assertThat(b.aheadCapped()).isFalse();
        assertThat(b.commits()).extracting(Handoff.Commit::subject).containsExactly("Add a logo", "add src/Parser.java");
        assertThat(b.commits().get(0).hash()).hasSize(7);
        assertThat(b.mergeBase()).isEqualTo(main.git("rev-parse", "--short=7", "main~1").trim());
        Handoff.DiffStat d = b.diff();
        assertThat(d.files()).isEqualTo(2);
        assertThat(d.insertions()).isEqualTo(2);
        assertThat(d.shown()).extracting(Handoff.FileChange::path, Handoff.FileChange::binary, Handoff.FileChange::change)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("logo.png", true, "add"),
                        org.assertj.core.groups.Tuple.tuple("src/Parser.java", false, "add"));
        assertThat(b.uncommitted().clean()).isTrue();
    }

    @Test
    void summarisesUncommittedChangesInTheAgentsWorktree() {
        GitRepo wt = main.addWorktree("wt-a", "a/4");
        write(wt.dir().resolve("README.md"), "changed\n".getBytes(StandardCharsets.UTF_8));
        write(wt.dir().resolve("new.txt"), "x".getBytes(StandardCharsets.UTF_8));
        write(wt.dir().resolve("staged.txt"), "y".getBytes(StandardCharsets.UTF_8));
        wt.git("add", "staged.txt");

        Handoff.Uncommitted u = reader().read("a/4", wt.dir().toString(), null, null).uncommitted();

        assertThat(u.total()).isEqualTo(3);
        assertThat(u.modified()).isEqualTo(1);
        assertThat(u.added()).isEqualTo(1);
        assertThat(u.untracked()).isEqualTo(1);
        assertThat(u.entries()).containsExactly("M README.md", "? new.txt", "A staged.txt");
    }

    @Test
    void aBranchWithThousandsOfCommitsIsCountedUpToTheCapAndGivesAShortDocument() throws IOException {
        int commits = BranchReader.COUNT_CAP + 5;
        writeCommits("big", commits);

        Handoff.Branch b = reader().read("big", null, null, null);

        assertThat(b.ahead()).isEqualTo(BranchReader.COUNT_CAP);
        assertThat(b.aheadCapped()).isTrue();
        assertThat(b.commits()).hasSize(BranchReader.COMMITS_SHOWN);
        assertThat(b.commits().get(0).subject()).isEqualTo("commit " + commits);
        assertThat(b.diff().files()).isEqualTo(1);
        Handoff h = new Handoff(Handoff.Issue.numberOnly(4), "a", null, Instant.EPOCH, null,
                new Handoff.Agent("implementing", null, null, null, List.of(), List.of(), List.of()), b,
                List.of(), List.of(), 0, List.of());
        assertThat(HandoffMarkdown.render(h).length()).isLessThan(8_000);
    }

    /** {@code count} commits on a new branch from main, written by JGit into one pack (thousands of loose files are slow). */
    private void writeCommits(String branch, int count) throws IOException {
        try (Repository repo = RepoLocator.open(main.dir()).repository();
             ObjectInserter ins = ((FileRepository) repo).getObjectDatabase().newPackInserter()) {
            ObjectId parent = repo.resolve("main");
            ObjectId readme = repo.resolve("main:README.md");
            TreeFormatter tree = new TreeFormatter();
            tree.append("README.md", FileMode.REGULAR_FILE, readme);
            tree.append("counter.txt", FileMode.REGULAR_FILE, ins.insert(Constants.OBJ_BLOB, "1\n".getBytes(StandardCharsets.UTF_8)));
            ObjectId treeId = ins.insert(tree);
            for (int i = 1; i <= count; i++) {
                PersonIdent who = new PersonIdent("T", "t@example.com", Instant.ofEpochSecond(1_700_000_000L + i), ZoneOffset.UTC);
                CommitBuilder c = new CommitBuilder();
                c.setTreeId(treeId);
                c.setParentId(parent);
                c.setAuthor(who);
                c.setCommitter(who);
                c.setMessage("commit " + i + "\n");
                parent = ins.insert(c);
            }
            ins.flush();
            RefUpdate u = repo.updateRef("refs/heads/" + branch);
            u.setNewObjectId(parent);
            assertThat(u.update()).isEqualTo(RefUpdate.Result.NEW);
        }
    }

    @Test
    void aBranchTouchingManyFilesListsOnlyTheFirstOnes() {
        GitRepo wt = main.addWorktree("wt-a", "a/many");
        for (int i = 0; i < 100; i++) {
            write(wt.dir().resolve("gen/f" + String.format("%03d", i) + ".txt"), ("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
        wt.git("add", "gen");
        wt.git("commit", "-q", "-m", "generate");

        Handoff.DiffStat d = reader().read("a/many", null, null, null).diff();

        assertThat(d.files()).isEqualTo(100);
        assertThat(d.insertions()).isEqualTo(100);
        assertThat(d.shown()).hasSize(BranchReader.FILES_SHOWN);
        assertThat(d.shown().get(0).path()).isEqualTo("gen/f000.txt");
    }

    @Test
    void aDetachedHeadInTheAgentsWorktreeIsDescribedFromItsCommit() {
        GitRepo wt = main.addWorktree("wt-a", "a/4");
        wt.commitFile("x.txt", "x\n");
        wt.git("checkout", "-q", "--detach");
        wt.commitFile("y.txt", "y\n");

        Handoff.Branch b = reader().read(null, wt.dir().toString(), null, null);

        assertThat(b.name()).isNull();
        assertThat(b.head()).isEqualTo(wt.git("rev-parse", "--short=7", "HEAD").trim());
        assertThat(b.ahead()).isEqualTo(2);
        assertThat(b.problems()).singleElement().asString().contains("detached");
    }

    @Test
    void aWorktreeThatIsNotOnThisMachineIsANoteNotAFailure() {
        main.git("branch", "a/4");

        Handoff.Branch b = reader().read("a/4", "/nowhere/wt-a", null, null);

        assertThat(b.uncommitted()).isNull();
        assertThat(b.problems()).singleElement().asString().contains("/nowhere/wt-a is not on this machine");
        assertThat(b.base()).isEqualTo("main");
    }

    @Test
    void aRecordedWorktreeOfAnotherRepositoryIsNotLookedInto() {
        GitRepo other = GitRepo.init(tmp, "other");
        other.commitFile("secret.txt", "s\n");
        write(other.dir().resolve("dirty.txt"), "d".getBytes(StandardCharsets.UTF_8));

        Handoff.Branch b = reader().read("main", other.dir().toString(), null, null);

        assertThat(b.uncommitted()).isNull();
        assertThat(b.problems()).anySatisfy(p -> assertThat(p).contains("is not a worktree of this repository"));
    }

    @Test
    void aBranchThatIsGoneIsSaidPlainly() {
        Handoff.Branch b = reader().read("a/deleted", null, null, null);

        assertThat(b.head()).isNull();
        assertThat(b.problems()).singleElement().asString().startsWith("branch a/deleted does not exist in this clone");
    }

    @Test
    void withoutAMainBranchItSuggestsBaseAndAnUnknownBaseIsAUsageError() {
        main.git("branch", "-m", "main", "develop");
        main.git("branch", "a/4");

        Handoff.Branch b = reader().read("a/4", null, null, null);

        assertThat(b.base()).isNull();
        assertThat(b.problems()).singleElement().asString().contains("pass --base BRANCH");
        assertThat(reader().read("a/4", null, "develop", null).base()).isEqualTo("develop");
        assertThatThrownBy(() -> reader().read("a/4", null, "nope", null))
                .isInstanceOf(UsageException.class).hasMessageContaining("--base 'nope' is not a branch");
    }

    @Test
    void theMainBranchNamedByGhpWinsOverTheUsualNames() {
        main.git("branch", "trunk2");
        main.git("branch", "a/4");

        assertThat(reader().read("a/4", null, null, "trunk2").base()).isEqualTo("trunk2");
    }

    @Test
    void anAgentWorkingOnMainItselfHasNoCommitsOfItsOwn() {
        Handoff.Branch b = reader().read("main", main.dir().toString(), null, null);

        assertThat(b.ahead()).isZero();
        assertThat(b.diff()).isNull();
        assertThat(b.problems()).singleElement().asString().contains("works on main itself");
        assertThat(b.uncommitted()).isNotNull();
    }
}
