package org.lmc.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class ScoreCursorTest {

    @Test
    void aScoreSurvivesTheRoundTripExactlyAndOtherTokensAreRefused() {
        ScoreCursor cursor = new ScoreCursor(0.0607927f, UUID.fromString("1b4e28ba-2fa1-41d2-883f-0016d3cca427"));
        assertThat(ScoreCursor.decode(cursor.encode(), "after")).isEqualTo(cursor);
        String timeCursor = new Cursor(java.time.Instant.parse("2011-02-16T12:00:00Z"), cursor.id()).encode();
        for (String bad : new String[] {timeCursor, "bm90LWEtY3Vyc29y", "%%%", new ChangeFeed.Token(5, cursor.id()).encode()}) {
            assertThatThrownBy(() -> ScoreCursor.decode(bad, "after")).isInstanceOf(ProblemException.class)
                    .satisfies(e -> assertThat(((ProblemException) e).errors()).extracting(Problem.FieldError::field).containsExactly("after"));
        }
    }
}
