package dev.ghp.agents.rules.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ghp.agents.errors.UsageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.eclipse.jgit.ignore.FastIgnoreRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The overlap rules as a specification: pairs of patterns that do and do not overlap, and a
 * cross-check against JGit's own gitignore matcher, which serves as the independent oracle.
 */
class PatternOverlapTest {

    @ParameterizedTest(name = "{0}  ∩  {1}")
    @CsvSource(delimiter = '|', textBlock = """
            src/**              | src/**
            src/**              | *.java
            src/**              | src/parser/Lexer.java
            src/                | src/main/A.java
            *.md                | docs/**
            docs/*.md           | **/README.md
            docs/               | docs/api.md
            build               | build/out.o
            /build              | build/x
            build/              | build
            a/**/b              | a/x/y/b
            a/**/b              | a/b
            a/*/c               | a/b/*
            a/b/c               | a/*/c
            **/test/**          | src/test/A.java
            src/[a-m]*.java     | src/lexer.java
            src/[!a]*.java      | src/b.java
            src/[[:digit:]]*    | src/9lives
            *.java              | Foo.java
            ?.md                | a.md
            pom.xml             | pom.xml
            pom.xml             | **/pom.xml
            **                  | docs/a.md
            **                  | *
            a*b                 | a/b
            a/**                | a/b/c/d
            src/*               | src/main/A.java
            src/**/*.java       | src/Main.java
            **/*.java           | src/**/Main.*
            docs/**/*.md        | docs/api/**
            \\*literal          | *literal
            data/file[0-9].csv  | data/file7.csv
            x/                  | **/x/**
            src/**              | /src
            foo/**              | /foo
            **/x/**             | /x
            a/**/b              | a/c
            src/parser          | src/parser/Parser.java
            README.md           | /README.md
            **/README.md        | README.md
            lib.d/              | lib.d/x.c
            .github             | .github/workflows/ci.yml
            """)
    void overlapping(String a, String b) {
        ScopePattern pa = ScopePattern.parse(a);
        ScopePattern pb = ScopePattern.parse(b);
        Optional<String> example = PatternOverlap.example(pa, pb);
        assertThat(example).as("%s and %s should overlap", a, b).isPresent();
        assertThat(PatternOverlap.example(pb, pa)).as("overlap is symmetric").isPresent();
        String path = example.get();
        assertThat(ScopePattern.isValidPath(path)).as(path).isTrue();
        assertThat(pa.covers(path)).as("%s covers %s", a, path).isTrue();
        assertThat(pb.covers(path)).as("%s covers %s", b, path).isTrue();
        assertThat(jgitCovers(a, path)).as("JGit: %s covers %s", a, path).isTrue();
        assertThat(jgitCovers(b, path)).as("JGit: %s covers %s", b, path).isTrue();
    }

    @ParameterizedTest(name = "{0}  ∩  {1} = ∅")
    @CsvSource(delimiter = '|', textBlock = """
            src/**              | docs/**
            /pom.xml            | sub/pom.xml
            src/*.java          | src/main/A.java
            src/*.java          | src/*.md
            src/*.java          | test/**
            docs/*.md           | docs/api/**
            a/*/c               | a/b/d
            /README.md          | /docs/**
            /build/             | /src/**
            src/[a-m]*.java     | src/z*.java
            src/[!a-y]*.java    | src/[a-y]*
            /*.md               | docs/**
            /?.md               | /ab.md
            /a?                 | /abc
            a/**/b/             | /c/**
            data/file[0-9].csv  | data/file[a-z].csv
            /\\*literal         | /xliteral
            /x/**               | /y/**
            src/main/**         | src/test/**
            src/Main.java       | src/Main.kt
            README.md           | src/parser/Parser.java
            *.java              | *.md
            *.java              | /README.md
            build/              | /build.gradle
            pom.xml             | src/**/*.java
            src                 | lib/src/x.c
            pom.xml             | sub/pom.xml
            build/              | /src/**
            README.md           | src/parser/README.md
            """)
    void disjoint(String a, String b) {
        ScopePattern pa = ScopePattern.parse(a);
        ScopePattern pb = ScopePattern.parse(b);
        assertThat(PatternOverlap.example(pa, pb)).as("%s and %s should be disjoint", a, b).isEmpty();
        assertThat(PatternOverlap.example(pb, pa)).isEmpty();
    }

    @Test
    void theExampleIsShortAndReadable() {
        assertThat(PatternOverlap.example(ScopePattern.parse("src/**"), ScopePattern.parse("*.java")))
                .contains("src/x.java");
        assertThat(PatternOverlap.example(ScopePattern.parse("pom.xml"), ScopePattern.parse("**/*.xml")))
                .contains("pom.xml");
    }

