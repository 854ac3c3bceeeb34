package dev.ghp.agents.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.ArrayList;
import java.util.List;
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
                    "dev.ghp.agents.sync..", "dev.ghp.agents.mem0..", "dev.ghp.agents.render..", "dev.ghp.agents.ghp.."),
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
        rule.check(MAIN);
    }

    @Test
    void noPackageIsInAnImportCycle() {
        slices().matching("dev.ghp.agents.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void everyPackageBelongsToALayer() {
        List<String> known = new ArrayList<>();
        LAYERS.forEach(l -> known.addAll(List.of(l.packages())));
        known.addAll(List.of(LEAVES.packages()));
        classes()
                .should().resideInAnyPackage(known.toArray(String[]::new))
                .because("a new package takes its place in the layer order (docs/architecture.md, \"Layers\")")
                .check(MAIN);
    }
}
