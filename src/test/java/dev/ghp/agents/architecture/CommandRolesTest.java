package dev.ghp.agents.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * A command parses its options and orders the work; what it publishes to remote services and how
 * is the integrations' (docs/architecture.md, "Handoffs"), so that a command class stays one thing.
 */
class CommandRolesTest {

    @Test
    void commandsLeaveTalkingToGitHubAndMem0ToTheIntegrations() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.ghp.agents.cli..")
                .should().dependOnClassesThat().haveFullyQualifiedName("dev.ghp.agents.mem0.Mem0Client")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.ghp.agents.github.GitHubGateway")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.ghp.agents.github.IssueInfo")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.ghp.agents.github.GitHubRepository");

        assertThat(rule.evaluate(LayersTest.MAIN).getFailureReport().getDetails()).as(rule.getDescription()).isEmpty();
    }
}
