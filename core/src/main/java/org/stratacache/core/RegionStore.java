package org.stratacache.core;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import javax.management.ObjectName;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stratacache.core.config.ConfigKeys;
import org.stratacache.core.config.StrataConfig;
import org.stratacache.core.internal.region.TieredRegion;
import org.stratacache.core.internal.stats.CacheStatisticsBean;
import org.stratacache.core.internal.stats.JmxRegistration;
import org.stratacache.core.internal.stats.RegionCounters;
import org.stratacache.core.internal.writebehind.WriteBehindQueue;
import org.stratacache.core.internal.writebehind.WriteBehindStatistics;
import org.stratacache.core.tag.TagSnapshot;
import org.stratacache.core.tier.Tier;
import org.stratacache.core.tier.TierCache;
import org.stratacache.core.tier.TierListener;
import org.stratacache.core.tier.local.LocalTier;
import org.stratacache.core.writebehind.BatchWriter;
import org.stratacache.core.writebehind.DeadLetterSink;
import org.stratacache.core.writebehind.WriteBehind;
import org.stratacache.core.writebehind.WriteBehindSettings;
import org.stratacache.core.writebehind.WriteBehindStats;

/**
 * Owns a set of named {@link Region regions} on one tier, the tag versions they share, and the threads
 * they need. Build it with {@link #builder()} or from {@code strata.*} properties with
 * {@link #fromProperties(Map)}; {@link #close()} releases everything it created.
 *
 * <p>Thread-safe. Regions are created on first use with the settings configured for their name
 * ({@code strata.region.<name>.*}, else {@code strata.defaults.*}).
 */
