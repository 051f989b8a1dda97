package org.stratacache.core.writebehind;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.List;

/**
 * Writes batches of a {@link WriteBehind} queue into the system of record (SPI).
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #write} writes the whole batch or nothing (one transaction), or throws. A batch holds at
 *       most one write per key; the writes of one key reach the writer in the order they were made.</li>
 *   <li>{@link #write} may be called again with the same writes after a failure, and after a crash with
 *       writes that were already committed (journal replay): it should be idempotent (an upsert is).</li>
 *   <li>{@link #classify} tells transient failures (retry the batch, with back-off, forever) from
 *       permanent ones (this data will never be accepted: the queue splits the batch to find the refused
 *       writes and hands them to the {@link DeadLetterSink}).</li>
 *   <li>Only the queue's single flusher thread calls {@link #write}; a writer need not be thread-safe.</li>
 * </ul>
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface BatchWriter<K, V> extends AutoCloseable {

    /** How a failed batch is handled. */
    enum Failure {
        /** The same batch may succeed later (database down, timeout, deadlock): retry it whole. */
        TRANSIENT,
        /** Some write of the batch is refused for good (constraint violation, bad value): isolate it. */
        PERMANENT
    }

    /** Writes every write of the batch in one transaction, or throws leaving nothing written. */
    void write(List<PendingWrite<K, V>> batch) throws Exception;

    /**
     * Classifies a failure of {@link #write}. The default: SQL states of class 22 (data exception) and 23
     * (integrity constraint violation) anywhere in the exception chain, and {@link IllegalArgumentException}
     * / {@link ClassCastException}, are permanent; everything else (class 08 connection failures,
     * timeouts, unknown states) is transient.
     */
    default Failure classify(Exception failure) {
        return defaultClassification(failure);
    }

    /** Releases what the writer holds (connections). Called once, when its queue closes; failures are logged. */
    @Override
    default void close() {
    }

    /** The default {@link #classify} rule, usable by writers that extend it. */
    static Failure defaultClassification(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException || t instanceof ClassCastException) {
                return Failure.PERMANENT;
            }
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException()) {
                    if (s instanceof SQLTransientException || s instanceof SQLRecoverableException) {
                        return Failure.TRANSIENT;
                    }
                    String state = s.getSQLState();
                    if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                        return Failure.PERMANENT;
                    }
                    if (s.getNextException() == s) {
                        break;
                    }
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Failure.TRANSIENT;
    }
}
