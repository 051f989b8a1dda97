package org.stratacache.core.writebehind;

import java.util.Objects;

/**
 * One queued write of a {@link WriteBehind} queue: a put of {@code value} under {@code key}, or a delete
 * of {@code key} ({@code value} is then {@code null}).
 *
 * <p>{@code sequence} orders the writes of one queue; it increases with every write accepted (and keeps
 * increasing across restarts when a journal is used). After coalescing, a pending write carries the
 * sequence of the latest write of its key.
 *
 * @param <K> key type
 * @param <V> value type
 */
public record PendingWrite<K, V>(K key, V value, boolean isDelete, long sequence) {

    public PendingWrite {
        Objects.requireNonNull(key, "key");
        if (isDelete && value != null) {
            throw new IllegalArgumentException("a delete carries no value");
        }
        if (!isDelete && value == null) {
            throw new IllegalArgumentException("a put needs a value (use a delete to remove a key)");
        }
    }

    public static <K, V> PendingWrite<K, V> put(K key, V value, long sequence) {
        return new PendingWrite<>(key, value, false, sequence);
    }

    public static <K, V> PendingWrite<K, V> delete(K key, long sequence) {
        return new PendingWrite<>(key, null, true, sequence);
    }

    @Override
    public String toString() {
        return (isDelete ? "delete " + key : "put " + key + " = " + value) + " #" + sequence;
    }
}
