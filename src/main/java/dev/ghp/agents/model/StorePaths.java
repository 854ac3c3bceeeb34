package dev.ghp.agents.model;


/** Where things live: the ref, and the files in its tree (docs/design.md#where-the-state-lives). */
public final class StorePaths {
    public static final String REF = "refs/ghp/coordination";
    public static final String STATUS = ".ghp/agent-status.json";
    public static final String ESCALATIONS = ".ghp/escalations";
    public static final String HANDOFFS = ".ghp/handoffs";
    /** Decisions about agents' records, one file each ({@link AgentDecision#pathOf}). */
    public static final String DECISIONS = ".ghp/decisions";
    /** Unread messages, one directory per recipient ({@link Message#inboxPath}). */
    public static final String INBOX = ".ghp/inbox";
    /** Read messages, one directory per recipient ({@link Message#readPath}). */
    public static final String READ = ".ghp/read";

    /** The command a user can run to look at the raw state. */
    public static final String SHOW_STATUS = "git show " + REF + ":" + STATUS;

    private StorePaths() {
    }
}
