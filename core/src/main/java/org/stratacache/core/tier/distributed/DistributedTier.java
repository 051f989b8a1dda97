package org.stratacache.core.tier.distributed;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stratacache.core.RegionSettings;
import org.stratacache.core.config.StrataConfig;
import org.stratacache.core.internal.CoarseClock;
import org.stratacache.core.tag.TagVersions;
import org.stratacache.core.tier.ClusterLease;
import org.stratacache.core.tier.Tier;
import org.stratacache.core.tier.TierCache;
import org.stratacache.core.tier.TierListener;

/**
 * The distributed tier: regions in Hazelcast maps, hot entries in a near cache on every JVM, tag versions
 * shared by the cluster.
 *
 * <p>Start it with {@code strata.tier=distributed} (the store builds it from its {@code strata.hazelcast.*}
 * settings: an embedded member bound to 127.0.0.1 by default, or a client), or build it yourself around a
 * Hazelcast instance you already run and hand it to {@code RegionStore.builder().tier(…)}:
 * <pre>{@code
 * DistributedTier tier = DistributedTier.using(hazelcastInstance, Map.of());
 * RegionStore store = RegionStore.builder().tier(tier).build();
 * }</pre>
 *
 * <h2>Failure model</h2>
 * Every cluster operation runs behind one {@link CircuitBreaker} and with a bounded wait: writes,
 * removes and tag invalidations wait at most {@code strata.hazelcast.operation-timeout}; reads block (the
 * faster path in Hazelcast) for at most Hazelcast's invocation timeout, which Strata sets to
 * {@code max(2 s, 4 × operation-timeout)} on members it starts and to the operation timeout rounded up to
 * seconds on clients. A failure throws a {@code RuntimeException} that the region counts and turns into a
 * database read or a skipped store. Anything that may have let a near copy or a tag version go stale
 * (a lost connection, a member leaving, a write or invalidation that did not reach the cluster) makes this
 * JVM <em>suspect</em> its local state: all near copies are dropped and tag versions are in doubt (every
 * tagged read misses) until a recovery replays what failed and reloads the versions.
 */
public final class DistributedTier implements Tier {
    private static final Logger LOG = LoggerFactory.getLogger(DistributedTier.class);

    private final HazelcastSettings settings;
    private final HazelcastInstance hazelcast;
    /** What closing does to the instance: shut it down (started for this tier), release it, or nothing. */
    private final Ownership ownership;
    private final TierCounters counters = new TierCounters();
    private final CircuitBreaker breaker;
    private final ClusterTagVersions tagVersions;
    private final Set<DistributedTierCache<?, ?>> caches = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService maintenance;
    private final AtomicBoolean recoveryScheduled = new AtomicBoolean();
    private final long timeoutNanos;
    private final UUID clusterListener;
    private volatile boolean closed;
    /** The near caches' read clock when coarse (acquired last in the constructor, released at close); else null. */
    private final CoarseClock clock;

    private enum Ownership { OWNED, SHARED, BORROWED }

