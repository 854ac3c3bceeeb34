package dev.ghp.agents.git;

import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.text.Printable;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.Repository;

/**
 * Refuses a repository JGit would misread or miswrite, before anything reads or writes it. JGit
 * 7.8 has no SHA-256: it opens a {@code --object-format=sha256} repository without complaint and
 * writes SHA-1 objects and a 40-hex ref into it, which {@code git fsck} and {@code git gc} then
 * reject. Git refuses a repository with an extension it does not know (format version 1); so do
 * we, for the extensions JGit does not handle, rather than write what git cannot read.
 */
final class RepositoryFormat {
    /**
     * Extensions that are safe for a record written straight into the object database: JGit reads
     * {@code refStorage}; {@code noop} means nothing; {@code preciousObjects} forbids deleting
     * objects, which ghp-agents never does; {@code partialClone} only means some objects are
     * fetched on demand by git: JGit sees them as missing, and a write never references an object
     * it did not find; {@code worktreeConfig} holds per-worktree settings (sparse checkout) of the
     * work tree, which the record never touches.
     */
    private static final Set<String> UNDERSTOOD = Set.of("noop", "preciousobjects", "partialclone", "worktreeconfig",
            "refstorage", "objectformat");
    private static final Set<String> REF_STORAGES = Set.of("files", "reftable");

    private RepositoryFormat() {
    }

    static void check(Repository repo) {
        Config config = repo.getConfig();
        String objectFormat = config.getString("extensions", null, "objectFormat");
        if (objectFormat != null && !objectFormat.equalsIgnoreCase("sha1")) {
            throw new StateException("the repository at " + repo.getCommonDirectory() + " stores its objects with "
                    + Printable.line(objectFormat) + " (extensions.objectFormat); ghp-agents reads and writes only sha1"
                    + " repositories (JGit has no " + Printable.line(objectFormat) + "), so it left it untouched",
                    "nothing was read or written; ghp-agents needs a repository of git's default format (--object-format=sha1)");
        }
        if (config.getLong("core", null, "repositoryFormatVersion", 0) < 1) {
            return; // git ignores the other extensions of a version 0 repository, and so does JGit
        }
        for (String name : config.getNames("extensions")) {
            String key = name.toLowerCase(Locale.ROOT);
            String value = config.getString("extensions", null, name);
            boolean understood = UNDERSTOOD.contains(key)
                    && (!key.equals("refstorage") || (value != null && REF_STORAGES.contains(value.toLowerCase(Locale.ROOT))));
            if (!understood) {
                throw new StateException("the repository at " + repo.getCommonDirectory() + " uses the git extension extensions."
                        + Printable.line(name) + " = " + Printable.line(String.valueOf(value))
                        + ", which ghp-agents (JGit) does not understand, so it left it untouched",
                        "git refuses repositories with extensions it does not know; see: git config --get-regexp '^extensions\\.'");
            }
        }
    }
}
