package dev.ghp.agents.merge;

import static dev.ghp.agents.merge.Records.agent;
import static dev.ghp.agents.merge.Records.at;
import static dev.ghp.agents.merge.Records.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.ghp.agents.model.AgentDecision;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.rules.DecisionEffects;
import dev.ghp.agents.rules.ScopeOverlap;
import dev.ghp.agents.store.DecisionPrune;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A clone offline longer than the decision horizon meets a record whose history was pruned, so the
 * two share no base (#21): the decision file it still holds is not brought back, not carried out
 * again, and its id leaves every record's {@code decided}; whichever side runs the merge.
 */
class DecisionHorizonTest {
    private final RecordMerge merge = new RecordMerge(new ClaimConflicts(Duration.ofMinutes(10), ScopeOverlap.EXACT));

    @Test
    void aPrunedDecisionFromAnOfflineCloneIsNeitherBroughtBackNorCarriedOutAgain() {
        AgentDecision old = AgentDecision.of("dec-0000000c", AgentDecision.Kind.TAKEOVER, "holder", "taker", at(0),
                "dec-0000000c", AgentDecision.Effect.released(7, List.of("src/x/**"), null), null, "holder", "taker");
        AgentRecord holding = agent(7, "implementing", "on #7", at(0)).toBuilder().files(List.of("src/x/**")).build();
        // Offline: the take-over, and the holder's record as it carried it out.
        RecordTree offline = Records.tree(Map.of("holder", DecisionEffects.apply(holding, old)))
                .with(old.path(), FileContent.of(AgentDecision.write(old)));
        // Pruned: the holder took #7 and src/x/** back later, knowing the take-over; then the prune.
        AgentRecord back = AgentDecision.withDecided(agent(7, "implementing", "back on #7", at(90)), List.of(old.id()))
                .toBuilder().files(List.of("src/x/**")).build();
        StatusDocument before = status(Records.tree(Map.of("holder", back)));
        StatusDocument pruned = DecisionPrune.onlyExisting(before, java.util.Set.of());
        pruned = new StatusDocument(pruned.schemaVersion(), new TreeMap<>(pruned.agents()),
                Map.of(DecisionPrune.PRUNED_BEFORE, TextNode.valueOf(StatusCodec.formatInstant(at(60)))));
        RecordTree prunedTree = Records.withStatus(RecordTree.EMPTY, pruned);

        for (boolean oursOffline : List.of(true, false)) {
            RecordMerge.Result r = oursOffline
                    ? merge.merge(RecordTree.EMPTY, RecordMerge.Side.of(offline), RecordMerge.Side.of(prunedTree))
                    : merge.merge(RecordTree.EMPTY, RecordMerge.Side.of(prunedTree), RecordMerge.Side.of(offline));
            AgentRecord holder = status(r.tree()).agents().get("holder");

            assertThat(r.tree().files()).as("the pruned file").doesNotContainKey(old.path());
            assertThat(holder.issue()).as("the holder keeps #7").isEqualTo(7);
            assertThat(holder.files()).containsExactly("src/x/**");
            assertThat(AgentDecision.decided(holder)).isEmpty();
        }
    }
}
