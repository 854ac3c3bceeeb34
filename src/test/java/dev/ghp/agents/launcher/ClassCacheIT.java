package dev.ghp.agents.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ghp.agents.testing.GitRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The class caches made at {@code mvn package}: used when they fit, ignored without a word when they do not. */
class ClassCacheIT {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path JAVA_17 = Path.of(System.getProperty("java.home"), "bin", "java");

    @TempDir
    Path tmp;

    @Test
    void launcherRunsTheJvmTheBuildMadeACacheForAndLoadsOurClassesFromIt() throws IOException {
        Path launch = ROOT.resolve("target/cache/launch.sh");
        assumeTrue(Files.isRegularFile(launch) && Files.readString(launch).contains("cache_opts=("),
                "the build made no class cache on this machine");

        GitRepo.Result r = ghp(ROOT.resolve("bin/ghp"), Map.of("GHP_JAVA_OPTS", "-Xlog:class+load:stderr"), "--version");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("ghp-agents ");
        assertThat(r.err()).contains("dev.ghp.agents.cli.Cli source: shared objects file");
    }

    @Test
    void aDamagedCacheIsIgnoredSilently() throws IOException {
        Path install = copyOfTheTool();
        Path garbage = install.resolve("target/cache/garbage");
        Files.write(garbage, new byte[4096]);
        String real17 = JAVA_17.toRealPath().toString();
        StringBuilder launch = new StringBuilder("cache_preferred_java=''\ncache_select() {\n  case \"$1\" in\n");
        launch.append("    '").append(real17).append("') cache_opts=(-XX:SharedArchiveFile=").append(garbage)
                .append(" -Xlog:cds=off) ;;\n");
        Path java25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
        if (Files.isExecutable(java25)) {
            launch.append("    '").append(java25.toRealPath()).append("') cache_opts=(-XX:AOTCache=").append(garbage)
                    .append(" -Xlog:aot=off -Xlog:cds=off) ;;\n");
        }
        launch.append("  esac\n}\n");
        Files.writeString(install.resolve("target/cache/launch.sh"), launch);

        List<Path> javas = Files.isExecutable(java25) ? List.of(JAVA_17, java25) : List.of(JAVA_17);
        for (Path java : javas) {
            GitRepo.Result r = ghp(install.resolve("bin/ghp"), Map.of("GHP_JAVA", java.toString()), "--version");
            assertThat(r.exit()).as("%s: %s", java, r.err()).isZero();
            assertThat(r.err()).as("stderr with %s", java).isEmpty();
            assertThat(r.out()).as("stdout with %s", java).matches("(?s)ghp-agents \\S+\nJava \\S+ .*\n");
        }
    }

    @Test
    void aCacheOlderThanTheJarIsNotUsed() throws IOException {
        Path install = copyOfTheTool();
        // A cache the JVM refuses to start with: used, it fails the command; so a run that works did not use it.
        String real17 = JAVA_17.toRealPath().toString();
        Path launch = install.resolve("target/cache/launch.sh");
        Files.writeString(launch, "cache_preferred_java=''\ncache_select() {\n  case \"$1\" in\n    '" + real17
                + "') cache_opts=(-XX:SharedArchiveFile=" + install.resolve("target/cache/missing.jsa") + " -Xshare:on) ;;\n  esac\n}\n");
        Path jar = install.resolve("target/ghp-agents.jar");
        Map<String, String> env = Map.of("GHP_JAVA", JAVA_17.toString());

        Files.setLastModifiedTime(launch, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
        assertThat(ghp(install.resolve("bin/ghp"), env, "--version").exit()).as("a cache as new as the jar is used").isNotZero();

        Files.setLastModifiedTime(launch, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
        GitRepo.Result r = ghp(install.resolve("bin/ghp"), env, "--version");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("ghp-agents ");
    }

    @Test
    void withoutAnyCacheTheLauncherStillRuns() throws IOException {
        Path install = copyOfTheTool();
        GitRepo.Result r = ghp(install.resolve("bin/ghp"), Map.of("GHP_JAVA", JAVA_17.toString()), "--version");
        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("ghp-agents ");
    }

    /** bin/ghp and the jar laid out as a checkout has them, with an empty cache folder. */
    private Path copyOfTheTool() throws IOException {
        Path install = tmp.resolve("install");
        Files.createDirectories(install.resolve("bin"));
        Files.createDirectories(install.resolve("target/cache"));
        Files.copy(ROOT.resolve("bin/ghp"), install.resolve("bin/ghp"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(ROOT.resolve("target/ghp-agents.jar"), install.resolve("target/ghp-agents.jar"));
        return install;
    }

    private GitRepo.Result ghp(Path launcher, Map<String, String> env, String... args) {
        Map<String, String> all = new HashMap<>(GitRepo.GIT_ENV);
        all.put("JAVA_HOME", "");
        all.putAll(env);
        List<String> cmd = new java.util.ArrayList<>(List.of(launcher.toString()));
        cmd.addAll(List.of(args));
        return GitRepo.Processes.run(tmp, all, null, cmd);
    }
}
