package org.stratacache.core.internal.writebehind;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.stratacache.core.writebehind.PendingWrite;
import org.stratacache.core.writebehind.jdbc.TableRow;

class JournalRecordCodecTest {

    private static PendingWrite<Object, Object> roundTrip(long seq, Object key, Object value) {
        ByteBuffer record = JournalRecordCodec.encode(seq, value == null, JournalRecordCodec.payload("q", key, value));
        ByteBuffer copy = ByteBuffer.wrap(Arrays.copyOf(record.array(), record.limit()));
        PendingWrite<Object, Object> decoded = JournalRecordCodec.decode(copy);
        assertThat(copy.hasRemaining()).isFalse();
        return decoded;
    }

    @Test
    void roundTrip_keepsRowsOfEveryColumnType() {
        TableRow row = TableRow.of(List.of("id", "name", "price", "ok", "ratio", "at", "blob", "none", "n"),
                Arrays.asList(7L, "ünïcode", new BigDecimal("12.50"), true, 0.25, Timestamp.valueOf("2026-01-02 03:04:05"),
                        new byte[] {1, 2}, null, 3));
        PendingWrite<Object, Object> w = roundTrip(42, List.of(7L, "x"), row);

        assertThat(w.sequence()).isEqualTo(42);
        assertThat(w.key()).isEqualTo(List.of(7L, "x"));
        TableRow back = (TableRow) w.value();
        assertThat(back.columns()).isEqualTo(row.columns());
        assertThat(back.values()).usingRecursiveFieldByFieldElementComparator().isEqualTo(row.values());
        assertThat(back.value("at")).isInstanceOf(Timestamp.class).isEqualTo(row.value("at"));
    }

    @Test
    void roundTrip_ofADelete() {
        PendingWrite<Object, Object> w = roundTrip(3, "k", null);
        assertThat(w.isDelete()).isTrue();
        assertThat(w.key()).isEqualTo("k");
    }

    @Test
    void decode_rejectsACorruptedRecordAsTheEndOfTheLog() {
        ByteBuffer record = JournalRecordCodec.encode(1, false, JournalRecordCodec.payload("q", "k", "v"));
        byte[] bytes = Arrays.copyOf(record.array(), record.limit());
        bytes[bytes.length - 6] ^= 0x40; // one flipped bit in the payload
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        assertThat(JournalRecordCodec.decode(buf)).isNull();
        assertThat(buf.position()).isZero();
        assertThat(JournalRecordCodec.decode(ByteBuffer.wrap(Arrays.copyOf(bytes, 10)))).isNull();
    }
}
