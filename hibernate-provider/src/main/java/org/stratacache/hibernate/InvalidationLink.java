package org.stratacache.hibernate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.resource.jdbc.spi.LogicalConnectionImplementor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stratacache.core.RegionStore;
import org.stratacache.core.invalidation.BusRegistry;
import org.stratacache.core.invalidation.InvalidationBus;
import org.stratacache.core.invalidation.InvalidationStats;
import org.stratacache.core.invalidation.TableTags;

/**
 * The region factory's end of the invalidation bus between the JVMs that share a database and a store name
 * ({@code strata.invalidation.*}, the same bus and tags as the JDBC layer; see {@code docs/invalidation.md}).
 *
 * <h2>Sending</h2>
 * What a session changed is collected as tables in its {@link SessionCacheContext} and published when its
 * transaction commits, as table tags ({@link TableTags}): inside the transaction, on its own connection, when
 * Hibernate runs a resource-local JDBC transaction (PostgreSQL delivers the notification when, and only if, it
 * commits); otherwise right after the commit, from the bus's publisher connection. Two sources of "changed":
 * <ul>
 *   <li>the update-timestamps region: Hibernate pre-invalidates, then invalidates, every query space of every
 *       insert, update, delete, collection change and bulk or native mutation of the transaction — cached entity
 *       or not. It is the single complete funnel, but only while the query cache is on: with
 *       {@code hibernate.cache.use_query_cache=false} Hibernate builds no timestamps region and its action queue
 *       registers no query spaces at all ({@code ActionQueue#registerCleanupActions} checks
 *       {@code isQueryCacheEnabled});</li>
 *   <li>so also the entity, collection and natural-id regions: each change Hibernate makes to one during the
 *       flush (a READ_WRITE soft lock, a removal, a bulk clear) records the tables that region reads
 *       ({@link TableIndex}). With the query cache off, these are the tables whose change other JVMs' caches
 *       can depend on.</li>
 * </ul>
 *
 * <h2>Receiving</h2>
 * A table tag from another JVM (its Hibernate, its JDBC layer, or a trigger) evicts every entity, collection and
 * natural-id region that reads the table — and refuses, in it, loads by transactions that began before (they may
 * have read the row before the other JVM's commit) — and moves the update timestamp of every query space naming
 * the table to now, as Hibernate's own invalidation does, so that cached query results over it are stale.
 * "Everything" (a reconnect, a message too large for one notification, the JDBC layer's {@code jdbc:all}) does
 * that for every region and every space.
 *
 * <h2>Doubt means stale</h2>
 * While the bus is not trusted (not yet listening, or its connection was lost), entity, collection, natural-id and
 * query-result reads miss (counted in {@link #busDownMisses()}) and loads are not cached; the update-timestamps
 * region keeps working, since a missing timestamp would read as "never changed".
 */
final class InvalidationLink implements InvalidationBus.Receiver {
    private static final Logger LOG = LoggerFactory.getLogger(InvalidationLink.class);

    private final Supplier<Timestamper> timestamper;
    private final Set<DomainStorage> domain = ConcurrentHashMap.newKeySet();
    private final Set<DirectStorage> queryResults = ConcurrentHashMap.newKeySet();
    /** Query spaces met in the update-timestamps region, by table: native queries' spaces are not in the index. */
    private final ConcurrentHashMap<String, Set<String>> seenSpaces = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Boolean> knownSpaces = new ConcurrentHashMap<>();
    private final LongAdder busDownMisses = new LongAdder();
    private volatile DirectStorage timestamps;
    private volatile TableIndex index;
    private volatile BusRegistry registry;
    private volatile InvalidationBus bus = InvalidationBus.off("not started");
    /** Loads of query results by transactions that began at or before this are not cached. */
    private volatile long queryFence = Long.MIN_VALUE;

    InvalidationLink(Supplier<Timestamper> timestamper) {
        this.timestamper = timestamper;
    }

    /** Creates the bus for {@code target}'s database as {@code strata.invalidation.mode} says (or none). */
    void start(RegionStore store, BusTarget target) {
        BusRegistry buses = new BusRegistry(store.config(), store.name(), "distributed".equals(store.tierName()),
                this);
        registry = buses;
        attach(buses.busFor(target.url(), target.connections()));
    }

    /** Uses {@code bus} from now on (tests give one that records). */
    void attach(InvalidationBus bus) {
        this.bus = bus;
        LOG.debug("Strata second-level cache: invalidation bus {}", bus.describe());
    }

    void close() {
        BusRegistry buses = registry;
        registry = null;
        bus = InvalidationBus.off("closed");
        domain.clear();
        queryResults.clear();
        timestamps = null;
        index = null;
        if (buses != null) {
            buses.close();
        }
    }

    // ---- regions ------------------------------------------------------------------------------------

    void register(DomainStorage storage) {
        domain.add(storage);
    }

    void registerQueryResults(DirectStorage storage) {
        queryResults.add(storage);
    }

    void registerTimestamps(DirectStorage storage) {
        timestamps = storage;
    }

    /** Reads the metamodel once, when the first session opens (it is complete by then). */
    void indexOnce(SessionFactoryImplementor factory) {
        if (index == null) {
            synchronized (this) {
                if (index == null) {
                    index = TableIndex.of(factory);
                }
            }
        }
    }

    // ---- trust --------------------------------------------------------------------------------------

    /** False while the bus may have missed messages: nothing may be served from the cache. */
    boolean trusted() {
        return bus.trusted();
    }

    /** A read that missed because the bus was not trusted. */
    void missedWhileBusDown() {
        busDownMisses.increment();
    }

    long busDownMisses() {
        return busDownMisses.sum();
    }

