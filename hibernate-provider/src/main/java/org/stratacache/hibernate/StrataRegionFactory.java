package org.stratacache.hibernate;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import org.hibernate.boot.spi.SessionFactoryOptions;
import org.hibernate.cache.CacheException;
import org.hibernate.cache.cfg.spi.DomainDataRegionBuildingContext;
import org.hibernate.cache.cfg.spi.DomainDataRegionConfig;
import org.hibernate.cache.spi.CacheTransactionSynchronization;
import org.hibernate.cache.spi.DomainDataRegion;
import org.hibernate.cache.spi.QueryResultsRegion;
import org.hibernate.cache.spi.TimestampsRegion;
import org.hibernate.cache.spi.access.AccessType;
import org.hibernate.cache.spi.support.DomainDataStorageAccess;
import org.hibernate.cache.spi.support.RegionFactoryTemplate;
import org.hibernate.cache.spi.support.RegionNameQualifier;
import org.hibernate.cache.spi.support.StorageAccess;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stratacache.core.Region;
import org.stratacache.core.RegionSettings;
import org.stratacache.core.RegionStore;
import org.stratacache.core.StrataConfigException;
import org.stratacache.core.config.ConfigKeys;
import org.stratacache.core.config.StrataConfig;
import org.stratacache.core.invalidation.InvalidationStats;

/**
 * Strata as Hibernate ORM's second-level cache: {@code hibernate.cache.region.factory_class=strata} (or this
 * class's name, or an instance of it).
 *
 * <p>Every Hibernate region is a core {@link Region} of one {@link RegionStore}:
 * <ul>
 *   <li>The store is built from the {@code strata.*} entries of Hibernate's settings (same keys and parser as
 *       everywhere in Strata; per-region TTL and size as {@code strata.region.<region-name>.*}), and closed
 *       with the SessionFactory. Or the caller hands one over — {@link #StrataRegionFactory(RegionStore)}, or
 *       the instance under {@code strata.hibernate.region-store} in the settings map — and keeps owning it;
 *       SessionFactories given the same store share its regions and see each other's writes.</li>
 *   <li>Entries are Hibernate's own immutable cache entries, held by reference in the local tier.</li>
 *   <li>The update-timestamps region never expires and is never evicted (a missing timestamp would make
 *       stale query results look current); its values come from a {@link CacheClock}, the seam for the
 *       distributed tier's cluster time.</li>
 *   <li>READ_ONLY, NONSTRICT_READ_WRITE and READ_WRITE (with per-key atomic soft locks,
 *       {@link ReadWriteAccess}); TRANSACTIONAL gets READ_WRITE's protocol while reporting TRANSACTIONAL
 *       (why: {@link StrataDomainDataRegion}).</li>
 *   <li>Concurrent misses of one key wait for one database load ({@link LoadCoalescer}).</li>
 *   <li>What a transaction changed reaches the other JVMs with the same store name over the invalidation bus
 *       ({@code strata.invalidation.*}, {@link InvalidationLink}), and theirs reach this one; while the bus is
 *       not trusted, nothing is served from the cache.</li>
 * </ul>
 */
public final class StrataRegionFactory extends RegionFactoryTemplate {
    private static final Logger LOG = LoggerFactory.getLogger(StrataRegionFactory.class);
    private static final long serialVersionUID = 1L;

    /** Settings of the update-timestamps region: never expires, never evicted. */
    static final RegionSettings TIMESTAMPS_SETTINGS = RegionSettings.builder()
            .ttl(Duration.ZERO).maxEntries(Long.MAX_VALUE).storeByValue(false).refreshAhead(0.0).build();

    private final transient RegionStore givenStore;
    private final transient CacheClock givenClock;
    private transient volatile Timestamper timestamper;
    private transient volatile RegionStore store;
    private transient volatile boolean ownsStore;
    private transient volatile long coalesceWaitNanos;
    private transient volatile RuntimeException startFailure;
    private final transient InvalidationLink link = new InvalidationLink(this::timestamper);

    /** The factory Hibernate instantiates: it builds its store from the {@code strata.*} settings. */
    public StrataRegionFactory() {
        this(null, CacheClock.SYSTEM);
    }

    /**
     * A factory over a store the caller built and keeps owning (closing the SessionFactory leaves it open).
     * Pass the instance as {@code hibernate.cache.region.factory_class}.
     */
    public StrataRegionFactory(RegionStore store) {
        this(Objects.requireNonNull(store, "store"), CacheClock.SYSTEM);
    }

