package org.stratacache.core.invalidation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class InvalidationMessageFormatTest {

    @Test
    void encodeDecode_roundTripsTagsSenderAndTime() {
        InvalidationMessage m = InvalidationMessage.of("a1", 1234L, List.of("jdbc:table:orders", "jdbc:table:é"));
        InvalidationMessage back = InvalidationMessage.decode(m.encode());
        assertThat(back).isEqualTo(m);
        assertThat(back.all()).isFalse();
    }

    @Test
    void of_moreThanOneNotificationHolds_becomesEverything() {
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            tags.add("jdbc:table:table_number_" + i);
        }
        InvalidationMessage m = InvalidationMessage.of("a1", 1L, tags);
        assertThat(m.all()).isTrue();
        assertThat(m.encode().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThan(InvalidationMessage.MAX_PAYLOAD_BYTES);
        assertThat(InvalidationMessage.decode(m.encode()).all()).isTrue();
    }

    @Test
    void of_justUnderTheLimit_staysTags() {
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            tags.add("jdbc:table:t" + i);
        }
        InvalidationMessage m = InvalidationMessage.of("a1", 1L, tags);
        assertThat(m.all()).isFalse();
        assertThat(InvalidationMessage.decode(m.encode()).tags()).containsExactlyElementsOf(tags);
    }

    @Test
    void of_tagWithALineBreak_becomesEverything() {
        assertThat(InvalidationMessage.of("a1", 1L, List.of("jdbc:table:a\nb")).all()).isTrue();
        assertThat(InvalidationMessage.of("a1", 1L, List.of("*")).all()).isTrue();
    }

    @Test
    void decode_anotherProgramsNotification_isNotOurs() {
        assertThat(InvalidationMessage.decode("hello")).isNull();
        assertThat(InvalidationMessage.decode(null)).isNull();
        assertThat(InvalidationMessage.decode("strata1\nx\nnot-a-number\nt")).isNull();
    }

    @Test
    void decode_triggerPayload_isATableTag() {
        InvalidationMessage m = InvalidationMessage.decode("strata1\ntrigger\n1700000000000\njdbc:table:orders");
        assertThat(m.sender()).isEqualTo("trigger");
        assertThat(m.tags()).containsExactly("jdbc:table:orders");
    }
}
