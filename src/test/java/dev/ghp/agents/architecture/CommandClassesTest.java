package dev.ghp.agents.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import dev.ghp.agents.cli.Cli;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/**
 * How commands are built (docs/architecture.md, "Layers"): a class per command or sub-command, and
 * a command that needs another's work calls the code that does it, never the command line again.
 */
class CommandClassesTest {
    static final JavaClasses MAIN = InvocationContextTest.MAIN;

    private static void assertHolds(ArchRule rule) {
        assertThat(rule.evaluate(MAIN).getFailureReport().getDetails()).as(rule.getDescription()).isEmpty();
    }

    @Test
    void noCommandRunsTheCommandLineAgainFromInsideItself() {
        // agent-hooks run used to run agent-heartbeat as argv through Cli.run and read its errors
        // back from stderr; it records through the heartbeat service now, as agent-heartbeat does.
        assertHolds(noClasses().that().resideInAPackage("dev.ghp.agents.cli..").and().doNotBelongToAnyOf(Cli.class)
                .should().callMethodWhere(DescribedPredicate.describe("Cli.run or Cli.runWith",
                        call -> call.getTarget().getOwner().isEquivalentTo(Cli.class)
                                && call.getTarget().getName().startsWith("run")))
                .as("no command runs the command line (Cli.run, Cli.runWith) from inside itself"));
    }

    @Test
    void everyCommandAndSubCommandIsAClassOfItsOwn() {
        assertHolds(classes().that().areAnnotatedWith(Command.class)
                .should().beTopLevelClasses()
                .as("every @Command class, sub-commands included, is a top-level class of its own"));
    }
}