    /** With {@code clock} null or {@link CacheClock#SYSTEM}, the store's clock once the store is known. */
    StrataRegionFactory(RegionStore store, CacheClock clock) {
        this.givenStore = store;
        this.givenClock = clock == null ? CacheClock.SYSTEM : clock;
        this.timestamper = new Timestamper(this.givenClock);
    }

    /** The store in use; {@code null} before the SessionFactory started or after it closed. */
    public RegionStore regionStore() {
        return store;
    }

    // ---- lifecycle ----------------------------------------------------------------------------------

    @Override
    protected void prepareForUse(SessionFactoryOptions options, Map<String, Object> settings) {
        startFailure = null;
        try {
            StrataConfig config = StrataConfig.load(settings);
            coalesceWaitNanos = config.get(ConfigKeys.HIBERNATE_COALESCE_WAIT).toNanos();
            RegionStore resolved = givenStore != null ? givenStore : storeFromSettings(settings);
            if (resolved != null) {
                if (resolved.isClosed()) {
                    throw new StrataConfigException("the region store given to StrataRegionFactory ("
                            + resolved.name() + ") is already closed");
                }
                store = resolved;
                ownsStore = false;
                warnAboutIgnoredStoreSettings(settings, resolved);
            } else {
                store = RegionStore.builder().settings(settings).build();
                ownsStore = true;
            }
            // Several processes share the soft locks only on the distributed tier (or under a clock a test gave).
            boolean shared = givenClock != CacheClock.SYSTEM || "distributed".equals(store.tierName());
            long allowance = shared ? SoftLockEntry.CLUSTER_SKEW_ALLOWANCE : 0;
            timestamper = givenClock != CacheClock.SYSTEM ? new Timestamper(givenClock, allowance)
                    : Timestamper.of(store, clockFor(store), allowance);
            link.start(store, BusTarget.of(settings, store.config(),
                    options == null ? null : options.getServiceRegistry()));
            LOG.info("Strata second-level cache: store '{}' on the {} tier ({}); invalidation between JVMs: {}",
                    store.name(), store.tierName(),
                    ownsStore ? "built from the strata.* settings, closed with the SessionFactory"
                            : "given by the application, left open when the SessionFactory closes",
                    link.describe());
        } catch (RuntimeException e) {
            LOG.error("Strata second-level cache cannot start: {}", e.getMessage());
            startFailure = e;
            throw e;
        }
    }

    /**
     * Hibernate swallows a failure in {@link #prepareForUse} and reports "Cache provider not started" when
     * the first region is built; this puts the actual reason in the message.
     */
    @Override
    protected void verifyStarted() {
        RuntimeException failure = startFailure;
        if (failure != null && !verifiedStartStatus()) {
            throw new CacheException("Strata second-level cache failed to start: " + failure.getMessage(), failure);
        }
        super.verifyStarted();
    }

    /**
     * The clock whose time every process sharing the store agrees on: the store's, which is this JVM's
     * clock on the local tier and Hazelcast's cluster time on the distributed tier, so that update
     * timestamps and soft-lock timeouts written by different members lie on one time line.
     */
    private static CacheClock clockFor(RegionStore store) {
        return store::currentTimeMillis;
    }

    /** Store settings next to a given store cannot apply to it: say so rather than drop them silently. */
    private static void warnAboutIgnoredStoreSettings(Map<String, Object> settings, RegionStore given) {
        var ignored = new java.util.TreeSet<String>();
        for (Object key : settings.keySet()) {
            if (key instanceof String name && name.startsWith(ConfigKeys.PREFIX)
                    && !name.startsWith("strata.hibernate.")) {
                ignored.add(name);
            }
        }
        if (!ignored.isEmpty()) {
            LOG.warn("Strata: the application gave region store '{}', which keeps its own configuration; these "
                    + "Hibernate settings do not apply to it: {}", given.name(), ignored);
        }
    }

    private static RegionStore storeFromSettings(Map<String, Object> settings) {
        Object value = settings.get(ConfigKeys.HIBERNATE_REGION_STORE.name());
        if (value == null) {
            return null;
        }
        if (value instanceof RegionStore given) {
            return given;
        }
        throw new StrataConfigException(ConfigKeys.HIBERNATE_REGION_STORE.name() + " must hold a "
                + RegionStore.class.getName() + " instance (put the object into the settings map), not "
                + value.getClass().getName() + " '" + value + "'");
    }

    @Override
    protected void releaseFromUse() {
        link.close();
        RegionStore current = store;
        store = null;
        if (current != null && ownsStore) {
            current.close();
        }
    }

    // ---- regions ------------------------------------------------------------------------------------