    InvalidationStats stats() {
        BusRegistry buses = registry;
        return buses == null ? InvalidationStats.NONE : buses.stats();
    }

    String describe() {
        return bus.describe();
    }

    /** May a query result loaded by {@code session}'s transaction be cached? */
    boolean admitsQueryResult(SharedSessionContractImplementor session) {
        return trusted() && (queryFence == Long.MIN_VALUE || cachingTimestamp(session) > queryFence);
    }

    long queryFence() {
        return queryFence;
    }

    // ---- sending ------------------------------------------------------------------------------------

    /** A session changed what {@code storage} caches: the tables it reads go out when the transaction commits. */
    void changed(DomainStorage storage, SharedSessionContractImplementor session) {
        SessionCacheContext context = contextOf(session);
        if (context != null) {
            TableIndex tables = index;
            if (tables == null) {
                indexOnce(session.getFactory());
                tables = index;
            }
            context.changed(tables.tablesOf(storage), session);
        }
    }

    /** Hibernate (pre-)invalidated a query space in {@code session}'s transaction. */
    void spaceChanged(String space, SharedSessionContractImplementor session) {
        seen(space);
        SessionCacheContext context = contextOf(session);
        if (context != null) {
            context.changed(Set.of(TableTags.table(space)), session);
        }
    }

    /**
     * Sends {@code tables} inside the transaction open on {@code session}'s connection; false when that cannot be
     * done (JTA, no physical connection, no bus that can): the caller then publishes after the commit.
     */
    boolean publishInTransaction(SharedSessionContractImplementor session, Collection<String> tables) {
        if (tables.isEmpty()) {
            return true;
        }
        try {
            if (session.getTransactionCoordinator().getTransactionCoordinatorBuilder().isJta()) {
                return false;
            }
            LogicalConnectionImplementor connection = session.getJdbcCoordinator().getLogicalConnection();
            return connection.isPhysicallyConnected()
                    && bus.publishInTransaction(connection.getPhysicalConnection(), tags(tables));
        } catch (RuntimeException e) {
            LOG.debug("Strata invalidation: could not publish inside the transaction; publishing after it", e);
            return false;
        }
    }

    /** Sends {@code tables} after a commit (in the background). */
    void publish(Collection<String> tables) {
        if (!tables.isEmpty()) {
            bus.publish(tags(tables));
        }
    }

    private static List<String> tags(Collection<String> tables) {
        List<String> tags = new ArrayList<>(tables.size());
        for (String table : tables) {
            tags.add(TableTags.tag(table));
        }
        return tags;
    }

    // ---- receiving ----------------------------------------------------------------------------------

    @Override
    public void invalidated(Collection<String> tags) {
        Set<String> tables = new LinkedHashSet<>();
        for (String tag : tags) {
            if (tag.equals(TableTags.ALL)) {
                invalidateAll();
                return;
            }
            String table = TableTags.tableOf(tag);
            if (table != null) {
                tables.add(table);
            }
        }
        TableIndex tableIndex = index;
        if (tableIndex == null) {
            invalidateAll(); // no session has opened yet: nothing is cached, but be sure
            return;
        }
        for (String table : tables) {
            for (DomainStorage storage : tableIndex.storagesReading(table)) {
                storage.evictRemotely(nextTimestamp());
            }
            Set<String> spaces = new LinkedHashSet<>(tableIndex.spacesOf(table));
            spaces.addAll(seenSpaces.getOrDefault(table, Set.of()));
            spaces.add(table); // a native query may name it as its space, in its bare spelling
            bump(spaces);
        }
    }

    @Override
    public void invalidateAll() {
        long now = nextTimestamp();
        queryFence = now;
        for (DomainStorage storage : domain) {
            storage.evictRemotely(now);
        }
        for (DirectStorage storage : queryResults) {
            storage.evictData();
        }
        Set<String> spaces = new LinkedHashSet<>();
        TableIndex tableIndex = index;
        if (tableIndex != null) {
            spaces.addAll(tableIndex.allSpaces());
        }
        seenSpaces.values().forEach(spaces::addAll);
        bump(spaces);
    }

    /**
     * Moves each space's update timestamp to now (plus the skew allowance, see {@link StrataTimestampsRegion}), as
     * Hibernate's {@code TimestampsCache#invalidate} does — but
     * never backwards: a local transaction's pre-invalidation (a timestamp in the future until it completes)
     * stays.
     */
    private void bump(Collection<String> spaces) {
        DirectStorage region = timestamps;
        if (region == null || spaces.isEmpty()) {
            return;
        }
        for (String space : spaces) {
            // as StrataTimestampsRegion records a change: past the members' clock skew on a shared tier
            long now = nextTimestamp() + timestamper.get().skewAllowance();
            region.region().compute(space, (k, current) ->
                    current instanceof Long last && last >= now ? current : (Object) now);
        }
    }

    /** Remembers a query space met in the update-timestamps region (a query's read: cheap once known). */
    void seen(String space) {
        if (!knownSpaces.containsKey(space)) {
            knownSpaces.put(space, Boolean.TRUE);
            seenSpaces.computeIfAbsent(TableTags.table(space), t -> ConcurrentHashMap.newKeySet()).add(space);
        }
    }

    private long nextTimestamp() {
        return timestamper.get().next();
    }

    private static SessionCacheContext contextOf(SharedSessionContractImplementor session) {
        return session != null && session.getCacheTransactionSynchronization() instanceof SessionCacheContext c
                ? c : null;
    }

    static long cachingTimestamp(SharedSessionContractImplementor session) {
        return session == null ? Long.MIN_VALUE : session.getCacheTransactionSynchronization().getCachingTimestamp();
    }
}
