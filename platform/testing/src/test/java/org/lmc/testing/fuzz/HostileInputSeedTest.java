package org.lmc.testing.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.sessions.JqwikSession;
import org.lmc.contracts.EventJson;
import org.junit.jupiter.api.Test;

/** A failing seed must replay: the same seed draws the same hostile bodies, another seed draws others. */
class HostileInputSeedTest {
    static final String VALID = "{\"id\": \"ge-foundation\", \"name\": \"GE Foundation\", \"terms\": {\"capCents\": 100}}";

    @Test
    void theSameSeedDrawsTheSameCases() {
        assertThat(draw("42")).isEqualTo(draw("42"));
        assertThat(draw("42")).isNotEqualTo(draw("43"));
    }

    @Test
    void settingAFieldTheBodyDeclaresIsNotAnUndeclaredField() {
        List<HostileInput.Case> cases = draw("7", 2_000);
        assertThat(cases).filteredOn(c -> c.mustRefuse()).isNotEmpty()
                .allSatisfy(c -> assertThat(EventJson.MAPPER.readTree(c.body()).path("id").asText()).isEqualTo("ge-foundation"));
    }

    private static List<HostileInput.Case> draw(String seed) {
        return draw(seed, 200);
    }

    private static List<HostileInput.Case> draw(String seed, int count) {
        JqwikSession.start(seed);
        try {
            return HostileInput.cases(VALID).sampleStream().limit(count).toList();
        } finally {
            JqwikSession.finish();
        }
    }
}
