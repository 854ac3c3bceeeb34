package dev.ghp.agents.store;

import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.model.StorePaths;
import dev.ghp.agents.text.Printable;

/**
 * A file of the record larger than a reader takes ({@link RecordValidation#maxBytes}): refused
 * before it is loaded, so a planted file of many megabytes costs no memory. Readers of items pass
 * over it as they pass over a malformed one.
 */
final class OversizedFile extends StateException {
    private static final long serialVersionUID = 1L;

    OversizedFile(String path, long size, long max) {
        super("the coordination state holds " + Printable.line(path) + " of " + size + " bytes, over the bound of "
                + max + " (nothing was written)", "look at it with: git ls-tree -r -l " + StorePaths.REF);
    }
}
