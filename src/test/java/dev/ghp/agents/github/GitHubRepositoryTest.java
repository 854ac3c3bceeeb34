package dev.ghp.agents.github;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GitHubRepositoryTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            https://github.com/octo/widgets.git                     | github.com     | octo | widgets
            https://github.com/octo/widgets                         | github.com     | octo | widgets
            https://github.com/octo/widgets/                        | github.com     | octo | widgets
            https://x-access-token:s3cr3t@github.com/octo/widgets   | github.com     | octo | widgets
            git@github.com:octo/widgets.git                         | github.com     | octo | widgets
            git@github.com:octo/my.dotted.repo.git                  | github.com     | octo | my.dotted.repo
            ssh://git@github.com/octo/widgets.git                   | github.com     | octo | widgets
            ssh://git@github.com:22/octo/widgets.git                | github.com     | octo | widgets
            https://GHE.example.com/team/tool.git                   | ghe.example.com| team | tool
            """)
    void parsesHttpsAndSshRemotes(String url, String host, String owner, String name) {
        GitHubRepository r = GitHubRepository.fromRemoteUrl(url).orElseThrow();
        assertThat(r.host()).isEqualTo(host.trim());
        assertThat(r.owner()).isEqualTo(owner.trim());
        assertThat(r.name()).isEqualTo(name.trim());
        assertThat(r.toString()).doesNotContain("s3cr3t");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/srv/git/repo.git", "file:///srv/git/repo.git", "https://github.com/only-owner", "../sibling"})
    void rejectsWhatIsNotAHostedRepository(String url) {
        assertThat(GitHubRepository.fromRemoteUrl(url)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void enterpriseHostsGetTheirOwnApiEndpoint() {
        assertThat(GitHubRepository.fromRemoteUrl("git@github.com:o/r.git").orElseThrow().defaultApiUrl())
                .isEqualTo("https://api.github.com");
        assertThat(GitHubRepository.fromRemoteUrl("git@ghe.example.com:o/r.git").orElseThrow().defaultApiUrl())
                .isEqualTo("https://ghe.example.com/api/v3");
    }
}
