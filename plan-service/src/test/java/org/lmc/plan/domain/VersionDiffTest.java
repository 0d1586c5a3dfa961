package org.lmc.plan.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lmc.plan.domain.PlanContentTest.json;

import java.util.List;
import org.junit.jupiter.api.Test;

class VersionDiffTest {

    @Test
    void changesAreReportedByPathWithItemsMatchedByIdAndPrinciple() {
        var before = json("""
                {"title": "Plan", "principles": [{"principle": 5, "goals": [{"title": "Joint evaluation"}]},
                                                {"principle": 9, "goals": []}],
                 "measures": [{"id": "m1", "name": "Teachers evaluated", "target": 50}, {"id": "m2", "name": "Gone"}],
                 "milestones": []}""");
        var after = json("""
                {"title": "Plan", "summary": "New", "principles": [{"principle": 9, "goals": []},
                                                                  {"principle": 5, "goals": [{"title": "Joint evaluation system"}]}],
                 "measures": [{"id": "m3", "name": "New one"}, {"id": "m1", "name": "Teachers evaluated", "target": 80}],
                 "milestones": []}""");
        List<VersionDiff.Change> changes = VersionDiff.between(before, after);
        assertThat(changes).extracting(c -> c.kind() + " " + c.path()).containsExactly(
                "CHANGED principles[principle=5].goals[0].title",
                "CHANGED measures[id=m1].target",
                "REMOVED measures[id=m2]",
                "ADDED measures[id=m3]",
                "ADDED summary");
        assertThat(changes.get(1).before().asInt()).isEqualTo(50);
        assertThat(changes.get(1).after().asInt()).isEqualTo(80);
        assertThat(changes.get(2).after()).isNull();
        assertThat(changes.get(3).before()).isNull();
    }

    @Test
    void listsWithoutIdsCompareByPositionAndEqualVersionsHaveNoChanges() {
        var a = json("{\"tactics\": [\"a\", \"b\"]}");
        var b = json("{\"tactics\": [\"a\", \"c\", \"d\"]}");
        assertThat(VersionDiff.between(a, b)).extracting(c -> c.kind() + " " + c.path())
                .containsExactly("CHANGED tactics[1]", "ADDED tactics[2]");
        assertThat(VersionDiff.between(a, a.deepCopy())).isEmpty();
    }
}
