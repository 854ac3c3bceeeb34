package dev.ghp.agents.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Data flows one way, from the command line down to git (docs/architecture.md, "Layers"): a
 * package imports only from the layers below its own, and from the leaves. The order is written
 * here once, top to bottom; docs/architecture.md draws the same list.
 */
class LayersTest {

    /** A layer: its name, as the failure report and the docs say it, and its packages. */
    record Layer(String name, String... packages) {
    }

    /** Top to bottom: a layer may import from any layer after it, never from one before it. */
    static final List<Layer> LAYERS = List.of(
            new Layer("Entry", "dev.ghp.agents", "dev.ghp.agents.daemon..", "dev.ghp.agents.perf.."),
            new Layer("Commands", "dev.ghp.agents.cli.."),
            new Layer("Integrations", "dev.ghp.agents.hooks..", "dev.ghp.agents.handoff..", "dev.ghp.agents.github..",
                    "dev.ghp.agents.sync..", "dev.ghp.agents.mem0..", "dev.ghp.agents.render..", "dev.ghp.agents.ghp..", "dev.ghp.agents.web..",
                    "dev.ghp.agents.heartbeat.."),
            new Layer("Merge", "dev.ghp.agents.merge.."),
            new Layer("Rules", "dev.ghp.agents.rules.."),
            new Layer("Input", "dev.ghp.agents.input.."),
            new Layer("Repository", "dev.ghp.agents.config..", "dev.ghp.agents.git.."),
            new Layer("Store", "dev.ghp.agents.store.."),
            new Layer("Model", "dev.ghp.agents.model.."));

    /** Importable from every layer; they import nothing of the project but each other. */
    static final Layer LEAVES = new Layer("Leaves",
            "dev.ghp.agents.text..", "dev.ghp.agents.errors..", "dev.ghp.agents.trace..");

    static final JavaClasses MAIN = InvocationContextTest.MAIN;

    /** The rule's violations, each on a line of the failure message; none when it holds. */
    private static void assertHolds(ArchRule rule) {
        EvaluationResult result = rule.evaluate(MAIN);
        assertThat(result.getFailureReport().getDetails()).as(rule.getDescription()).isEmpty();
    }

    @Test
    void eachLayerImportsOnlyFromTheLayersBelowItAndTheLeaves() {
        LayeredArchitecture rule = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (Layer layer : LAYERS) {
            rule = rule.layer(layer.name()).definedBy(layer.packages());
        }
        rule = rule.layer(LEAVES.name()).definedBy(LEAVES.packages());
        rule = rule.whereLayer(LAYERS.get(0).name()).mayNotBeAccessedByAnyLayer();
        for (int i = 1; i < LAYERS.size(); i++) {
            String[] above = LAYERS.subList(0, i).stream().map(Layer::name).toArray(String[]::new);
            rule = rule.whereLayer(LAYERS.get(i).name()).mayOnlyBeAccessedByLayers(above);
        }
        rule = rule.whereLayer(LEAVES.name()).mayNotAccessAnyLayer();
        assertHolds(rule);
    }

    @Test
    void noPackageIsInAnImportCycle() {
        assertHolds(slices().matching("dev.ghp.agents.(*)..").should().beFreeOfCycles());
    }

    @Test
    void everyPackageBelongsToALayer() {
        List<String> known = new ArrayList<>();
        LAYERS.forEach(l -> known.addAll(List.of(l.packages())));
        known.addAll(List.of(LEAVES.packages()));
        assertHolds(classes()
                .should().resideInAnyPackage(known.toArray(String[]::new))
                .because("a new package takes its place in the layer order (docs/architecture.md, \"Layers\")"));
    }

    @Test
    void theArchitectureDocDrawsTheSameLayers() throws IOException {
        Map<String, List<String>> drawn = drawnLayers(Path.of("docs", "architecture.md"));
        List<Layer> all = new ArrayList<>(LAYERS);
        all.add(LEAVES);
        assertThat(drawn.keySet()).containsExactlyElementsOf(all.stream().map(Layer::name).toList());
        for (Layer layer : all) {
            List<String> folders = new ArrayList<>();
            for (String p : layer.packages()) {
                folders.add(p.equals("dev.ghp.agents") ? "Main" : p.substring(p.lastIndexOf('.', p.length() - 3) + 1,
                        p.length() - 2) + "/");
            }
            assertThat(drawn.get(layer.name())).as(layer.name()).containsExactlyInAnyOrderElementsOf(folders);
        }
    }

    /**
     * The drawing under "## Layers": a line starting in column 0 names a layer, a line indented by
     * two spaces one of its packages (deeper lines are sub-packages or continuations).
     */
    static Map<String, List<String>> drawnLayers(Path doc) throws IOException {
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        String section = text.substring(text.indexOf("## Layers"));
        int open = section.indexOf("```\n") + 4;
        String drawing = section.substring(open, section.indexOf("```", open));
        Map<String, List<String>> layers = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : drawing.split("\n")) {
            if (line.isBlank() || line.startsWith("bin/")) {
                continue;
            }
            if (!line.startsWith(" ")) {
                current = new ArrayList<>();
                layers.put(line.split("\\s+")[0], current);
            } else if (line.startsWith("  ") && !line.startsWith("   ") && current != null) {
                current.add(line.trim().split("\\s+")[0]);
            }
        }
        return layers;
    }
}
