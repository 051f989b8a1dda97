package org.stratacache.core.writebehind;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;


/**
 * An in-memory "database" for queue tests: records every committed batch and the resulting state, and
 * can be told to fail transiently, refuse certain writes for good, or block until released.
 */
public class RecordingWriter<K, V> implements BatchWriter<K, V> {
    public final List<List<PendingWrite<K, V>>> committedBatches = new CopyOnWriteArrayList<>();
    public final Map<K, V> table = new ConcurrentHashMap<>();
    public final AtomicInteger attempts = new AtomicInteger();
    /** Number of next attempts that fail with a connection error. */
    public final AtomicInteger transientFailures = new AtomicInteger();
    public volatile Predicate<PendingWrite<K, V>> refused = w -> false;
    public volatile java.util.concurrent.CountDownLatch gate;
    public final java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);

    @Override
    public void write(List<PendingWrite<K, V>> batch) throws Exception {
        attempts.incrementAndGet();
        entered.countDown();
        java.util.concurrent.CountDownLatch g = gate;
        if (g != null) {
            g.await();
        }
        if (transientFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new SQLException("connection refused (test)", "08001");
        }
        for (PendingWrite<K, V> w : batch) {
            if (refused.test(w)) {
                throw new SQLException("check constraint violated by " + w.key() + " (test)", "23513");
            }
        }
        for (PendingWrite<K, V> w : batch) {
            if (w.isDelete()) {
                table.remove(w.key());
            } else {
                table.put(w.key(), w.value());
            }
        }
        committedBatches.add(new ArrayList<>(batch));
    }

    public List<PendingWrite<K, V>> allWrites() {
        List<PendingWrite<K, V>> all = new ArrayList<>();
        committedBatches.forEach(all::addAll);
        return all;
    }
}