public final class RegionStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegionStore.class);
    private static final String DISTRIBUTED_TIER = "org.stratacache.core.tier.distributed.DistributedTier";

    private final String name;
    /** The name this store's MXBeans are registered under: unique among the open stores of this JVM. */
    private final String jmxName;
    private final StrataConfig config;
    private final Tier tier;
    private final boolean ownsTier;
    private final Map<String, RegionSettings> explicitSettings;
    private final ConcurrentHashMap<String, TieredRegion<?, ?>> regions = new ConcurrentHashMap<>();
    private final List<ObjectName> mbeans = new ArrayList<>();
    private final ExecutorService loaderThreads;
    private final List<AutoCloseable> closeHooks = new ArrayList<>();
    private final ConcurrentHashMap<String, WriteBehind<?, ?>> writeBehinds = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private RegionStore(Builder b) {
        this.config = StrataConfig.load(b.settings);
        this.name = config.get(ConfigKeys.STORE_NAME);
        this.explicitSettings = Map.copyOf(b.regions);
        this.ownsTier = b.tier == null;
        this.tier = b.tier != null ? b.tier : createTier(config);
        int threads = Math.toIntExact(config.get(ConfigKeys.LOADER_THREADS));
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(10_000), r -> {
            Thread t = new Thread(r, "strata-" + name + "-refresh-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        this.loaderThreads = pool;
        // claimed last: nothing after it can throw, so a store that failed to build holds no name
        this.jmxName = JmxRegistration.claimStoreName(name);
        if (!jmxName.equals(name) && config.get(ConfigKeys.STATISTICS_JMX)) {
            LOG.warn("region store '{}': another open store in this JVM has that name; this one's MXBeans are "
                    + "registered as store '{}' (give each store its own {})", name, jmxName, ConfigKeys.STORE_NAME);
        }
    }

    /** A store configured only from {@code strata.properties}, system properties and {@code settings}. */
    public static RegionStore fromProperties(Map<?, ?> settings) {
        return builder().settings(settings).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The region of that name, created on first use with the settings configured for it. */
    public <K, V> Region<K, V> region(String regionName) {
        return region(regionName, null);
    }

    /**
     * The region of that name, created on first use with {@code settings}.
     *
     * @throws IllegalStateException when the region exists with other settings
     */
    @SuppressWarnings("unchecked")
    public <K, V> Region<K, V> region(String regionName, RegionSettings settings) {
        Objects.requireNonNull(regionName, "regionName");
        if (regionName.isBlank()) {
            throw new IllegalArgumentException("a region name must not be blank");
        }
        ensureOpen();
        boolean[] created = new boolean[1];
        TieredRegion<?, ?> region = regions.computeIfAbsent(regionName, n -> {
            created[0] = true;
            return createRegion(n, settings);
        });
        if (created[0]) {
            // outside computeIfAbsent: a listener may read the store (stats, regions) without a recursive update
            tell(l -> l.regionCreated(region));
        }
        if (settings != null && !settings.equals(region.settings())) {
            throw new IllegalStateException("region '" + regionName + "' already exists with " + region.settings()
                    + ", not " + settings);
        }
        return (Region<K, V>) region;
    }

    /** The settings a region of that name gets when created without explicit settings. */
    public RegionSettings settingsFor(String regionName) {
        RegionSettings explicit = explicitSettings.get(regionName);
        return explicit != null ? explicit : config.regionSettings(regionName);
    }

    /** True when the region has settings of its own (builder or {@code strata.region.<name>.*}). */
    public boolean hasOwnSettings(String regionName) {
        return explicitSettings.containsKey(regionName) || config.hasRegionSettings(regionName);
    }

    /** Names of the regions created so far. */
    public Set<String> regionNames() {
        return new TreeSet<>(regions.keySet());
    }

    /** Statistics of every region, by name. */
    public Map<String, RegionStats> stats() {
        Map<String, RegionStats> all = new LinkedHashMap<>();
        for (String n : regionNames()) {
            TieredRegion<?, ?> r = regions.get(n);
            if (r != null) {
                all.put(n, r.stats());
            }
        }
        return all;
    }

    /** Makes every entry carrying {@code tag}, in any region, stale. */
    public void invalidateTag(String tag) {
        ensureOpen();
        tier.tagVersions().invalidate(Objects.requireNonNull(tag, "tag"));
    }

    /** A snapshot of the tags' current versions, to take before loading a value that depends on them. */
    public TagSnapshot snapshot(Collection<String> tags) {
        return TagSnapshot.take(tier.tagVersions(), tags);
    }

    /**
     * A new write-behind queue named {@code queueName} writing through {@code writer}, with the
     * {@code strata.write-behind.*} settings of this store and the logging dead-letter sink. Closing the
     * store flushes and closes it.
     *
     * @throws IllegalStateException when a queue of that name is open in this store
     */
    public <K, V> WriteBehind<K, V> writeBehind(String queueName, BatchWriter<K, V> writer) {
        return writeBehind(queueName, writer, WriteBehindSettings.from(config), DeadLetterSink.logging());
    }

    /** As {@link #writeBehind(String, BatchWriter)} with settings and a dead-letter sink of the caller's. */
    public <K, V> WriteBehind<K, V> writeBehind(String queueName, BatchWriter<K, V> writer,
                                                WriteBehindSettings settings, DeadLetterSink<K, V> deadLetters) {
        ensureOpen();
        Objects.requireNonNull(queueName, "queueName");
        boolean jmx = config.get(ConfigKeys.STATISTICS_JMX);
        ObjectName objectName = WriteBehindStatistics.objectName(jmxName, queueName);
        WriteBehind<?, ?>[] created = new WriteBehind<?, ?>[1];
        writeBehinds.compute(queueName, (n, existing) -> {
            if (existing != null) {
                throw new IllegalStateException("a write-behind queue named '" + n + "' is already open in store '"
                        + name + "'");
            }
            created[0] = new WriteBehindQueue<>(n, writer, settings, deadLetters, () -> {
                writeBehinds.remove(n, created[0]);
                if (jmx) {
                    JmxRegistration.unregister(objectName);
                }
            });
            return created[0];
        });
        @SuppressWarnings("unchecked")
        WriteBehind<K, V> queue = (WriteBehind<K, V>) created[0];
        if (jmx) {
            JmxRegistration.register(new WriteBehindStatistics(queue), objectName);
        }
        onClose(queue);
        tell(l -> l.writeBehindOpened(queue));
        return queue;
    }

    /**
     * Statistics of every write-behind queue open in this store, by queue name (the JDBC module's queues are
     * named {@code jdbc:<table>}).
     */
    public Map<String, WriteBehindStats> writeBehindStats() {
        Map<String, WriteBehindStats> all = new TreeMap<>();
        writeBehinds.forEach((n, q) -> all.put(n, q.stats()));
        return all;
    }

    /**
     * Tells {@code listener} of every region and open write-behind queue there is now, then of each one created
     * from now on, on the creating thread, right after it was created. A region or queue created while this
     * method runs may be told twice, so a listener must treat a repeat as a no-op (metrics registration does).
     * A listener that throws is logged and does not stop the creation. Listeners are dropped when the store
     * closes; there is no removal before that, since what listens (metrics) lives as long as the store.
     *
     * @throws IllegalStateException when the store is closed
     */
    public void addListener(Listener listener) {
        Objects.requireNonNull(listener, "listener");
        ensureOpen();
        listeners.add(listener);
        // after adding: whatever is created from here on is told by tell(), whatever existed before is told here
        regions.values().forEach(r -> tellOne(listener, l -> l.regionCreated(r)));
        writeBehinds.values().forEach(q -> tellOne(listener, l -> l.writeBehindOpened(q)));
    }

    /**
     * Learns of the regions and write-behind queues a store creates, for code that must follow them without
     * polling (the Micrometer binder registers their meters). Both methods default to doing nothing.
     */
    public interface Listener {
        /** {@code region} was created (or existed when the listener was added). */
        default void regionCreated(Region<?, ?> region) {
        }

        /**
         * {@code queue} was opened (or was open when the listener was added). A queue of the same name may be
         * opened again after this one closes (the JDBC module replays a journal through a queue it then closes).
         */
        default void writeBehindOpened(WriteBehind<?, ?> queue) {
        }
    }

    private void tell(Consumer<Listener> event) {
        for (Listener l : listeners) {
            tellOne(l, event);
        }
    }

    private void tellOne(Listener listener, Consumer<Listener> event) {
        try {
            event.accept(listener);
        } catch (RuntimeException e) {
            LOG.warn("region store '{}': listener {} failed", name, listener, e);
        }
    }

    /**
     * The write-behind queues that left writes in {@code strata.write-behind.journal.dir} (a run that crashed, or
     * whose close could not write everything) and are not open in this store, by queue name, with their
     * journal directories. Opening a queue of that name ({@link #writeBehind}) replays its journal. Empty
     * without a journal directory.
     */
    public SortedMap<String, Path> journaledWriteBehindQueues() {
        ensureOpen();
        SortedMap<String, Path> found = WriteBehindQueue.journaledQueues(WriteBehindSettings.from(config).journalDir());
        found.keySet().removeAll(writeBehinds.keySet());
        return found;
    }

    public StrataConfig config() {
        return config;
    }

    public String name() {
        return name;
    }

    /**
     * The store name in this store's JMX object names: {@link #name()}, or, when another open store of this
     * JVM has that name, the name with {@code -2}, {@code -3} … appended (a warning says so).
     */
    public String jmxName() {
        return jmxName;
    }

    /**
     * The tier's clock in milliseconds: the cluster time on the distributed tier (one time line for every
     * member, as Hibernate's update timestamps need), the JVM's wall clock on the local tier.
     */
    public long currentTimeMillis() {
        return tier.currentTimeMillis();
    }

    /**
     * The tier regions live in; the distributed tier ({@code tier.distributed.DistributedTier}) offers its
     * statistics and the Hazelcast instance there.
     */
    public Tier tier() {
        return tier;
    }

    /** {@code local} or {@code distributed}. */
    public String tierName() {
        return tier.name();
    }

    /**
     * Raw storage on this store's tier, for a layer that brings its own semantics on top (the JCache provider
     * keeps its own expiry, copying, events and statistics). Tier choice and configuration are the store's, so
     * that layer runs unchanged on the local and the distributed tier. The caller owns the returned cache and
     * closes it; closing the store closes the tier under it.
     */
    public <K, V> TierCache<K, V> createTierCache(String cacheName, RegionSettings settings, TierListener listener) {
        Objects.requireNonNull(cacheName, "cacheName");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(listener, "listener");
        ensureOpen();
        return tier.createCache(cacheName, settings, listener);
    }

    /**
     * Registers something to close with the store, before its regions and tier (write-behind queues, which
     * must flush while the store still works). Hooks close in reverse order of registration.
     */
    public void onClose(AutoCloseable hook) {
        synchronized (closeHooks) {
            ensureOpen();
            closeHooks.add(Objects.requireNonNull(hook, "hook"));
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** Runs the close hooks, then releases every region, the loader threads and the tier it created. */
    @Override
    public void close() {
        synchronized (closeHooks) {
            if (closed) {
                return;
            }
            closed = true;
            listeners.clear();
            for (int i = closeHooks.size() - 1; i >= 0; i--) {
                try {
                    closeHooks.get(i).close();
                } catch (Exception e) {
                    LOG.error("region store '{}': a close hook failed", name, e);
                }
            }
        }
        loaderThreads.shutdownNow();
        synchronized (mbeans) {
            mbeans.forEach(JmxRegistration::unregister);
            mbeans.clear();
        }
        JmxRegistration.releaseStoreName(jmxName);
        regions.values().forEach(TieredRegion::close);
        regions.clear();
        if (ownsTier) {
            tier.close();
        }
    }

    private TieredRegion<?, ?> createRegion(String regionName, RegionSettings settings) {
        RegionSettings effective = settings != null ? settings : settingsFor(regionName);
        TieredRegion<?, ?>[] holder = new TieredRegion<?, ?>[1];
        RegionCounters counters = new RegionCounters(regionName, () -> holder[0] == null ? 0 : holder[0].size());
        TierCache<Object, Object> cache = tier.createCache(regionName, effective, counters);
        counters.countedBy(cache);
        TieredRegion<Object, Object> region = new TieredRegion<>(regionName, effective, cache, tier.tagVersions(),
                counters, loaderThreads);
        holder[0] = region;
        if (config.get(ConfigKeys.STATISTICS_JMX)) {
            ObjectName objectName = JmxRegistration.objectName("CacheStatistics", "strata://" + jmxName, regionName);
            JmxRegistration.register(new CacheStatisticsBean(counters), objectName);
            synchronized (mbeans) {
                mbeans.add(objectName);
            }
        }
        return region;
    }

    private static Tier createTier(StrataConfig config) {
        String tier = config.get(ConfigKeys.TIER);
        return switch (tier) {
            case "local" -> new LocalTier(LocalTier.Engine.named(config.get(ConfigKeys.LOCAL_ENGINE)),
                    config.get(ConfigKeys.EXPIRY_CLOCK).equals("coarse"));
            case "distributed" -> createDistributedTier(config);
            default -> throw new StrataConfigException("unknown tier '" + tier + "' for " + ConfigKeys.TIER);
        };
    }

    /**
     * Loads the Hazelcast tier by name, so that this class (and every local-tier user) never needs Hazelcast
     * on the class path.
     */
    private static Tier createDistributedTier(StrataConfig config) {
        ClassLoader loader = RegionStore.class.getClassLoader();
        try {
            Class.forName("com.hazelcast.core.HazelcastInstance", false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new StrataConfigException("strata.tier=distributed needs com.hazelcast:hazelcast (5.x) on the "
                    + "class path; add the dependency or use strata.tier=local", e);
        }
        try {
            Class<?> type = Class.forName(DISTRIBUTED_TIER, true, loader);
            return (Tier) type.getMethod("fromConfig", StrataConfig.class).invoke(null, config);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new StrataConfigException("cannot start the distributed tier: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load " + DISTRIBUTED_TIER, e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("region store '" + name + "' is closed");
        }
    }

    @Override
    public String toString() {
        return "RegionStore[" + name + ", tier=" + tier.name() + ", regions=" + regions.keySet() + "]";
    }

    /** Builds a {@link RegionStore}. Settings given here win over system properties and the class-path file. */
    public static final class Builder {
        private final Map<Object, Object> settings = new LinkedHashMap<>();
        private final Map<String, RegionSettings> regions = new LinkedHashMap<>();
        private Tier tier;

        private Builder() {
        }

        /** Adds {@code strata.*} settings; other keys are ignored. */
        public Builder settings(Map<?, ?> more) {
            settings.putAll(Objects.requireNonNull(more, "settings"));
            return this;
        }

        /** One {@code strata.*} setting. */
        public Builder setting(String key, Object value) {
            if (!key.startsWith(ConfigKeys.PREFIX)) {
                throw new StrataConfigException("not a Strata setting: " + key + " (keys start with strata.)");
            }
            settings.put(key, String.valueOf(value));
            return this;
        }

        public Builder name(String storeName) {
            return setting(ConfigKeys.STORE_NAME.name(), storeName);
        }

        /** Settings for one region; they win over {@code strata.region.<name>.*}. */
        public Builder region(String regionName, RegionSettings regionSettings) {
            if (regions.putIfAbsent(Objects.requireNonNull(regionName, "regionName"),
                    Objects.requireNonNull(regionSettings, "regionSettings")) != null) {
                throw new IllegalStateException("settings for region '" + regionName + "' were already given");
            }
            return this;
        }

        /** Uses a tier the caller created and keeps ownership of (closing the store leaves it open). */
        public Builder tier(Tier callerOwnedTier) {
            if (this.tier != null) {
                throw new IllegalStateException("the tier was already set");
            }
            this.tier = Objects.requireNonNull(callerOwnedTier, "tier");
            return this;
        }

        /** Validates the configuration and starts the store. */
        public RegionStore build() {
            return new RegionStore(this);
        }
    }
}
