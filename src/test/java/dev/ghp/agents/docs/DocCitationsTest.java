package dev.ghp.agents.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The sources and docs cite the rules they follow by a section of a page in docs/ ({@code
 * docs/design.md#the-write-protocol}); a reader with only the repository must find it there. So no
 * citation leads outside the repository (the design brief's {@code DESIGN §n}), and every
 * {@code page.md#anchor} names a heading of that page.
 */
class DocCitationsTest {
    private static final List<Path> ROOTS = List.of(Path.of("src/main"), Path.of("src/test"), Path.of("docs"), Path.of("README.md"));
    private static final Pattern CITATION = Pattern.compile("(?:docs/)?([a-z-]+\\.md)#([a-z0-9_-]+)");
    private static final Pattern OUTSIDE = Pattern.compile("DESIGN\\s+§");

    @Test
    void nothing_cites_the_design_brief_that_is_not_in_the_repository() {
        List<String> found = new ArrayList<>();
        for (Path file : sources()) {
            String[] lines = read(file).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (OUTSIDE.matcher(lines[i]).find() && !file.endsWith("DocCitationsTest.java")) {
                    found.add(file + ":" + (i + 1));
                }
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void every_cited_section_is_a_heading_of_its_page() {
        List<String> broken = new ArrayList<>();
        int citations = 0;
        for (Path file : sources()) {
            Matcher m = CITATION.matcher(read(file));
            while (m.find()) {
                Path page = Path.of("docs", m.group(1));
                if (!Files.isRegularFile(page)) {
                    continue; // a page elsewhere (GHP's, a man page): not ours to check
                }
                citations++;
                if (!anchors(page).contains(m.group(2))) {
                    broken.add(file + ": " + m.group());
                }
            }
        }
        assertThat(broken).isEmpty();
        assertThat(citations).isPositive();
    }

    /** GitHub's anchors: the heading in lower case, punctuation dropped, spaces as hyphens. */
    private static Set<String> anchors(Path page) {
        return read(page).lines().filter(line -> line.startsWith("#"))
                .map(line -> line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'))
                .collect(Collectors.toSet());
    }

    private static List<Path> sources() {
        List<Path> files = new ArrayList<>();
        for (Path root : ROOTS) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile)
                        .filter(f -> f.toString().endsWith(".java") || f.toString().endsWith(".md"))
                        .forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