    private DistributedTier(HazelcastSettings settings, HazelcastInstance hazelcast, Ownership ownership) {
        this.settings = settings;
        this.hazelcast = hazelcast;
        this.ownership = ownership;
        this.timeoutNanos = settings.operationTimeout().toNanos();
        this.breaker = new CircuitBreaker(settings.breakerFailures(), settings.breakerOpenFor().toNanos(),
                System::nanoTime);
        this.tagVersions = new ClusterTagVersions(this, settings.objectPrefix() + "tag-versions");
        this.maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "strata-" + settings.storeName() + "-hazelcast-recovery");
            t.setDaemon(true);
            return t;
        });
        this.clusterListener = watchCluster();
        try {
            tagVersions.resync();
        } catch (RuntimeException e) {
            LOG.warn("distributed tier '{}': cluster not reachable yet ({}); serving from the database until it is",
                    settings.storeName(), e.toString());
            scheduleRecovery();
        }
        this.clock = settings.coarseClock() ? CoarseClock.acquire() : null;
    }

    /** Builds the tier from {@code strata.hazelcast.*} settings; used by {@code strata.tier=distributed}. */
    public static DistributedTier fromConfig(StrataConfig config) {
        HazelcastSettings s = HazelcastSettings.from(config);
        if (!s.clientMode() && s.shareMember()) {
            HazelcastInstance member = SharedMembers.acquire(s);
            try {
                return new DistributedTier(s, member, Ownership.SHARED);
            } catch (RuntimeException e) {
                SharedMembers.release(member);
                throw e;
            }
        }
        HazelcastInstance instance = s.clientMode()
                ? HazelcastClient.newHazelcastClient(HazelcastConfigs.client(s))
                : Hazelcast.newHazelcastInstance(HazelcastConfigs.member(s));
        try {
            return new DistributedTier(s, instance, Ownership.OWNED);
        } catch (RuntimeException e) {
            instance.shutdown();
            throw e;
        }
    }

    /**
     * A tier over a Hazelcast instance (member or client) the caller started and keeps: closing the tier
     * leaves it running. {@code strataSettings} supplies the other {@code strata.hazelcast.*} settings
     * (near cache, timeouts, circuit breaker); the mode, members and network keys are ignored.
     */
    public static DistributedTier using(HazelcastInstance instance, Map<?, ?> strataSettings) {
        Objects.requireNonNull(instance, "instance");
        HazelcastSettings s = HazelcastSettings.from(StrataConfig.load(strataSettings));
        boolean client = instance.getClass().getName().contains(".client.");
        s = new HazelcastSettings(s.storeName(), client, s.members(), s.clusterName(), s.bindAddress(), s.port(),
                s.backupCount(), s.nearCacheEnabled(), s.nearCacheMaxEntries(), s.nearCacheTtl(),
                s.nearCacheMinReads(), s.operationTimeout(), s.breakerFailures(), s.breakerOpenFor(),
                false, s.shareMemberLinger(), s.coarseClock());
        return new DistributedTier(s, instance, Ownership.BORROWED);
    }

    // ---- Tier ---------------------------------------------------------------------------------------

    @Override
    public String name() {
        return "distributed";
    }

    @Override
    public <K, V> TierCache<K, V> createCache(String regionName, RegionSettings regionSettings, TierListener listener) {
        NearCache near = settings.nearCacheEnabled()
                ? new NearCache((int) Math.min(settings.nearCacheMaxEntries(), regionSettings.maxEntries()),
                settings.nearCacheTtl().toNanos(), settings.nearCacheMinReads(),
                clock == null ? System::nanoTime : clock::nanoTime)
                : null;
        DistributedTierCache<K, V> cache = new DistributedTierCache<>(this, regionName,
                settings.objectPrefix() + "region:" + regionName, regionSettings, near, listener);
        caches.add(cache);
        try {
            cache.map(); // configure and listen now; a client that is offline retries on first use
        } catch (RuntimeException e) {
            LOG.debug("region '{}': cluster not reachable yet", regionName, e);
        }
        return cache;
    }

    @Override
    public TagVersions tagVersions() {
        return tagVersions;
    }

    /**
     * A map entry lock with a lease in the map {@code strata:<store>:leases} (see {@code MapLease}): one
     * process of the cluster holds it at a time.
     */
    @Override
    public Optional<ClusterLease> lease(String name, Duration lease) {
        return Optional.of(new MapLease(this, settings.objectPrefix() + "leases", name, lease));
    }

    /** Cluster time ({@code Cluster#getClusterTime}): one time line for every member and client. */
    @Override
    public long currentTimeMillis() {
        try {
            return hazelcast.getCluster().getClusterTime();
        } catch (RuntimeException offline) {
            return System.currentTimeMillis();
        }
    }

    /** The cluster time in milliseconds; same as {@link #currentTimeMillis()}. */
    public long clusterTimeMillis() {
        return currentTimeMillis();
    }

    /** The Hazelcast instance regions live in. */
    public HazelcastInstance hazelcastInstance() {
        return hazelcast;
    }

    /** A snapshot of the tier's counters. */
    public DistributedTierStats stats() {
        long nearEntries = 0;
        for (DistributedTierCache<?, ?> cache : caches) {
            nearEntries += cache.nearSize();
        }
        return new DistributedTierStats(counters.nearHits.sum(), counters.nearMisses.sum(),
                counters.remoteGets.sum(), counters.remotePuts.sum(), counters.invalidationsSent.sum(),
                counters.invalidationsReceived.sum(), counters.fallbacks.sum(), breaker.opens(),
                breaker.state().name(), nearEntries, counters.nearClears.sum());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (clock != null) {
            clock.release();
        }
        maintenance.shutdownNow();
        for (DistributedTierCache<?, ?> cache : Set.copyOf(caches)) {
            cache.close();
        }
        try {
            if (clusterListener != null) {
                if (isClient()) {
                    hazelcast.getLifecycleService().removeLifecycleListener(clusterListener);
                } else {
                    hazelcast.getCluster().removeMembershipListener(clusterListener);
                }
            }
            tagVersions.close();
        } catch (RuntimeException e) {
            LOG.debug("distributed tier: listener removal failed", e);
        }
        if (ownership == Ownership.OWNED) {
            hazelcast.shutdown();
        } else if (ownership == Ownership.SHARED) {
            SharedMembers.release(hazelcast);
        }
    }

    @Override
    public String toString() {
        return "DistributedTier[" + settings.storeName() + ", " + (isClient() ? "client" : "member") + " of '"
                + settings.clusterName() + "', breaker " + breaker.state() + "]";
    }

    // ---- for the tier's own classes ------------------------------------------------------------------

    HazelcastSettings settings() {
        return settings;
    }

    HazelcastInstance hazelcast() {
        return hazelcast;
    }

    TierCounters counters() {
        return counters;
    }

    boolean isClient() {
        return settings.clientMode();
    }

    void forget(DistributedTierCache<?, ?> cache) {
        caches.remove(cache);
    }

    /** Adds a map configuration cluster-wide; one that exists with other settings stays (logged). */
    void addMapConfig(MapConfig config) {
        try {
            hazelcast.getConfig().addMapConfig(config);
        } catch (com.hazelcast.config.InvalidConfigurationException e) {
            LOG.warn("Hazelcast map '{}' is already configured differently; keeping that configuration ({})",
                    config.getName(), e.getMessage());
        }
    }

    /** Runs an asynchronous cluster operation through the breaker, bounded by the operation timeout. */
    <T> T call(String operation, Supplier<? extends CompletionStage<T>> op) {
        enter(operation);
        try {
            T result = await(op.get());
            breaker.succeeded();
            return result;
        } catch (IllegalArgumentException callerMistake) {
            breaker.succeeded();
            throw callerMistake;
        } catch (RuntimeException e) {
            throw failed(operation, e);
        }
    }

    /** Runs a blocking cluster operation (no async form exists) through the breaker. */
    <T> T callSync(String operation, Supplier<T> op) {
        enter(operation);
        try {
            T result = awaitSync(op);
            breaker.succeeded();
            return result;
        } catch (IllegalArgumentException callerMistake) {
            breaker.succeeded();
            throw callerMistake;
        } catch (RuntimeException e) {
            throw failed(operation, e);
        }
    }

    /** Waits for {@code stage} at most the operation timeout; failures surface as runtime exceptions. */
    <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TierUnavailableException("interrupted while waiting for the cluster", e);
        } catch (TimeoutException e) {
            throw new TierUnavailableException("no answer from the cluster within "
                    + settings.operationTimeout().toMillis() + " ms", null);
        } catch (ExecutionException e) {
            throw translate(e.getCause());
        }
    }

    <T> T awaitSync(Supplier<T> op) {
        try {
            return op.get();
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    /**
     * Drops every near copy and puts tag versions in doubt, then schedules a recovery: called whenever an
     * invalidation may have been lost.
     */
    void suspect(String reason) {
        LOG.debug("distributed tier '{}': {}; dropping near copies until resynchronised", settings.storeName(),
                reason);
        tagVersions.doubt();
        clearNearCaches();
        scheduleRecovery(0); // reads miss while in doubt: try to resynchronise at once
    }

    /** Schedules {@link #recover()} (once at a time) until it succeeds; retries come every 250 ms at most. */
    void scheduleRecovery() {
        scheduleRecovery(Math.min(settings.breakerOpenFor().toMillis(), 250));
    }

    private void scheduleRecovery(long delayMillis) {
        if (closed || !recoveryScheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            maintenance.schedule(() -> {
                recoveryScheduled.set(false);
                if (closed) {
                    return;
                }
                // Closed breaker: recover now. Open breaker: be its half-open probe once the open period is
                // over, so versions come back even when no region is being read.
                boolean recovered = breaker.state() == CircuitBreaker.State.CLOSED
                        ? recover() : breaker.allow(this::recover);
                if (!recovered) {
                    scheduleRecovery();
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            recoveryScheduled.set(false);
        }
    }

    // ---- internals ----------------------------------------------------------------------------------

    private void enter(String operation) {
        if (!breaker.allow(this::recover)) {
            counters.fallbacks.increment();
            throw new TierUnavailableException("circuit breaker open: " + operation + " skipped the cluster", null);
        }
    }

    private RuntimeException failed(String operation, RuntimeException e) {
        counters.fallbacks.increment();
        if (breaker.failed()) {
            LOG.warn("distributed tier '{}': {} consecutive failures (last: {} -> {}); circuit breaker open, "
                            + "regions use the database for {} before probing the cluster again",
                    settings.storeName(), settings.breakerFailures(), operation, e.toString(),
                    settings.breakerOpenFor());
            suspect("circuit breaker opened");
        }
        return e;
    }

    /**
     * Replays what did not reach the cluster, reloads tag versions and drops near copies; true when it all
     * worked. Runs as the breaker's half-open probe or on the recovery thread, one at a time.
     */
    private synchronized boolean recover() {
        if (closed) {
            return false;
        }
        try {
            for (DistributedTierCache<?, ?> cache : caches) {
                cache.replayPending();
            }
            boolean wasInDoubt = tagVersions.inDoubt();
            tagVersions.resync();
            if (wasInDoubt) {
                clearNearCaches();
            }
            LOG.debug("distributed tier '{}': resynchronised with the cluster", settings.storeName());
            return true;
        } catch (RuntimeException e) {
            LOG.debug("distributed tier '{}': recovery failed: {}", settings.storeName(), e.toString());
            return false;
        }
    }

    private void clearNearCaches() {
        counters.nearClears.increment();
        for (DistributedTierCache<?, ?> cache : caches) {
            cache.clearNear();
        }
    }

    private RuntimeException translate(Throwable t) {
        if (t instanceof HazelcastSerializationException e) {
            return new IllegalArgumentException("the distributed tier cannot serialise this value: " + e.getMessage(), e);
        }
        if (t instanceof RuntimeException r) {
            return r;
        }
        return new TierUnavailableException("cluster operation failed: " + t, t);
    }

    /** A member that leaves, or a client that loses its connection, may have lost invalidation events. */
    private UUID watchCluster() {
        if (isClient()) {
            return hazelcast.getLifecycleService().addLifecycleListener(event -> {
                if (event.getState() == LifecycleEvent.LifecycleState.CLIENT_DISCONNECTED) {
                    suspect("client disconnected from the cluster");
                } else if (event.getState() == LifecycleEvent.LifecycleState.CLIENT_CONNECTED) {
                    suspect("client (re)connected to the cluster");
                }
            });
        }
        return hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                // partitions migrate with their data; no event is lost
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                suspect("member " + event.getMember().getAddress() + " left the cluster");
            }
        });
    }
}
