package org.stratacache.jdbc.cache;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

import org.stratacache.jdbc.JdbcStatisticsMXBean;
import org.stratacache.jdbc.JdbcStats;

/** {@link JdbcStatisticsMXBean} over a context's counters, and its registration. */
final class JdbcStatistics implements JdbcStatisticsMXBean {
    /**
     * Names registered by open contexts. Several contexts may share a store (two data sources over one caller's
     * store): the second gets a suffixed name instead of replacing the first one's bean.
     */
    private static final Set<String> REGISTERED = ConcurrentHashMap.newKeySet();

    private final Supplier<JdbcStats> stats;

    private JdbcStatistics(Supplier<JdbcStats> stats) {
        this.stats = stats;
    }

    /** A registered bean; {@link #close()} unregisters it. */
    record Registration(ObjectName name, String key) implements AutoCloseable {
        @Override
        public void close() {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
            } catch (JMException e) {
                // already gone: nothing to release
            } finally {
                REGISTERED.remove(key);
            }
        }
    }

    /** Registers {@code stats} as {@code org.stratacache:type=JdbcStatistics,store=<store>[-n]}. */
    static Registration register(String store, Supplier<JdbcStats> stats) {
        String key = store;
        for (int n = 2; !REGISTERED.add(key); n++) {
            key = store + "-" + n;
        }
        ObjectName name = objectName(key);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            server.registerMBean(new JdbcStatistics(stats), name);
        } catch (JMException e) {
            REGISTERED.remove(key);
            throw new IllegalStateException("cannot register the JDBC statistics MXBean " + name, e);
        }
        return new Registration(name, key);
    }

    /** {@code org.stratacache:type=JdbcStatistics,store=<store>} (value quoted). */
    static ObjectName objectName(String store) {
        try {
            return new ObjectName("org.stratacache:type=JdbcStatistics,store=" + ObjectName.quote(store));
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("cannot build a JMX name for the JDBC statistics of " + store, e);
        }
    }

    @Override
    public long getHits() {
        return stats.get().hits();
    }

    @Override
    public long getMisses() {
        return stats.get().misses();
    }

    @Override
    public double getHitRatio() {
        return stats.get().hitRatio();
    }

    @Override
    public long getUncached() {
        return stats.get().uncached();
    }

    @Override
    public Map<String, Long> getUncachedByReason() {
        return byName(stats.get().uncachedByReason());
    }

    @Override
    public long getStreamed() {
        return stats.get().streamed();
    }

    @Override
    public long getNotAdmitted() {
        return stats.get().notAdmitted();
    }

    @Override
    public long getInvalidations() {
        return stats.get().invalidations();
    }

    @Override
    public long getStrataFailures() {
        return stats.get().strataFailures();
    }

    @Override
    public Map<String, Long> getWriteBehindNotQueued() {
        return byName(stats.get().writeBehindNotQueued());
    }

    @Override
    public long getFunctionLookups() {
        return stats.get().functionLookups();
    }

    @Override
    public long getFunctionLookupFailures() {
        return stats.get().functionLookupFailures();
    }

    private static Map<String, Long> byName(Map<? extends Enum<?>, Long> counts) {
        Map<String, Long> named = new TreeMap<>();
        counts.forEach((reason, n) -> named.put(reason.name(), n));
        return named;
    }
}
