package org.stratacache.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Serializable;
import java.lang.reflect.Proxy;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.hibernate.cache.spi.CacheTransactionSynchronization;
import org.hibernate.cache.spi.access.AccessType;
import org.hibernate.cache.spi.access.SoftLock;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stratacache.core.RegionStore;

/**
 * The order of READ_WRITE transitions and loads, replayed one interleaving at a time: {@link ReadWriteAccess} driven
 * directly, with a clock the test moves and a thread held just before a key's transition (in the region's compute,
 * when it hashes the key). Each case is a schedule under which a load that read a row before a commit could be
 * cached after it, or a load that began after every commit could be refused.
 *
 * <p>Regression for the race {@code ReadWriteRaceTest} saw under load: a release took its timestamp before the
 * key's transition, so a release held between the two stored an older time over a later holder's release.
 */
class ReadWriteOrderTest {
    private static final long LOCAL = 0;
    private static final Comparator<Object> VERSIONS = (a, b) -> Long.compare((Long) a, (Long) b);
    /** Longer than any allowance: a thread held this long is one the scheduler or a GC paused. */
    private static final long PAUSE_MILLIS = 200;

    private final AtomicLong clockMillis = new AtomicLong(1_800_000_000_000L);
    private final Key key = new Key(1);
    private RegionStore store;
    private ExecutorService pool;
    private Timestamper timestamper;
    private DomainStorage storage;
    private ReadWriteAccess access;

