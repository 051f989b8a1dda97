package org.stratacache.core.internal.region;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.stratacache.core.RegionLoadException;
import org.stratacache.core.tag.TagSnapshot;
import org.stratacache.core.tag.TagVersions;

/**
 * One load of one key in flight. The thread that registers it runs the loader; every other thread that
 * misses the same key meanwhile waits on it and gets the same value or the same failure.
 *
 * <p>A flight is removed from the region's in-flight map before it completes, and an invalidation of the
 * key removes it too; the loader's store happens only if the flight is still registered at that moment.
 * That is how an invalidation during a load cancels the load's store.
 */
public final class Flight<V> {
    private final CompletableFuture<V> result = new CompletableFuture<>();
    private final String description;
    private volatile TagSnapshot snapshot;
    private volatile long regionEpoch;

    public Flight(String description) {
        this.description = description;
    }

    /** Records the versions the owner took before its loader ran. */
    public void started(TagSnapshot snapshot, long regionEpoch) {
        this.regionEpoch = regionEpoch;
        this.snapshot = snapshot; // written last: readers check it first
    }

    /**
     * True when the load began before an invalidation that has completed since: a caller arriving now
     * must not wait for its value, which may predate a write the caller already had to see. A flight
     * whose owner has not taken its versions yet has not read anything, so joining it is safe.
     */
    public boolean startedBefore(TagVersions tagVersions, String epochTag) {
        TagSnapshot s = snapshot;
        return s != null && (!s.isCurrent(tagVersions) || tagVersions.current(epochTag) != regionEpoch);
    }

    public void succeed(V value) {
        result.complete(value);
    }

    public void fail(Throwable failure) {
        result.completeExceptionally(failure);
    }

    /**
     * Waits for the owner's result.
     *
     * @throws RegionLoadException with the loader's exception as cause when the load failed or the wait
     *                             was interrupted (the interrupt flag is then set again)
     */
    public V await() {
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw failure(description, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegionLoadException("interrupted while waiting for the load of " + description, e);
        }
    }

    /** The exception callers see for a failed load. */
    public static RegionLoadException failure(String description, Throwable cause) {
        return new RegionLoadException("loading " + description + " failed: " + cause, cause);
    }
}