    @Test
    void patternsThatSayTheSameThingHaveOneCanonicalForm() {
        assertThat(ScopePattern.parse("a//b/").canonical()).isEqualTo("a/b/");
        assertThat(ScopePattern.parse(" /pom.xml ").canonical()).isEqualTo("/pom.xml");
        assertThat(ScopePattern.parse("src/**").canonical()).isEqualTo("src/**");
        assertThat(ScopePattern.parse("src/").canonical()).isNotEqualTo(ScopePattern.parse("src").canonical());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            !src/**       | negation
            #notes        | comment
            ./src/**      | segment
            src/../x      | segment
            /             | names no file
            src/[abc      | without its ']'
            src/[z-a]     | reversed range
            trailing\\    | lone backslash
            [[:nope:]]    | character class
            """)
    void badPatternsAreRefusedAsUsageErrors(String pattern, String reason) {
        assertThatThrownBy(() -> ScopePattern.parse(pattern))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void emptyAndOverlongPatternsAreRefused() {
        assertThatThrownBy(() -> ScopePattern.parse("  ")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> ScopePattern.parse("a".repeat(300))).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> ScopePattern.parse("a\u001b[31m")).isInstanceOf(UsageException.class);
    }

    /**
     * Path matching agrees with JGit's gitignore matcher on every pattern of a generated set and
     * every path of a generated set, and the overlap decision agrees with brute force over those
     * paths: whenever some path is covered by both patterns (per JGit), an overlap is found, and
     * every example found is covered by both (per JGit).
     */
    @Test
    void agreesWithJGitOnGeneratedPatternsAndPaths() {
        Random random = new Random(20250125);
        List<String> patterns = new ArrayList<>();
        for (int i = 0; i < 160; i++) {
            patterns.add(randomPattern(random));
        }
        List<String> paths = allPaths();
        int pairs = 0;
        int overlaps = 0;
        for (String p : patterns) {
            ScopePattern sp = ScopePattern.parse(p);
            for (String path : paths) {
                assertThat(sp.covers(path)).as("'%s' covers '%s'", p, path).isEqualTo(jgitCovers(p, path));
            }
        }
        for (int i = 0; i < patterns.size(); i++) {
            for (int j = i; j < patterns.size(); j++) {
                String a = patterns.get(i);
                String b = patterns.get(j);
                Optional<String> example = PatternOverlap.example(ScopePattern.parse(a), ScopePattern.parse(b));
                boolean bruteForce = paths.stream().anyMatch(p -> jgitCovers(a, p) && jgitCovers(b, p));
                if (bruteForce) {
                    assertThat(example).as("'%s' and '%s' share a path", a, b).isPresent();
                }
                example.ifPresent(path -> {
                    assertThat(jgitCovers(a, path)).as("JGit: '%s' covers '%s'", a, path).isTrue();
                    assertThat(jgitCovers(b, path)).as("JGit: '%s' covers '%s'", b, path).isTrue();
                });
                pairs++;
                overlaps += example.isPresent() ? 1 : 0;
            }
        }
        System.out.printf("scope overlap cross-check: %d patterns x %d paths; %d pairs, %d overlapping%n",
                patterns.size(), paths.size(), pairs, overlaps);
        assertThat(overlaps).isBetween(1, pairs - 1);
    }

    /**
     * JGit's reading of the pattern, with the one rule ghp adds: a pattern whose last name has an
     * extension names files, so it must match the path itself (pathMatch=true); any other may match
     * the path or one of its parent directories (pathMatch=false), as git ignores them.
     */
    private static boolean jgitCovers(String pattern, String path) {
        String p = pattern.strip();
        if (!p.startsWith("/") && !p.matches(".*[*?\\[].*")) {
            p = "/" + p; // a path without a wildcard is that path from the root
        }
        boolean namesFiles = !p.endsWith("/") && p.substring(p.lastIndexOf('/') + 1).matches(".+\\.[A-Za-z0-9_+~-]+");
        return new FastIgnoreRule(p).isMatch(path, false, namesFiles);
    }

    @Test
    void aPathWithAnExtensionIsThatFileNotADirectory() {
        assertThat(ScopePattern.parse("README.md").namesFiles()).isTrue();
        assertThat(ScopePattern.parse("src/*.java").namesFiles()).isTrue();
        assertThat(ScopePattern.parse("src/parser").namesFiles()).isFalse();
        assertThat(ScopePattern.parse("lib.d/").namesFiles()).isFalse();
        assertThat(ScopePattern.parse("README.md").covers("docs/README.md")).as("a path is from the root").isFalse();
        assertThat(ScopePattern.parse("README.md").canonical()).isEqualTo("/README.md");
        assertThat(ScopePattern.parse("*.md").covers("docs/README.md")).as("a glob matches at any depth").isTrue();
        assertThat(ScopePattern.parse("README.md").covers("README.md/x")).isFalse();
        assertThat(ScopePattern.parse("src/parser").covers("src/parser/Parser.java")).isTrue();
    }

    private static final String[] NAMES = {"a", "b", "ab", "a.md", "b.java", "x"};

    /** Every path of one to three segments over a few names. */
    private static List<String> allPaths() {
        List<String> out = new ArrayList<>();
        for (String n1 : NAMES) {
            out.add(n1);
            for (String n2 : NAMES) {
                out.add(n1 + "/" + n2);
                for (String n3 : NAMES) {
                    out.add(n1 + "/" + n2 + "/" + n3);
                }
            }
        }
        return out;
    }

    private static final String[] SEGMENTS = {"a", "b", "ab", "*", "a*", "*.md", "*.java", "?", "[ab]", "[!a]*", "**", "x", "a.md"};

    private static String randomPattern(Random r) {
        int n = 1 + r.nextInt(3);
        StringBuilder b = new StringBuilder();
        if (r.nextInt(4) == 0) {
            b.append('/');
        }
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append('/');
            }
            b.append(SEGMENTS[r.nextInt(SEGMENTS.length)]);
        }
        if (r.nextInt(5) == 0) {
            b.append('/');
        }
        String p = b.toString();
        return p.equals("/**") || p.equals("/**/") ? "**" : p;
    }
}
