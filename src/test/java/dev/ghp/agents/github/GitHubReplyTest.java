package dev.ghp.agents.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.model.Escalation;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The first line of a reply on GitHub, and who GitHub says may answer (#24). */
class GitHubReplyTest {

    private static Escalation of(Escalation.Kind kind) {
        return Escalation.open("esc-0b1c2d3e", kind, "q", 147, "worker-1", Instant.parse("2025-01-25T10:30:00Z"));
    }

    @Test
    void answerTakesTheRestOfTheFirstLineAndTheLinesAfterIt() {
        GitHubReply r = GitHubReply.parse("  /answer Yes, tabs\r\nand spaces too\n").orElseThrow();
        assertThat(r.verb()).isEqualTo(GitHubReply.Verb.ANSWER);
        assertThat(r.text()).isEqualTo("Yes, tabs\nand spaces too");
        assertThat(r.escalationId()).isNull();
    }

    @Test
    void approveAndDenyTakePatternsAndAnIdFirst() {
        GitHubReply r = GitHubReply.parse("/approve esc-0b1c2d3e docs/** /README.md").orElseThrow();
        assertThat(r.escalationId()).isEqualTo("esc-0b1c2d3e");
        assertThat(r.arguments()).containsExactly("docs/**", "/README.md");
        assertThat(GitHubReply.parse("/deny").orElseThrow().arguments()).isEmpty();
    }

    @Test
    void awardTakesExactlyOneAgent() {
        GitHubReply r = GitHubReply.parse("/award worker-2\nworker-2 takes #150").orElseThrow();
        assertThat(r.arguments()).containsExactly("worker-2");
        assertThat(r.text()).isEqualTo("worker-2 takes #150");
        assertThat(GitHubReply.parse("/award")).isEmpty();
        assertThat(GitHubReply.parse("/award a b")).isEmpty();
    }

    @Test
    void conversationAndCommandsNotOnTheFirstLineAreNoReply() {
        assertThat(GitHubReply.parse("Thanks!\n/answer yes")).isEmpty();
        assertThat(GitHubReply.parse("/answered yes")).isEmpty();
        assertThat(GitHubReply.parse("/answer   ")).isEmpty();
        assertThat(GitHubReply.parse("> /answer quoted")).isEmpty();
        assertThat(GitHubReply.parse(null)).isEmpty();
    }

    @Test
    void eachCommandFitsItsKinds() {
        assertThat(GitHubReply.Verb.ANSWER.fits(of(Escalation.Kind.QUESTION))).isTrue();
        assertThat(GitHubReply.Verb.ANSWER.fits(of(Escalation.Kind.CONFLICT))).isTrue();
        assertThat(GitHubReply.Verb.ANSWER.fits(of(Escalation.Kind.APPROVAL))).isFalse();
        assertThat(GitHubReply.Verb.APPROVE.fits(of(Escalation.Kind.APPROVAL))).isTrue();
        assertThat(GitHubReply.Verb.DENY.fits(of(Escalation.Kind.DECISION))).isFalse();
        assertThat(GitHubReply.Verb.AWARD.fits(of(Escalation.Kind.CONFLICT))).isTrue();
        assertThat(GitHubReply.Verb.AWARD.fits(of(Escalation.Kind.QUESTION))).isFalse();
    }

    @Test
    void writeMaintainAndAdminMayAnswerTriageAndReadMayNot() {
        // GitHub's legacy "permission" shows maintain as write and triage as read; role_name tells them apart.
        for (List<String> p : List.of(List.of("admin", "admin"), List.of("write", "maintain"), List.of("write", "write"),
                List.of("write", "release-manager"))) {
            assertThat(new Permission("alice", p.get(0), p.get(1)).canWrite()).as(p.toString()).isTrue();
        }
        for (List<String> p : List.of(List.of("read", "triage"), List.of("read", "read"), List.of("none", ""))) {
            assertThat(new Permission("bob", p.get(0), p.get(1)).canWrite()).as(p.toString()).isFalse();
        }
        assertThat(new Permission("carol", "none", null).canWrite()).isFalse();
        assertThat(new Permission("alice", "write", "maintain").shown()).isEqualTo("maintain");
    }
}
