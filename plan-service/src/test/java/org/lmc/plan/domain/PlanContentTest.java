package org.lmc.plan.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PlanContentTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Set<Integer> PRINCIPLES = IntStream.rangeClosed(1, 10).boxed().collect(Collectors.toSet());
    static final UUID NEW_ID = UUID.fromString("00000000-0000-4000-8000-000000000001");

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static PlanContent.Checked check(String text) {
        return PlanContent.check(json(text), PRINCIPLES, () -> NEW_ID);
    }

    @Test
    void aDenverPlanIsReadTrimmedAndItsNewItemsGetIds() {
        PlanContent.Checked checked = check("""
                {"title": "  ProComp for every school ", "principles": [
                   {"principle": 9, "goals": [{"title": "Pay for learning gains", "strategies": [
                      {"title": "Extend ProComp", "tactics": [" Joint design committee "]}]}]}],
                 "measures": [{"name": "Teachers in ProComp", "unit": "percent", "baseline": 48.50, "target": 75,
                                "targetDate": "2013-06-30"}],
                 "milestones": [{"id": "1b4e28ba-2fa1-11d2-883f-0016d3cca427", "title": "Rubric adopted",
                                 "dueDate": "2011-09-01", "ownerRole": "UNION_LEADER"}]}""");
        assertThat(checked.errors()).isEmpty();
        JsonNode content = checked.content();
        assertThat(content.get("title").asText()).isEqualTo("ProComp for every school");
        assertThat(content.at("/principles/0/goals/0/strategies/0/tactics/0").asText()).isEqualTo("Joint design committee");
        assertThat(content.at("/measures/0/id").asText()).isEqualTo(NEW_ID.toString());
        assertThat(content.at("/measures/0/baseline").decimalValue()).isEqualByComparingTo("48.5");
        assertThat(content.at("/milestones/0/id").asText()).isEqualTo("1b4e28ba-2fa1-11d2-883f-0016d3cca427");
        assertThat(content.at("/milestones/0/status").asText()).isEqualTo("PLANNED");
        assertThat(PlanContent.principles(content)).containsExactly(9);
        assertThat(PlanContent.searchText(content)).contains("Pay for learning gains", "Teachers in ProComp")
                .doesNotContain("UNION_LEADER", "2011-09-01");
    }

    @Test
    void everyFaultIsNamedByItsPath() {
        PlanContent.Checked checked = check("""
                {"principles": [{"principle": 11, "goals": [{"title": "", "strategies": [{"title": "x", "tactics": [3]}]}]},
                                {"principle": 5, "goals": [], "colour": "red"}, {"principle": 5, "goals": []}],
                 "measures": [{"id": "nope", "name": "n", "unit": "u", "baseline": 1, "target": 1, "targetDate": "2013-02-30"}],
                 "milestones": [{"title": "m", "dueDate": "2011-09-01", "ownerRole": "union leader", "status": "SOON"}],
                 "extra": true}""");
        assertThat(checked.valid()).isFalse();
        assertThat(checked.content()).isNull();
        assertThat(checked.errors()).extracting(ContentError::field).containsExactlyInAnyOrder(
                "extra", "title", "principles[0].principle", "principles[0].goals[0].title",
                "principles[0].goals[0].strategies[0].tactics[0]", "principles[1].colour", "principles[2].principle",
                "measures[0].id", "measures[0].target", "measures[0].targetDate", "milestones[0].ownerRole", "milestones[0].status");
        assertThat(checked.errors()).contains(new ContentError("principles[2].principle", "principle 5 is chosen twice"),
                new ContentError("measures[0].target", "must differ from the baseline"));
    }

    @Test
    void aVersionNeedsAPrincipleWithAGoal() {
        JsonNode empty = PlanContent.empty("Draft");
        assertThat(PlanContent.submittable(empty)).extracting(ContentError::field).containsExactly("principles");
        JsonNode noGoal = check("{\"title\": \"t\", \"principles\": [{\"principle\": 1, \"goals\": []}]}").content();
        assertThat(PlanContent.submittable(noGoal)).extracting(ContentError::field).containsExactly("principles[0].goals");
    }
}
