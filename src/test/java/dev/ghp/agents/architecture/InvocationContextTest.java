package dev.ghp.agents.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaCodeUnitAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.File;
import java.io.FileReader;
import java.io.FileWriter;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/**
 * Every command runs in its caller's context, passed in as {@code Environment} (docs/decisions.md,
 * "The invocation context"): in the daemon, one JVM serves many callers, so whatever a command
 * reads from the JVM itself (its environment, directory, zone, locale, charset) is some other
 * caller's. This keeps it so: no code outside the few places listed in {@link #ALLOWED} may reach
 * for JVM-wide state, or call the JDK methods that read it behind the caller's back.
 */
class InvocationContextTest {

    /** A JDK member that reads JVM-wide state, and what to use instead. */
    record Forbidden(Class<?> owner, String name, List<Class<?>> parameters, String instead) {
        boolean matches(JavaCodeUnitAccess<?> call) {
            if (!call.getTargetOwner().isEquivalentTo(owner) || !call.getName().equals(name)) {
                return false;
            }
            List<JavaClass> actual = call.getTarget().getRawParameterTypes();
            if (actual.size() != parameters.size()) {
                return false;
            }
            for (int i = 0; i < actual.size(); i++) {
                if (!actual.get(i).isEquivalentTo(parameters.get(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    private static Forbidden ban(Class<?> owner, String name, String instead, Class<?>... parameters) {
        return new Forbidden(owner, name, List.of(parameters), instead);
    }

    private static final String ENV = "the command's Environment";
    private static final String ROOT = "an explicit Locale (Locale.ROOT for machine text, env.locale() for people)";
    private static final String UTF8 = "an explicit charset (StandardCharsets.UTF_8)";

    static final List<Forbidden> FORBIDDEN = List.of(
            ban(System.class, "getenv", ENV + ".variables()"),
            ban(System.class, "getenv", ENV + ".get(name)", String.class),
            ban(System.class, "getProperty", ENV + " (user.dir: workingDirectory(), user.home: HOME)", String.class),
            ban(System.class, "getProperty", ENV, String.class, String.class),
            ban(System.class, "getProperties", ENV),
            ban(Path.class, "toAbsolutePath", ENV + ".workingDirectory().resolve(path)"),
            ban(File.class, "getAbsolutePath", ENV + ".workingDirectory().resolve(path)"),
            ban(File.class, "getAbsoluteFile", ENV + ".workingDirectory().resolve(path)"),
            ban(TimeZone.class, "getDefault", ENV + ".zone()"),
            ban(TimeZone.class, "setDefault", ENV + ".zone()", TimeZone.class),
            ban(ZoneId.class, "systemDefault", ENV + ".zone()"),
            ban(Clock.class, "systemDefaultZone", ENV + ".clock()"),
            ban(Locale.class, "getDefault", ENV + ".locale()"),
            ban(Locale.class, "getDefault", ENV + ".locale()", Locale.Category.class),
            ban(Locale.class, "setDefault", ENV + ".locale()", Locale.class),
            ban(Charset.class, "defaultCharset", UTF8),
            ban(String.class, "getBytes", UTF8),
            ban(String.class, "<init>", UTF8, byte[].class),
            ban(String.class, "<init>", UTF8, byte[].class, int.class, int.class),
            ban(FileReader.class, "<init>", UTF8, String.class),
            ban(FileReader.class, "<init>", UTF8, File.class),
            ban(FileWriter.class, "<init>", UTF8, String.class),
            ban(FileWriter.class, "<init>", UTF8, File.class),
            ban(FileWriter.class, "<init>", UTF8, String.class, boolean.class),
            ban(FileWriter.class, "<init>", UTF8, File.class, boolean.class),
            ban(InputStreamReader.class, "<init>", UTF8, InputStream.class),
            ban(OutputStreamWriter.class, "<init>", UTF8, OutputStream.class),
            ban(PrintStream.class, "<init>", UTF8, OutputStream.class),
            ban(PrintStream.class, "<init>", UTF8, OutputStream.class, boolean.class),
            ban(PrintStream.class, "<init>", UTF8, String.class),
            ban(PrintStream.class, "<init>", UTF8, File.class),
            ban(PrintWriter.class, "<init>", UTF8, OutputStream.class),
            ban(PrintWriter.class, "<init>", UTF8, OutputStream.class, boolean.class),
            ban(PrintWriter.class, "<init>", UTF8, String.class),
            ban(PrintWriter.class, "<init>", UTF8, File.class),
            ban(String.class, "format", ROOT, String.class, Object[].class),
            ban(String.class, "formatted", ROOT, Object[].class),
            ban(PrintWriter.class, "printf", ROOT, String.class, Object[].class),
            ban(PrintWriter.class, "format", ROOT, String.class, Object[].class),
            ban(PrintStream.class, "printf", ROOT, String.class, Object[].class),
            ban(PrintStream.class, "format", ROOT, String.class, Object[].class),
            ban(String.class, "toLowerCase", ROOT),
            ban(String.class, "toUpperCase", ROOT),
            ban(DateTimeFormatter.class, "ofPattern", ROOT, String.class));

    /**
     * The only places that may read the JVM's state, each for a reason that holds for every
     * caller of the JVM: "Class.method" of the code that makes the call.
     */
    static final Map<String, String> ALLOWED = Map.ofEntries(
            Map.entry("dev.ghp.agents.Main.main", "a process of its own: its JVM's state is its caller's"),
            Map.entry("dev.ghp.agents.daemon.Daemon.main", "the daemon's start: its state file's path, the machine's zone"),
            Map.entry("dev.ghp.agents.cli.Environment.system", "builds the context of a command that has its own JVM"),
            Map.entry("dev.ghp.agents.cli.Environment.systemZone", "the machine's zone (the daemon starts without TZ)"),
            Map.entry("dev.ghp.agents.trace.Trace.<clinit>", "GHP_TRACE: timings of the process itself, read before main runs"),
            Map.entry("dev.ghp.agents.perf.Preload.start", "GHP_PRELOAD: started from Main only, before any command"),
            Map.entry("dev.ghp.agents.perf.Preload.run", "class warm-up from Main only; the value is thrown away"),
            Map.entry("dev.ghp.agents.git.JGitSetup$NoForkSystemReader.fileStoreDefaults",
                    "the JVM's vendor and version, the key JGit itself uses: a fact of the JVM, not of a caller"),
            Map.entry("dev.ghp.agents.daemon.StateDirectory.prepare", "user.name: the daemon serves only its own user"),
            Map.entry("dev.ghp.agents.cli.GhpCommand$Version.getVersion", "--version names the JVM that runs it"),
            Map.entry("dev.ghp.agents.git.RepoLocator.shared",
                    "keys kept repositories by git dir, already absolute (RepoLocator.builder resolves it from the caller's directory)"));

    /** The production classes, read once (the build's output, no jars). */
    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.ghp.agents");

    @Test
    void noCodeReadsJvmWideStateOutsideTheListedPlaces() {
        classes().should(readNoJvmWideState()).check(MAIN);
    }

    static ArchCondition<JavaClass> readNoJvmWideState() {
        return new ArchCondition<>("read no JVM-wide state: a command's context is its Environment (docs/decisions.md)") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                for (JavaCodeUnitAccess<?> call : javaClass.getCodeUnitAccessesFromSelf()) {
                    for (Forbidden f : FORBIDDEN) {
                        if (f.matches(call) && !allowed(call.getOrigin())) {
                            events.add(SimpleConditionEvent.violated(call, call.getDescription()
                                    + "\n    which reads the JVM's own state, in the daemon another caller's: use "
                                    + f.instead() + " instead"));
                        }
                    }
                }
            }
        };
    }

    /** Lambdas count as the method they are written in ({@code lambda$main$0} is in {@code main}). */
    static boolean allowed(JavaCodeUnit origin) {
        String name = origin.getName();
        if (name.startsWith("lambda$")) {
            name = name.substring("lambda$".length(), name.lastIndexOf('$'));
        }
        return ALLOWED.containsKey(origin.getOwner().getName() + "." + name);
    }

    @Test
    void theListedPlacesExist() {
        for (String place : ALLOWED.keySet()) {
            int dot = place.lastIndexOf('.');
            JavaClass owner = MAIN.get(place.substring(0, dot));
            Set<String> names = new java.util.HashSet<>();
            owner.getCodeUnits().forEach(u -> names.add(u.getName()));
            org.assertj.core.api.Assertions.assertThat(names).as("allowed place %s", place).contains(place.substring(dot + 1));
        }
    }
}
