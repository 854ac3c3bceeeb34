package dev.ghp.agents.cli;

import picocli.CommandLine;

/**
 * Builds the sub-commands a command group names in {@code subcommands = {...}} with the caller's
 * {@link Io} and {@link Environment}, which Picocli's own factory cannot pass; anything else
 * (completion candidates, converters) it builds as Picocli would.
 */
final class CommandFactory implements CommandLine.IFactory {
    private final Io io;
    private final Environment env;

    CommandFactory(Io io, Environment env) {
        this.io = io;
        this.env = env;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        if (BaseCommand.class.isAssignableFrom(type)) {
            return type.getDeclaredConstructor(Io.class, Environment.class).newInstance(io, env);
        }
        return CommandLine.defaultFactory().create(type);
    }
}
