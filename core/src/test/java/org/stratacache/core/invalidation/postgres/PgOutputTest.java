package org.stratacache.core.invalidation.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** pgoutput protocol 1 messages, written byte by byte as PostgreSQL's "Logical Replication Message Formats" say. */
class PgOutputTest {
    private static final long PG_EPOCH_MILLIS = 946_684_800_000L;

    private final PgOutput pgoutput = new PgOutput((id, name) -> id == 30 ? Set.of("measurements") : Set.of());

    @Test
    void read_insertUpdateDeleteInOneTransaction_givesEachTableOnceAtCommit() {
        assertThat(pgoutput.read(begin(7))).isNull();
        assertThat(pgoutput.inTransaction()).isTrue();
        pgoutput.read(relation(10, "public", "Orders"));
        pgoutput.read(relation(11, "sales", "order_line"));
        pgoutput.read(change('I', 10));
        pgoutput.read(change('U', 11));
        pgoutput.read(change('D', 10));
        PgOutput.Commit commit = pgoutput.read(commit(0x5000, 1_000_000));

        assertThat(commit.xid()).isEqualTo(7);
        assertThat(commit.tables()).containsExactlyInAnyOrder("orders", "order_line");
        assertThat(commit.everything()).isFalse();
        assertThat(commit.endLsn()).isEqualTo(0x5000);
        assertThat(commit.commitMillis()).isEqualTo(PG_EPOCH_MILLIS + 1_000);
        assertThat(pgoutput.inTransaction()).isFalse();
    }

    @Test
    void read_truncateOfSeveralTables_givesThemAll() {
        pgoutput.read(begin(8));
        pgoutput.read(relation(10, "public", "a"));
        pgoutput.read(relation(11, "public", "b"));
        pgoutput.read(truncate(10, 11));
        assertThat(pgoutput.read(commit(1, 0)).tables()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void read_relationsAnnouncedEarlier_areRemembered_andTablesDoNotLeakIntoTheNextTransaction() {
        pgoutput.read(begin(1));
        pgoutput.read(relation(10, "public", "a"));
        pgoutput.read(change('I', 10));
        pgoutput.read(commit(1, 0));
        pgoutput.read(begin(2));
        pgoutput.read(relation(12, "public", "c"));
        pgoutput.read(change('U', 12));
        assertThat(pgoutput.read(commit(2, 0)).tables()).containsExactly("c");
        pgoutput.read(begin(3));
        pgoutput.read(change('D', 10));
        assertThat(pgoutput.read(commit(3, 0)).tables()).containsExactly("a");
    }

    @Test
    void read_aPartition_alsoNamesItsParents() {
        pgoutput.read(begin(9));
        pgoutput.read(relation(30, "public", "measurements_2026"));
        pgoutput.read(change('I', 30));
        assertThat(pgoutput.read(commit(1, 0)).tables()).containsExactlyInAnyOrder("measurements_2026",
                "measurements");
    }

    @Test
    void read_unannouncedRelation_orUnknownMessage_meansEverything() {
        pgoutput.read(begin(4));
        pgoutput.read(change('I', 99));
        assertThat(pgoutput.read(commit(1, 0)).everything()).isTrue();
        pgoutput.read(begin(5));
        pgoutput.read(ByteBuffer.wrap(new byte[] {'Z', 0, 0}));
        assertThat(pgoutput.read(commit(1, 0)).everything()).isTrue();
    }

    @Test
    void read_relationWhoseParentsCannotBeRead_meansEverythingForItsChanges() {
        PgOutput failing = new PgOutput((id, name) -> null);
        failing.read(begin(6));
        failing.read(relation(10, "public", "a"));
        failing.read(change('I', 10));
        assertThat(failing.read(commit(1, 0)).everything()).isTrue();
    }

    @Test
    void read_originAndType_areIgnored_andXidIsUnsigned() {
        pgoutput.read(begin(0xfffffff0));
        pgoutput.read(message('O', out -> {
            out.writeLong(1);
            cString(out, "origin");
        }));
        pgoutput.read(message('Y', out -> {
            out.writeInt(1);
            cString(out, "public");
            cString(out, "mood");
        }));
        PgOutput.Commit commit = pgoutput.read(commit(1, 0));
        assertThat(commit.xid()).isEqualTo(0xfffffff0L);
        assertThat(commit.tables()).isEmpty();
        assertThat(commit.everything()).isFalse();
    }

    @Test
    void appliedCommits_secondRouteAppliesOnlyWhatTheFirstDidNotCarry() {
        AppliedCommits commits = new AppliedCommits();
        assertThat(commits.claim(42, List.of("t:a"))).containsExactly("t:a");
        assertThat(commits.claim(42L + (1L << 32), List.of("t:a", "t:b"))).as("same 32-bit xid").containsExactly("t:b");
        assertThat(commits.claim(42, List.of("t:a", "t:b"))).isEmpty();
        assertThat(commits.duplicates()).isEqualTo(1);
        assertThat(commits.claimEverything(43)).isTrue();
        assertThat(commits.claim(43, List.of("t:c"))).isEmpty();
        assertThat(commits.claimEverything(43)).isFalse();
        assertThat(commits.duplicates()).isEqualTo(3);
        for (int i = 0; i < AppliedCommits.CAPACITY; i++) {
            commits.claim(1000 + i, List.of("t:x"));
        }
        assertThat(commits.claim(42, List.of("t:a"))).as("forgotten: applied again").containsExactly("t:a");
    }

    @Test
    void temporarySlotName_isALowerCaseIdentifierOfAtMost63Characters() {
        String name = PgLogicalBus.temporarySlotName("My-Store." + "x".repeat(80));
        assertThat(name).matches("[a-z_][a-z0-9_]{0,62}").startsWith("strata_my_store_");
        assertThat(PgLogicalBus.temporarySlotName("shop")).matches("strata_shop_[0-9a-f]{8}");
    }

    // ---- messages -------------------------------------------------------------------------------------

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static ByteBuffer message(char kind, Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(kind);
            body.write(out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return ByteBuffer.wrap(bytes.toByteArray());
    }

    private static void cString(DataOutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.writeByte(0);
    }

    private static ByteBuffer begin(int xid) {
        return message('B', out -> {
            out.writeLong(0x4000);
            out.writeLong(123);
            out.writeInt(xid);
        });
    }

    private static ByteBuffer relation(int id, String namespace, String name) {
        return message('R', out -> {
            out.writeInt(id);
            cString(out, namespace);
            cString(out, name);
            out.writeByte('d');
            out.writeShort(1);
            out.writeByte(1);
            cString(out, "id");
            out.writeInt(23);
            out.writeInt(-1);
        });
    }

    private static ByteBuffer change(char kind, int relationId) {
        return message(kind, out -> {
            out.writeInt(relationId);
            out.writeByte('N');
            out.writeShort(1);
            out.writeByte('t');
            out.writeInt(1);
            out.writeByte('1');
        });
    }

    private static ByteBuffer truncate(int... relationIds) {
        return message('T', out -> {
            out.writeInt(relationIds.length);
            out.writeByte(0);
            for (int id : relationIds) {
                out.writeInt(id);
            }
        });
    }

    private static ByteBuffer commit(long endLsn, long commitMicros) {
        return message('C', out -> {
            out.writeByte(0);
            out.writeLong(endLsn - 8);
            out.writeLong(endLsn);
            out.writeLong(commitMicros);
        });
    }
}
