package org.stratacache.core.invalidation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class InvalidationMessageTest {

    @Test
    void decode_encoded_givesTheSameMessage() {
        InvalidationMessage m = InvalidationMessage.of("me", 17, List.of("jdbc:table:a", "jdbc:table:b"));
        assertThat(InvalidationMessage.decode(m.encode())).isEqualTo(m);
        InvalidationMessage all = InvalidationMessage.everything("me", 18);
        assertThat(InvalidationMessage.decode(all.encode())).isEqualTo(all);
    }

    @Test
    void decode_xidLineAddedByTheDatabase_namesTheTransaction_andIsNoTag() {
        String sent = InvalidationMessage.of("me", 17, List.of("jdbc:table:a")).encode() + "\n"
                + InvalidationMessage.XID_LINE + "4294967301";
        InvalidationMessage m = InvalidationMessage.decode(sent);
        assertThat(m.tags()).containsExactly("jdbc:table:a");
        assertThat(m.xid()).isEqualTo(4_294_967_301L);
        assertThat(InvalidationMessage.decode(InvalidationMessage.everything("me", 1).encode() + "\n#xid=9").xid())
                .isEqualTo(9);
    }

    @Test
    void of_tagThatLooksLikeTheXidLine_becomesEverything() {
        assertThat(InvalidationMessage.of("me", 1, List.of("#xid=3")).all()).isTrue();
    }
}
