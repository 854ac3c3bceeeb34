package dev.ghp.agents.merge;

import static dev.ghp.agents.merge.Records.agent;
import static dev.ghp.agents.merge.Records.at;
import static dev.ghp.agents.merge.Records.escalation;
import static dev.ghp.agents.merge.Records.escalationAt;
import static dev.ghp.agents.merge.Records.status;
import static dev.ghp.agents.merge.Records.tree;
import static dev.ghp.agents.merge.Records.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.model.AgentDecision;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.rules.DecisionEffects;
import dev.ghp.agents.rules.ScopeOverlap;
import dev.ghp.agents.model.StorePaths;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecordMergeTest {
    private final RecordMerge merge = new RecordMerge(new ClaimConflicts(Duration.ofMinutes(10), ScopeOverlap.EXACT));

    private RecordMerge.Result merge(RecordTree base, RecordTree ours, RecordTree theirs) {
        RecordMerge.Result one = merge.merge(base, RecordMerge.Side.of(ours), RecordMerge.Side.of(theirs));
        RecordMerge.Result other = merge.merge(base, RecordMerge.Side.of(theirs), RecordMerge.Side.of(ours));
        assertThat(one.tree().sameAs(other.tree())).as("the merge gives the same tree whichever side runs it").isTrue();
        return one;
    }

    @Test
    void anApprovalOnOneSideSurvivesTheAgentsNewerHeartbeatOnTheOther() {
        AgentRecord waiting = agent(5, "implementing", "asked", at(0)).toBuilder().pendingFiles(List.of("/pom.xml")).build();
        RecordTree base = tree(Map.of("wb", waiting));
        AgentDecision approval = AgentDecision.of("dec-0000000a", AgentDecision.Kind.APPROVE, "wb", "alice", at(1),
                AgentDecision.aboutEscalation("esc-00000001"), AgentDecision.Effect.answered(List.of("/pom.xml"), List.of()),
                "esc-00000001", null, null);
        RecordTree approved = tree(Map.of("wb", DecisionEffects.apply(waiting, approval)))
                .with(approval.path(), FileContent.of(AgentDecision.write(approval)));
        RecordTree heartbeat = tree(Map.of("wb", waiting.toBuilder().lastAction("still waiting").timestamp(at(2)).build()));

        AgentRecord wb = status(merge(base, approved, heartbeat).tree()).agents().get("wb");

        assertThat(wb.lastAction()).as("the agent's own report is its own").isEqualTo("still waiting");
        assertThat(wb.files()).containsExactly("/pom.xml");
        assertThat(wb.pendingFiles()).isEmpty();
        assertThat(AgentDecision.decided(wb)).containsExactly("dec-0000000a");
    }

    @Test
    void aRecordWrittenAfterADecisionOnTheSameSideIsNotChangedByIt() {
        AgentDecision old = AgentDecision.of("dec-0000000b", AgentDecision.Kind.ASSIGN, "wd", "lead", at(0),
                AgentDecision.SUBJECT_WORK, AgentDecision.Effect.work(10, null, null), null, null, null);
        RecordTree base = RecordTree.EMPTY.with(old.path(), FileContent.of(AgentDecision.write(old)));
        RecordTree returned = Records.withAgents(base, Map.of("wd", agent(3, "implementing", "back on #3", at(5))));
        RecordTree other = Records.withAgents(base, Map.of("we", agent(4, "implementing", "x", at(5))));

        assertThat(status(merge(base, returned, other).tree()).agents().get("wd").issue())
                .as("wd signed on again after the assignment, knowing it").isEqualTo(3);
    }

    @Test
    void ofTwoAssignmentsFromTwoClonesTheLaterIsInEffectOnBoth() {
        AgentRecord worker = agent(3, "implementing", "x", at(0));
        RecordTree base = tree(Map.of("wd", worker));
        AgentDecision first = AgentDecision.of("dec-0000000c", AgentDecision.Kind.ASSIGN, "wd", "lead", at(1),
                AgentDecision.SUBJECT_WORK, AgentDecision.Effect.work(10, null, null), null, null, null);
        AgentDecision second = AgentDecision.of("dec-0000000d", AgentDecision.Kind.ASSIGN, "wd", "other", at(2),
                AgentDecision.SUBJECT_WORK, AgentDecision.Effect.work(11, null, null), null, null, null);
        RecordTree ours = tree(Map.of("wd", DecisionEffects.apply(worker, first).toBuilder().timestamp(at(3)).build()))
                .with(first.path(), FileContent.of(AgentDecision.write(first)));
        RecordTree theirs = tree(Map.of("wd", DecisionEffects.apply(worker, second)))
                .with(second.path(), FileContent.of(AgentDecision.write(second)));

        AgentRecord wd = status(merge(base, ours, theirs).tree()).agents().get("wd");

        assertThat(wd.issue()).isEqualTo(11);
        assertThat(AgentDecision.decided(wd)).containsExactlyInAnyOrder("dec-0000000c", "dec-0000000d");
    }

    @Test
    void agentsAddedOnEachSideAreAllKept() {
        RecordTree base = tree(Map.of("worker-1", agent("base", at(0))));
        RecordTree ours = tree(Map.of("worker-1", agent("base", at(0)), "worker-2", agent("ours", at(1))));
        RecordTree theirs = tree(Map.of("worker-1", agent("base", at(0)), "worker-3", agent("theirs", at(2))));

        assertThat(status(merge(base, ours, theirs).tree()).agents()).containsOnlyKeys("worker-1", "worker-2", "worker-3");
    }

    @Test
    void aChangeOnOneSideOnlyIsTakenEvenWithAnOlderTimestamp() {
        RecordTree base = tree(Map.of("worker-1", agent("base", at(5))));
        RecordTree ours = tree(Map.of("worker-1", agent("clock went back", at(3))));

        assertThat(status(merge(base, ours, base).tree()).agents().get("worker-1").lastAction()).isEqualTo("clock went back");
    }

    @Test
    void theNewerRecordWinsWhenBothSidesChangedTheSameAgent() {
        RecordTree base = tree(Map.of("worker-1", agent("base", at(0))));
        RecordTree ours = tree(Map.of("worker-1", agent("ours", at(2))));
        RecordTree theirs = tree(Map.of("worker-1", agent("theirs", at(1))));

        assertThat(status(merge(base, ours, theirs).tree()).agents().get("worker-1").lastAction()).isEqualTo("ours");
    }

    @Test
    void aTimestampTieGoesToTheGreaterSerializedRecordOnBothSides() {
        RecordTree base = tree(Map.of());
        RecordTree ours = tree(Map.of("worker-1", agent("aaa", at(1))));
        RecordTree theirs = tree(Map.of("worker-1", agent("zzz", at(1))));

        assertThat(status(merge(base, ours, theirs).tree()).agents().get("worker-1").lastAction()).isEqualTo("zzz");
    }

    @Test
    void aHeartbeatAfterASignOffOnTheOtherSideKeepsTheAgent() {
        RecordTree base = tree(Map.of("worker-1", agent("base", at(0))));
        RecordTree signedOff = tree(Map.of());
        RecordTree later = tree(Map.of("worker-1", agent("came back", at(7))));

        RecordMerge.Result r = merge.merge(base, new RecordMerge.Side(signedOff, a -> Optional.of(at(5))),
                RecordMerge.Side.of(later));

        assertThat(status(r.tree()).agents()).containsKey("worker-1");
    }

    @Test
    void aSignOffAfterAHeartbeatOnTheOtherSideRemovesTheAgentAndATieGoesToTheSignOff() {
        RecordTree base = tree(Map.of("worker-1", agent("base", at(0))));
        RecordTree signedOff = tree(Map.of());
        RecordTree earlier = tree(Map.of("worker-1", agent("before the sign-off", at(3))));
        RecordTree sameSecond = tree(Map.of("worker-1", agent("same second", at(5))));

        assertThat(status(merge.merge(base, new RecordMerge.Side(signedOff, a -> Optional.of(at(5))),
                RecordMerge.Side.of(earlier)).tree()).agents()).isEmpty();
        assertThat(status(merge.merge(base, RecordMerge.Side.of(sameSecond),
                new RecordMerge.Side(signedOff, a -> Optional.of(at(5)))).tree()).agents()).isEmpty();
    }

    @Test
    void aSignOffAgainstAnUnchangedRecordRemovesIt() {
        RecordTree base = tree(Map.of("worker-1", agent("base", at(0)), "worker-2", agent("stays", at(0))));
        RecordTree ours = tree(Map.of("worker-2", agent("stays", at(0))));

        assertThat(status(merge(base, ours, base).tree()).agents()).containsOnlyKeys("worker-2");
    }

    @Test
    void escalationsAreAUnionByIdAndResolvedBeatsOpen() {
        Escalation open = escalation("esc-00000001", Escalation.OPEN, at(0), null, null);
        Escalation resolved = escalation("esc-00000001", Escalation.RESOLVED, at(0), at(9), "use ANTLR");
        Escalation other = escalation("esc-00000002", Escalation.OPEN, at(1), null, null);
        RecordTree base = with(RecordTree.EMPTY, open);
        RecordTree ours = with(with(RecordTree.EMPTY, open), other);
        RecordTree theirs = with(RecordTree.EMPTY, resolved);

        RecordTree merged = merge(base, ours, theirs).tree();

        assertThat(escalationAt(merged, "esc-00000001").status()).isEqualTo(Escalation.RESOLVED);
        assertThat(escalationAt(merged, "esc-00000002").status()).isEqualTo(Escalation.OPEN);
    }

    @Test
    void anEscalationResolvedOnBothSidesKeepsTheLaterAnswer() {
        Escalation open = escalation("esc-00000001", Escalation.OPEN, at(0), null, null);
        RecordTree base = with(RecordTree.EMPTY, open);
        RecordTree ours = with(RecordTree.EMPTY, escalation("esc-00000001", Escalation.RESOLVED, at(0), at(4), "first"));
        RecordTree theirs = with(RecordTree.EMPTY, escalation("esc-00000001", Escalation.RESOLVED, at(0), at(6), "second"));

        assertThat(escalationAt(merge(base, ours, theirs).tree(), "esc-00000001").answer()).isEqualTo("second");
    }

    @Test
    void handoffsAreAUnionAndARemovalOfAnUnchangedOneStands() {
        String h1 = StorePaths.HANDOFFS + "/147-worker-1-20250125T100000Z.md";
        String h2 = StorePaths.HANDOFFS + "/150-worker-2-20250125T100100Z.md";
        String h3 = StorePaths.HANDOFFS + "/151-worker-3-20250125T100200Z.md";
        RecordTree base = RecordTree.EMPTY.with(h1, "# old\n");
        RecordTree ours = RecordTree.EMPTY.with(h2, "# two\n");
        RecordTree theirs = base.with(h3, "# three\n");

        assertThat(merge(base, ours, theirs).tree().files()).containsOnlyKeys(h2, h3);
    }

    @Test
    void anyOtherFileChangedOnBothSidesKeepsAChangeOverARemovalThenTheGreaterBytes() {
        String f = ".ghp/notes/plan.txt";
        RecordTree base = RecordTree.EMPTY.with(f, "base\n");

        assertThat(merge(base, RecordTree.EMPTY, base.with(f, "edited\n")).tree().get(f).orElseThrow().bytes())
                .isEqualTo("edited\n".getBytes(StandardCharsets.UTF_8));
        assertThat(merge(base, base.with(f, "apple\n"), base.with(f, "banana\n")).tree().get(f).orElseThrow().bytes())
                .isEqualTo("banana\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void unknownFieldsOfTheWinningRecordAndOfTheDocumentSurvive() throws Exception {
        String base = "{\"schemaVersion\": 1, \"agents\": {}, \"team\": \"red\"}";
        String ours = "{\"schemaVersion\": 1, \"agents\": {\"worker-1\": {\"issue\": 1, \"status\": \"testing\","
                + " \"lastAction\": \"x\", \"timestamp\": \"2025-01-25T10:05:00Z\", \"model\": {\"name\": \"opus\"}}},"
                + " \"team\": \"red\", \"budget\": 3}";
        String theirs = "{\"schemaVersion\": 1, \"agents\": {\"worker-2\": {\"issue\": 2, \"status\": \"testing\","
                + " \"lastAction\": \"y\", \"timestamp\": \"2025-01-25T10:06:00Z\"}}, \"team\": \"blue\"}";

        RecordTree merged = merge(RecordTree.EMPTY.with(StorePaths.STATUS, base),
                RecordTree.EMPTY.with(StorePaths.STATUS, ours), RecordTree.EMPTY.with(StorePaths.STATUS, theirs)).tree();

        JsonNode doc = Json.parseObject(merged.get(StorePaths.STATUS).orElseThrow().bytes());
        assertThat(doc.path("agents").path("worker-1").path("model").path("name").asText()).isEqualTo("opus");
        assertThat(doc.path("budget").asInt()).isEqualTo(3);
        assertThat(doc.path("team").asText()).isEqualTo("blue");
    }

    @Test
    void twoLiveAgentsThatClaimedTheSameIssueApartOpenOneConflictWithTheSameIdOnBothSides() {
        RecordTree base = tree(Map.of());
        RecordTree ours = tree(Map.of("worker-1", agent(147, "implementing", "a", at(1))));
        RecordTree theirs = tree(Map.of("worker-2", agent(147, "testing", "b", at(3))));

        RecordMerge.Result one = merge(base, ours, theirs);
        RecordMerge.Result other = merge.merge(base, RecordMerge.Side.of(theirs), RecordMerge.Side.of(ours));

        assertThat(one.conflicts()).hasSize(1);
        Escalation c = one.conflicts().get(0);
        assertThat(c.kind()).isEqualTo("conflict");
        assertThat(c.issue()).isEqualTo(147);
        assertThat(c.id()).isEqualTo(ClaimConflicts.idFor("worker-2", "worker-1", 147));
        assertThat(other.conflicts()).extracting(Escalation::id).containsExactly(c.id());
        assertThat(one.tree().get(c.path()).orElseThrow()).isEqualTo(other.tree().get(c.path()).orElseThrow());
        assertThat(status(one.tree()).agents()).containsOnlyKeys("worker-1", "worker-2");
    }

    @Test
    void overlappingFileScopesMetInAMergeOpenAConflict() {
        AgentRecord a = agent(1, "implementing", "a", at(1)).toBuilder().files(List.of("src/parser/**")).build();
        AgentRecord b = agent(2, "implementing", "b", at(2)).toBuilder().files(List.of("docs/**", "src/parser/**")).build();

        RecordMerge.Result r = merge(tree(Map.of()), tree(Map.of("worker-1", a)), tree(Map.of("worker-2", b)));

        assertThat(r.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.issue()).isNull();
            assertThat(c.extra().get("files").toString()).contains("src/parser/**");
        });
    }

    @Test
    void withPatternOverlapScopesThatShareAPathConflictThoughNoPatternIsTheSame() {
        RecordMerge patterns = new RecordMerge(new ClaimConflicts(Duration.ofMinutes(10), ScopeOverlap.PATTERNS));
        AgentRecord a = agent(1, "implementing", "a", at(1)).toBuilder().files(List.of("src/**")).build();
        AgentRecord b = agent(2, "implementing", "b", at(2)).toBuilder().files(List.of("docs/**", "src/parser/Lexer.java")).build();
        AgentRecord c = agent(3, "implementing", "c", at(2)).toBuilder().files(List.of("docs/*.md")).build();

        RecordMerge.Result r = patterns.merge(tree(Map.of()), RecordMerge.Side.of(tree(Map.of("worker-1", a, "worker-3", c))),
                RecordMerge.Side.of(tree(Map.of("worker-2", b))));

        assertThat(r.conflicts()).hasSize(2);
        assertThat(r.conflicts()).allSatisfy(e -> assertThat(e.issue()).isNull());
        assertThat(r.conflicts().stream().map(e -> e.extra().get("agents").toString()).toList())
                .containsExactlyInAnyOrder("[\"worker-1\",\"worker-2\"]", "[\"worker-2\",\"worker-3\"]");
    }

    @Test
    void staleDoneOrAlreadyTogetherClaimsOpenNoConflict() {
        RecordTree base = tree(Map.of());
        RecordTree stalePair = tree(Map.of("worker-2", agent(147, "implementing", "b", at(30))));
        RecordTree donePair = tree(Map.of("worker-2", agent(147, "done", "b", at(2))));
        RecordTree ours = tree(Map.of("worker-1", agent(147, "implementing", "a", at(1))));

        assertThat(merge(base, ours, stalePair).conflicts()).isEmpty();
        assertThat(merge(base, ours, donePair).conflicts()).isEmpty();

        RecordTree together = tree(Map.of("worker-1", agent(147, "implementing", "a", at(1)),
                "worker-2", agent(147, "implementing", "forced", at(2))));
        RecordTree moved = tree(Map.of("worker-1", agent(147, "implementing", "a2", at(4)),
                "worker-2", agent(147, "implementing", "forced", at(2))));
        assertThat(merge(together, moved, tree(Map.of("worker-1", agent(147, "implementing", "a", at(1)),
                "worker-2", agent(147, "implementing", "b2", at(5))))).conflicts()).isEmpty();
    }

    @Test
    void anExistingConflictEscalationIsNeverReopened() {
        RecordTree ours = tree(Map.of("worker-1", agent(147, "implementing", "a", at(1))));
        RecordTree theirs = tree(Map.of("worker-2", agent(147, "testing", "b", at(3))));
        String id = ClaimConflicts.idFor("worker-1", "worker-2", 147);
        Escalation answered = new Escalation(id, "conflict", Escalation.RESOLVED, "earlier", 147, null, at(0),
                "worker-1 keeps it", "human", at(2), Map.of());

        RecordMerge.Result r = merge(RecordTree.EMPTY, with(ours, answered), theirs);

        assertThat(r.conflicts()).isEmpty();
        assertThat(escalationAt(r.tree(), id).status()).isEqualTo(Escalation.RESOLVED);
    }

    @Test
    void aCorruptSideIsRefusedRatherThanMerged() {
        RecordTree base = tree(Map.of());
        RecordTree corrupt = RecordTree.EMPTY.with(StorePaths.STATUS, "{not json");
        RecordTree fine = tree(Map.of("worker-1", agent("x", at(1))));

        assertThatThrownBy(() -> merge.merge(base, RecordMerge.Side.of(corrupt), RecordMerge.Side.of(fine)))
                .isInstanceOf(StateException.class).hasMessageContaining("corrupt");
    }

    @Test
    void theMergedStatusFileIsWrittenInTheCanonicalFormat() {
        RecordTree ours = tree(Map.of("worker-1", agent("a", at(1))));
        RecordTree theirs = tree(Map.of("worker-2", agent("b", at(2))));

        byte[] merged = merge(RecordTree.EMPTY, ours, theirs).tree().get(StorePaths.STATUS).orElseThrow().bytes();

        assertThat(new String(merged, StandardCharsets.UTF_8)).startsWith("{\n  \"schemaVersion\": 1,\n  \"agents\": {\n    \"worker-1\"");
        assertThat(StatusCodec.write(status(RecordTree.EMPTY.with(StorePaths.STATUS, FileContent.of(merged))))).isEqualTo(merged);
        assertThat(Instant.parse("2025-01-25T10:01:00Z")).isEqualTo(at(1));
    }
}
