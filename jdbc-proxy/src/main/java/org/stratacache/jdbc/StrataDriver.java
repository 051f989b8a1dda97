package org.stratacache.jdbc;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.stratacache.core.StrataConfigException;
import org.stratacache.core.config.ConfigKeys;
import org.stratacache.core.config.StrataConfig;
import org.stratacache.core.invalidation.Dedicated;
import org.stratacache.core.invalidation.InvalidationStats;
import org.stratacache.jdbc.cache.ContextRegistry;
import org.stratacache.jdbc.cache.StrataContext;
import org.stratacache.jdbc.cache.Urls;
import org.stratacache.jdbc.proxy.JdbcProxies;
import org.stratacache.jdbc.writebehind.ConnectionSource;

/**
 * The caching JDBC driver: {@code jdbc:strata:<rest>} opens {@code jdbc:<rest>} with the real driver
 * (found through {@link DriverManager}) and wraps the connection so that safe queries are answered from
 * the cache and writes invalidate it.
 *
 * <p>{@code strata.*} connection properties configure Strata (over {@code strata.properties} and system
 * properties) and are removed before the remaining properties reach the real driver. Connections with the
 * same effective configuration share one region store, kept until {@link #shutdown()} or JVM exit.
 *
 * <p>Registered with {@link DriverManager} when the class loads and listed in
 * {@code META-INF/services/java.sql.Driver}. With Spring Boot:
 * {@code spring.datasource.driver-class-name=org.stratacache.jdbc.StrataDriver} and
 * {@code spring.datasource.url=jdbc:strata:postgresql://host/db}.
 */
public final class StrataDriver implements Driver {
    static {
        try {
            DriverManager.registerDriver(new StrataDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(Urls.PREFIX) && url.length() > Urls.PREFIX.length();
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null; // JDBC: another driver's URL
        }
        String realUrl = Urls.realUrl(url);
        Properties realProperties = new Properties();
        Properties strataProperties = new Properties();
        if (info != null) {
            for (Map.Entry<Object, Object> e : info.entrySet()) {
                boolean strata = e.getKey() instanceof String k && k.startsWith(ConfigKeys.PREFIX);
                (strata ? strataProperties : realProperties).put(e.getKey(), e.getValue());
            }
        }
        StrataContext context;
        try {
            context = ContextRegistry.forConfig(StrataConfig.load(strataProperties));
        } catch (StrataConfigException e) {
            throw new SQLException("invalid Strata configuration for " + Urls.withoutPassword(url) + ": "
                    + e.getMessage(), "HY000", e);
        }
        Driver real = DriverManager.getDriver(realUrl);
        Connection connection = real.connect(realUrl, realProperties);
        if (connection == null) {
            throw new SQLException("the driver " + real.getClass().getName() + " does not accept "
                    + Urls.withoutPassword(realUrl), "08001");
        }
        String user = realProperties.getProperty("user");
        DataSource own = ConnectionSource.of(real, realUrl, realProperties);
        return JdbcProxies.wrap(context, connection, Urls.withoutPassword(realUrl), user, own,
                Dedicated.forDriver(context.store().config(), real, realUrl, realProperties));
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return new DriverPropertyInfo[0];
        }
        String realUrl = Urls.realUrl(url);
        return DriverManager.getDriver(realUrl).getPropertyInfo(realUrl, info);
    }

    @Override
    public int getMajorVersion() {
        return 0;
    }

    @Override
    public int getMinorVersion() {
        return 1;
    }

    /** Not JDBC compliant by itself: it is as compliant as the driver it wraps. */
    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("Strata logs through SLF4J");
    }

    /**
     * The counters of the driver's connections, per {@code strata.store.name} (connections configured alike
     * share one store; stores of one name are added up).
     */
    public static Map<String, JdbcStats> statistics() {
        Map<String, JdbcStats> byStore = new TreeMap<>();
        for (StrataContext context : ContextRegistry.all()) {
            byStore.merge(context.store().name(), context.stats(), JdbcStats::plus);
        }
        return byStore;
    }

    /** The counters of the invalidation buses of the driver's connections, per {@code strata.store.name}. */
    public static Map<String, InvalidationStats> invalidationStatistics() {
        Map<String, InvalidationStats> byStore = new TreeMap<>();
        for (StrataContext context : ContextRegistry.all()) {
            byStore.put(context.store().name(), context.invalidationStats());
        }
        return byStore;
    }

    /** Closes every region store the driver created; later connections start with empty caches. */
    public static void shutdown() {
        ContextRegistry.closeAll();
    }
}