    @Override
    public DomainDataRegion buildDomainDataRegion(DomainDataRegionConfig config,
                                                  DomainDataRegionBuildingContext context) {
        verifyStarted();
        return new StrataDomainDataRegion(config, this,
                (DomainStorage) createDomainDataStorageAccess(config, context), getImplicitCacheKeysFactory(),
                context);
    }

    @Override
    protected DomainDataStorageAccess createDomainDataStorageAccess(DomainDataRegionConfig config,
                                                                    DomainDataRegionBuildingContext context) {
        String name = qualified(config.getRegionName(), context.getSessionFactory());
        DomainStorage storage = new DomainStorage(coreRegion(name), new LoadCoalescer(coalesceWaitNanos), link);
        link.register(storage);
        return storage;
    }

    @Override
    public QueryResultsRegion buildQueryResultsRegion(String regionName, SessionFactoryImplementor factory) {
        verifyStarted();
        return new StrataQueryResultsRegion(regionName, this,
                (DirectStorage) createQueryResultsRegionStorageAccess(regionName, factory));
    }

    @Override
    protected StorageAccess createQueryResultsRegionStorageAccess(String regionName,
                                                                  SessionFactoryImplementor factory) {
        return DirectStorage.queryResults(coreRegion(qualified(regionName, factory)), link);
    }

    @Override
    public TimestampsRegion buildTimestampsRegion(String regionName, SessionFactoryImplementor factory) {
        verifyStarted();
        return new StrataTimestampsRegion(regionName, this,
                (DirectStorage) createTimestampsRegionStorageAccess(regionName, factory),
                () -> timestamper.skewAllowance());
    }

    @Override
    protected StorageAccess createTimestampsRegionStorageAccess(String regionName, SessionFactoryImplementor factory) {
        String name = qualified(regionName, factory);
        RegionStore current = requireStore();
        if (current.hasOwnSettings(name)) {
            throw new StrataConfigException("the update-timestamps region '" + name + "' must never expire nor be "
                    + "evicted (a missing timestamp makes stale query results look current): remove the "
                    + ConfigKeys.REGION_PREFIX + name + ".* settings");
        }
        Region<Object, Object> region = current.region(name, TIMESTAMPS_SETTINGS);
        return DirectStorage.timestamps(region, link);
    }

    private Region<Object, Object> coreRegion(String name) {
        RegionStore current = requireStore();
        if (!current.hasOwnSettings(name)) {
            LOG.info("Strata region '{}' has no {}{}.* settings: using the defaults {}", name,
                    ConfigKeys.REGION_PREFIX, name, current.settingsFor(name));
        }
        return current.region(name);
    }

    private static String qualified(String regionName, SessionFactoryImplementor factory) {
        return RegionNameQualifier.INSTANCE.qualify(regionName, factory.getSessionFactoryOptions());
    }

    private RegionStore requireStore() {
        RegionStore current = store;
        if (current == null) {
            throw new CacheException("StrataRegionFactory is not started");
        }
        return current;
    }

    // ---- timestamps and transactions ----------------------------------------------------------------

    Timestamper timestamper() {
        return timestamper;
    }

    @Override
    public long nextTimestamp() {
        return timestamper.next();
    }

    @Override
    public long getTimeout() {
        return Timestamper.LOCK_TIMEOUT;
    }

    @Override
    public CacheTransactionSynchronization createTransactionContext(SharedSessionContractImplementor session) {
        link.indexOnce(session.getFactory());
        return new SessionCacheContext(timestamper, link);
    }

    /**
     * Counters of the invalidation bus between the JVMs sharing this factory's database and store name
     * ({@link InvalidationStats#NONE} when there is none: {@code strata.invalidation.mode=off}, H2 in memory, the
     * distributed tier in {@code auto} mode).
     */
    public InvalidationStats invalidationStatistics() {
        return link.stats();
    }

    /**
     * Reads of entity, collection, natural-id and query-result regions answered as misses because the
     * invalidation bus was not trusted (not listening yet, or its connection lost): "doubt means stale".
     */
    public long busDownMisses() {
        return link.busDownMisses();
    }

    InvalidationLink invalidationLink() {
        return link;
    }

    @Override
    public AccessType getDefaultAccessType() {
        return AccessType.READ_WRITE;
    }

    @Override
    public boolean isMinimalPutsEnabledByDefault() {
        return false;
    }

    @Override
    public String toString() {
        RegionStore current = store;
        return "StrataRegionFactory[" + (current == null ? "not started" : current.name()) + "]";
    }
}
