package org.stratacache.core.invalidation.postgres;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the messages of PostgreSQL's {@code pgoutput} plugin, protocol version 1 (PostgreSQL's "Logical
 * Replication Message Formats"), as far as invalidation needs: which tables each committed transaction changed.
 * One instance per replication connection: relation ids are announced once per connection ({@code R}) and
 * referenced by the changes after.
 *
 * <pre>
 *   B  Begin     Int64 final LSN, Int64 commit time (µs since 2000-01-01), Int32 xid
 *   R  Relation  Int32 relation id, String namespace, String name, … (columns: not read)
 *   I/U/D        Int32 relation id, … (the row: not read)
 *   T  Truncate  Int32 number of relations, Int8 options, Int32 relation id × number
 *   C  Commit    Int8 flags, Int64 commit LSN, Int64 end LSN, Int64 commit time
 *   O, Y         origin and type: ignored
 * </pre>
 *
 * A change to a relation that was never announced, or a message of a kind this reader does not know, makes the
 * transaction one that changed "everything": doubt means stale. Not thread-safe (one reading thread).
 */
final class PgOutput {
    /** Microseconds from 1970-01-01 to PostgreSQL's epoch, 2000-01-01. */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

    /**
     * One committed transaction.
     *
     * @param xid         its transaction id (32 bits)
     * @param tables      the tables it changed (inserted, updated, deleted or truncated), bare names in lower case
     * @param everything  a change could not be attributed: drop everything
     * @param endLsn      the end of the transaction in the WAL: what to acknowledge once it is applied
     * @param commitMillis its commit time, epoch millis (the server's clock)
     */
    record Commit(long xid, Set<String> tables, boolean everything, long endLsn, long commitMillis) {
    }

    /** A relation id with its name and the names of its ancestors (partitioned or inherited tables). */
    @FunctionalInterface
    interface Ancestors {
        /** The lower-case names of the tables {@code relationId} belongs to, itself excluded; null if unknown. */
        Set<String> of(int relationId, String name);
    }

    private final Map<Integer, Set<String>> relations = new HashMap<>();
    private final Ancestors ancestors;
    private boolean inTransaction;
    private long xid;
    private final Set<String> tables = new LinkedHashSet<>();
    private boolean everything;

    PgOutput(Ancestors ancestors) {
        this.ancestors = ancestors;
    }

    /** Reads one message; returns the transaction when {@code message} was its commit, else null. */
    Commit read(ByteBuffer message) {
        byte kind = message.get();
        switch (kind) {
            case 'B' -> begin(message);
            case 'R' -> relation(message);
            case 'I', 'U', 'D' -> changed(message.getInt());
            case 'T' -> truncated(message);
            case 'C' -> {
                return commit(message);
            }
            case 'O', 'Y' -> {
                // origin and type: nothing to invalidate
            }
            default -> everything = true; // a kind this reader does not know: doubt means stale
        }
        return null;
    }

    /** Whether a transaction has begun and not yet committed (acknowledging then would skip part of it). */
    boolean inTransaction() {
        return inTransaction;
    }

    private void begin(ByteBuffer m) {
        m.getLong(); // final LSN
        m.getLong(); // commit time (repeated in Commit)
        xid = m.getInt() & 0xffff_ffffL;
        inTransaction = true;
        tables.clear();
        everything = false;
    }

    private void relation(ByteBuffer m) {
        int id = m.getInt();
        cString(m); // namespace: tags are bare names
        String name = cString(m).toLowerCase(Locale.ROOT);
        Set<String> parents = ancestors.of(id, name);
        if (parents == null) {
            relations.remove(id); // its changes then count as "everything"
            return;
        }
        Set<String> names = new LinkedHashSet<>();
        names.add(name);
        names.addAll(parents);
        relations.put(id, Set.copyOf(names));
    }

    private void changed(int relationId) {
        Set<String> names = relations.get(relationId);
        if (names == null) {
            everything = true;
        } else {
            tables.addAll(names);
        }
    }

    private void truncated(ByteBuffer m) {
        int count = m.getInt();
        m.get(); // options: CASCADE, RESTART IDENTITY (cascaded tables are listed too)
        for (int i = 0; i < count; i++) {
            changed(m.getInt());
        }
    }

    private Commit commit(ByteBuffer m) {
        m.get(); // flags
        m.getLong(); // commit LSN
        long endLsn = m.getLong();
        long commitMicros = m.getLong();
        Commit commit = new Commit(xid, Set.copyOf(tables), everything, endLsn,
                (commitMicros + PG_EPOCH_MICROS) / 1_000);
        inTransaction = false;
        tables.clear();
        everything = false;
        return commit;
    }

    private static String cString(ByteBuffer m) {
        int start = m.position();
        int end = start;
        while (m.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - start];
        m.get(bytes);
        m.get(); // the terminating zero
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