    @BeforeEach
    void start() {
        store = RegionStore.builder().name("rw-order-" + System.nanoTime()).build();
        pool = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void stop() {
        Pause.ARMED.set(null);
        pool.shutdownNow();
        store.close();
    }

    // ---- a release held before its transition -------------------------------------------------------

    @Test
    void unlockHeldBeforeItsTransition_behindALaterHoldersRelease_refusesALoadThatBeganBetween() throws Exception {
        onTier(LOCAL, null);
        Tx a = begin();
        SoftLock lockA = access.lockItem(a.session(), key, null);
        // A committed; its unlock is held just before the key's transition, for longer than any allowance
        Held<Object> unlockA = holdBeforeTransition(() -> {
            access.unlockItem(a.session(), key, lockA);
            return null;
        });
        clockMillis.addAndGet(PAUSE_MILLIS);
        Tx reader = begin(); // reads A's row
        Tx b = begin();
        SoftLock lockB = access.lockItem(b.session(), key, null);
        access.unlockItem(b.session(), key, lockB); // B committed a newer row and released first
        unlockA.resume();

        assertThat(access.putFromLoad(reader.session(), key, "row of A", null))
                .as("a load that began before B's commit").isFalse();
        assertThat(access.get(begin().session(), key)).isNull();
    }

    @Test
    void afterUpdateHeldBeforeItsTransition_behindALaterHoldersRelease_refusesALoadThatBeganBetween_versioned()
            throws Exception {
        onTier(LOCAL, VERSIONS);
        assertThat(access.cacheInserted(key, "v1", 1L)).isTrue();
        Tx a = begin();
        SoftLock lockA = access.lockItem(a.session(), key, 1L);
        Held<Boolean> afterUpdateA = holdBeforeTransition(() -> access.cacheUpdated(key, "v2", 2L, lockA));
        clockMillis.addAndGet(PAUSE_MILLIS);
        Tx reader = begin(); // reads v2
        Tx b = begin();
        SoftLock lockB = access.lockItem(b.session(), key, 2L);
        assertThat(access.cacheUpdated(key, "v3", 3L, lockB)).as("B shared the lock: it only releases").isFalse();
        assertThat(afterUpdateA.resume()).isFalse();

        assertThat(access.putFromLoad(reader.session(), key, "v2", 2L))
                .as("v2 is newer than the lock's version, but was read before v3 was committed").isFalse();
        assertThat(access.get(begin().session(), key)).isNull();
    }

    @Test
    void releaseOfAVanishedLock_heldBeforeItsTransition_refusesALoadThatBeganBeforeALaterRelease() throws Exception {
        onTier(LOCAL, null);
        Tx a = begin();
        SoftLock lockA = access.lockItem(a.session(), key, null);
        access.evict(key); // A's lock vanishes (evicted, as by size)
        Held<Object> unlockA = holdBeforeTransition(() -> {
            access.unlockItem(a.session(), key, lockA);
            return null;
        });
        clockMillis.addAndGet(PAUSE_MILLIS);
        Tx reader = begin(); // reads A's row
        Tx b = begin();
        SoftLock lockB = access.lockItem(b.session(), key, null);
        access.unlockItem(b.session(), key, lockB);
        unlockA.resume(); // puts its tombstone over B's unlocked entry

        assertThat(access.putFromLoad(reader.session(), key, "row of A", null)).isFalse();
        assertThat(access.get(begin().session(), key)).isNull();
    }

    @Test
    void releaseOfAVanishedLock_leavesAnotherTransactionsLockHeld() {
        onTier(LOCAL, null);
        Tx a = begin();
        SoftLock lockA = access.lockItem(a.session(), key, null);
        access.evict(key);
        Tx b = begin();
        SoftLock lockB = access.lockItem(b.session(), key, null); // B updates the row, not yet committed
        access.unlockItem(a.session(), key, lockA);
        clockMillis.addAndGet(PAUSE_MILLIS);

        Tx reader = begin(); // reads the row before B's commit
        assertThat(access.putFromLoad(reader.session(), key, "row of A", null)).as("B still holds the key").isFalse();
        assertThat(access.cacheUpdated(key, "row of B", null, lockB))
                .as("A's commit may be the newer one: B only releases").isFalse();
        assertThat(access.get(begin().session(), key)).isNull();
        assertThat(access.putFromLoad(begin().session(), key, "current row", null)).isTrue();
    }

    // ---- a load right after a release ------------------------------------------------------------------

    @Test
    void loadThatBeganRightAfterAnUnlock_isCachedAtOnce() {
        onTier(LOCAL, null);
        Tx writer = begin();
        SoftLock lock = access.lockItem(writer.session(), key, null);
        access.remove(writer.session(), key); // as a collection update does
        access.unlockItem(writer.session(), key, lock);

        Tx reader = begin(); // the very next timestamp, the clock has not moved
        assertThat(access.putFromLoad(reader.session(), key, "after", null)).isTrue();
        assertThat(access.get(begin().session(), key)).isEqualTo("after");
    }

    @Test
    void loadThatBeganRightAfterConcurrentUpdates_isCachedAtOnce_andOneThatBeganBefore_never_versioned() {
        onTier(LOCAL, VERSIONS);
        assertThat(access.cacheInserted(key, "v1", 1L)).isTrue();
        Tx early = begin(); // reads v1 or v2
        Tx a = begin();
        Tx b = begin();
        SoftLock lockA = access.lockItem(a.session(), key, 1L);
        SoftLock lockB = access.lockItem(b.session(), key, 1L);
        access.cacheUpdated(key, "v2", 2L, lockA);
        access.cacheUpdated(key, "v3", 3L, lockB);

        assertThat(access.putFromLoad(early.session(), key, "v2", 2L)).as("began before the commits").isFalse();
        Tx reader = begin();
        assertThat(access.putFromLoad(reader.session(), key, "v3", 3L)).as("began after the last release").isTrue();
        assertThat(access.get(begin().session(), key)).isEqualTo("v3");
    }

    // ---- a release outlives its entry ------------------------------------------------------------------

    @Test
    void loadIntoAnEvictedKey_isRefusedWhenItBeganBeforeTheRelease_andCachedWhenAfter() {
        onTier(LOCAL, null);
        Key other = new Key(2);
        Tx reader = begin(); // reads both rows before the commit
        Tx writer = begin();
        SoftLock lock = access.lockItem(writer.session(), key, null);
        SoftLock otherLock = access.lockItem(writer.session(), other, null);
        access.unlockItem(writer.session(), key, lock);
        access.unlockItem(writer.session(), other, otherLock);
        access.evict(key);
        access.evictAll();

        assertThat(access.putFromLoad(reader.session(), key, "old", null)).as("after evict").isFalse();
        assertThat(access.putFromLoad(reader.session(), other, "old", null)).as("after evictAll").isFalse();
        Tx later = begin();
        assertThat(access.putFromLoad(later.session(), key, "new", null)).isTrue();
        assertThat(access.putFromLoad(later.session(), other, "new", null)).isTrue();
        assertThat(access.get(begin().session(), key)).isEqualTo("new");
    }

    // ---- bulk operations -------------------------------------------------------------------------------

    @Test
    void loadHeldBeforeItsTransition_acrossAWholeBulkOperation_isNotCached() throws Exception {
        onTier(LOCAL, null);
        Tx reader = begin(); // read the row before the bulk update
        Held<Boolean> load = holdBeforeTransition(() -> access.putFromLoad(reader.session(), key, "old", null));
        SoftLock region = access.lockRegion();
        access.removeAll(begin().session());
        access.unlockRegion(region); // the bulk update committed

        assertThat(load.resume()).isFalse();
        assertThat(access.get(begin().session(), key)).isNull();
    }

    @Test
    void loadHeldBeforeItsTransition_whileABulkOperationRuns_isNotCached() throws Exception {
        onTier(LOCAL, VERSIONS);
        Tx reader = begin();
        Held<Boolean> load = holdBeforeTransition(() -> access.putFromLoad(reader.session(), key, "old", 1L));
        SoftLock region = access.lockRegion();
        access.removeAll(begin().session());

        assertThat(load.resume()).isFalse();
        assertThat(access.get(begin().session(), key)).as("while the bulk update runs").isNull();
        access.unlockRegion(region);
        assertThat(access.get(begin().session(), key)).isNull();
        assertThat(access.putFromLoad(begin().session(), key, "new", 2L)).isTrue();
    }

    // ---- the distributed tier ---------------------------------------------------------------------------

    @Test
    void withAClockSkewAllowance_aLoadIsCachedOnlyOnceItBeganPastTheWindow() {
        onTier(SoftLockEntry.CLUSTER_SKEW_ALLOWANCE, null);
        long windowMillis = SoftLockEntry.CLUSTER_SKEW_ALLOWANCE >> Timestamper.SHIFT;
        Tx writer = begin();
        SoftLock lock = access.lockItem(writer.session(), key, null);
        access.unlockItem(writer.session(), key, lock);

        assertThat(access.putFromLoad(begin().session(), key, "row", null)).as("within the window").isFalse();
        access.evict(key);
        assertThat(access.putFromLoad(begin().session(), key, "row", null)).as("evicted, within the window")
                .isFalse();
        clockMillis.addAndGet(windowMillis + 1);
        assertThat(access.putFromLoad(begin().session(), key, "row", null)).as("past the window").isTrue();
        assertThat(access.get(begin().session(), key)).isEqualTo("row");
    }

    // ---- fixture ---------------------------------------------------------------------------------------

    private void onTier(long skewAllowance, Comparator<Object> versions) {
        timestamper = new Timestamper(clockMillis::get, skewAllowance);
        Timestamper stamps = timestamper;
        storage = new DomainStorage(store.region("order"), new LoadCoalescer(0), new InvalidationLink(() -> stamps));
        access = new ReadWriteEntityAccess(null, storage, timestamper, versions, null, AccessType.READ_WRITE);
    }

    private Tx begin() {
        return new Tx(timestamper.next());
    }

    /** A transaction as the cache sees it: its caching timestamp, taken when it began. */
    private record Tx(long began) implements CacheTransactionSynchronization {
        SharedSessionContractImplementor session() {
            return (SharedSessionContractImplementor) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {SharedSessionContractImplementor.class}, (proxy, method, args) -> switch (
                            method.getName()) {
                        case "getCacheTransactionSynchronization" -> this;
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        case "toString" -> "session of " + this;
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        @Override
        public long getCachingTimestamp() {
            return began;
        }

        @Override
        public void transactionJoined() {
        }

        @Override
        public void transactionCompleting() {
        }

        @Override
        public void transactionCompleted(boolean successful) {
        }
    }

    /** A cache key whose hashing is where an armed thread is held: the first thing a region's compute does. */
    private record Key(long id) implements Serializable {
        @Override
        public int hashCode() {
            Pause.reached();
            return Long.hashCode(id);
        }
    }

    /** Holds one thread at its next hash of a {@link Key}, until the test resumes it. */
    private static final class Pause {
        static final AtomicReference<Pause> ARMED = new AtomicReference<>();
        final Thread thread = Thread.currentThread();
        final CountDownLatch held = new CountDownLatch(1);
        final CountDownLatch resume = new CountDownLatch(1);

        static void reached() {
            Pause armed = ARMED.get();
            if (armed != null && armed.thread == Thread.currentThread() && ARMED.compareAndSet(armed, null)) {
                armed.held.countDown();
                try {
                    if (!armed.resume.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("never resumed");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private record Held<T>(Pause pause, Future<T> outcome) {
        T resume() throws Exception {
            pause.resume.countDown();
            return outcome.get(30, TimeUnit.SECONDS);
        }
    }

    /** Runs {@code work} on another thread and returns once it is held just before the key's transition. */
    private <T> Held<T> holdBeforeTransition(Callable<T> work) throws Exception {
        AtomicReference<Pause> armed = new AtomicReference<>();
        CountDownLatch isArmed = new CountDownLatch(1);
        Future<T> outcome = pool.submit(() -> {
            Pause pause = new Pause();
            armed.set(pause);
            Pause.ARMED.set(pause);
            isArmed.countDown();
            return work.call();
        });
        assertThat(isArmed.await(30, TimeUnit.SECONDS)).isTrue();
        Pause pause = armed.get();
        assertThat(pause.held.await(30, TimeUnit.SECONDS)).as("reached the key's transition").isTrue();
        return new Held<>(pause, outcome);
    }
}
