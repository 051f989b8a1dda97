package org.stratacache.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.Properties;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.stratacache.core.RegionStore;
import org.stratacache.core.config.StrataConfig;
import org.stratacache.core.invalidation.BusRegistry;
import org.stratacache.core.invalidation.Dedicated;
import org.stratacache.core.invalidation.InvalidationStats;
import org.stratacache.jdbc.cache.StrataContext;
import org.stratacache.jdbc.proxy.JdbcProxies;
import org.stratacache.jdbc.writebehind.ConnectionSource;

/**
 * A caching {@link DataSource} over any other (a pool such as HikariCP, or a driver's own data source).
 *
 * <pre>{@code
 * try (StrataDataSource ds = StrataDataSource.wrap(hikari)) {
 *     try (Connection c = ds.getConnection()) { … }   // safe SELECTs are cached, writes invalidate
 * }
 * }</pre>
 *
 * Each wrapped data source owns one region store, configured from {@code strata.properties}, system
 * properties and the {@code strata.*} entries of the properties given to {@link #wrap(DataSource, Properties)};
 * {@link #close()} releases it (the wrapped data source stays open: it belongs to the caller). Or it works over
 * a store the caller built and keeps owning ({@link #wrap(DataSource, RegionStore)}), which Hibernate's
 * {@code StrataRegionFactory} may share ({@code strata.hibernate.region-store}).
 */
public final class StrataDataSource implements DataSource, AutoCloseable {
    private final DataSource target;
    private final StrataContext context;

    private final BusRegistry.DedicatedConnections dedicated;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private StrataDataSource(DataSource target, StrataContext context) {
        this.target = target;
        this.context = context;
        this.dedicated = Dedicated.forDataSource(context.store().config(), target);
    }

    /** Wraps {@code target} with configuration from {@code strata.properties} and system properties. */
    public static StrataDataSource wrap(DataSource target) {
        return wrap(target, new Properties());
    }

    /** Wraps {@code target}; {@code strata.*} entries of {@code settings} win over the other sources. */
    public static StrataDataSource wrap(DataSource target, Properties settings) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(settings, "settings");
        return new StrataDataSource(target, StrataContext.create(StrataConfig.load(settings)));
    }

    /**
     * Wraps {@code target} over {@code store}, which the caller built and keeps owning: {@link #close()} leaves it
     * open. The store's configuration ({@code strata.jdbc.*}, {@code strata.invalidation.*}) applies. Why: one
     * store shared by JDBC and Hibernate (the Spring Boot starter does this) holds both caches under one
     * configuration, one set of statistics and one lifecycle.
     */
    public static StrataDataSource wrap(DataSource target, RegionStore store) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(store, "store");
        if (store.isClosed()) {
            throw new IllegalStateException("the region store given to StrataDataSource.wrap (" + store.name()
                    + ") is already closed");
        }
        return new StrataDataSource(target, StrataContext.over(store));
    }

    @Override
    public Connection getConnection() throws SQLException {
        return JdbcProxies.wrap(context, target.getConnection(), null, null, ConnectionSource.of(target, null, null),
                dedicated);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return JdbcProxies.wrap(context, target.getConnection(username, password), null, username,
                ConnectionSource.of(target, username, password), dedicated);
    }

    /** The region store holding this data source's cached results. */
    public RegionStore regionStore() {
        return context.store();
    }

    /** Counters of the invalidation bus between the instances sharing this database. */
    public InvalidationStats invalidationStatistics() {
        return context.invalidationStats();
    }

    /** Hit, miss, invalidation and failure counters. */
    public JdbcStats statistics() {
        return context.stats();
    }

    /** The wrapped data source. */
    public DataSource target() {
        return target;
    }

    /**
     * Releases the region store (unless the caller gave it: {@link #wrap(DataSource, RegionStore)}); the wrapped
     * data source is left open. Closing twice does nothing the second time (a container may call it twice).
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        context.close();
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return target.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : target.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || target.isWrapperFor(iface);
    }

    @Override
    public String toString() {
        return "StrataDataSource[" + target.getClass().getName() + ", " + context.store().name() + "]";
    }
}
