package org.stratacache.benchmarks.hibernate;

import java.util.concurrent.atomic.AtomicLong;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * A benchmark thread's product ids: each thread cycles through every row from its own starting point, so that
 * threads sharing one SessionFactory read different rows at a time (and no shared counter is written per find).
 */
@State(Scope.Thread)
public class ProductIds {
    private static final AtomicLong STARTS = new AtomicLong();
    private long next = STARTS.getAndAdd(ProductDatabase.ROWS / 16) % ProductDatabase.ROWS;

    long next() {
        long id = next;
        next = id + 1 == ProductDatabase.ROWS ? 0 : id + 1;
        return id;
    }
}
