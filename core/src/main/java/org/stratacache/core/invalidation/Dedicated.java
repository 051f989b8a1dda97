package org.stratacache.core.invalidation;

import java.lang.reflect.Method;
import java.sql.DriverManager;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stratacache.core.config.ConfigKeys;
import org.stratacache.core.config.StrataConfig;

/**
 * Where the invalidation bus gets its dedicated connections (a listener and a publisher), never from the
 * application's pool: {@code strata.invalidation.jdbc-url} when set; else the driver's own URL and properties
 * ({@link #forDriver}); else the URL, user and password properties a wrapped DataSource exposes as a bean
 * (HikariCP's {@code getJdbcUrl}/{@code getUsername}, pgjdbc's and H2's {@code getURL}/{@code getUser});
 * else, as a last resort, connections of the wrapped DataSource itself, with a warning ({@link #forDataSource}
 * only: {@link #besidePool} never borrows).
 */
public final class Dedicated {
    private static final Logger LOG = LoggerFactory.getLogger(Dedicated.class);

    private Dedicated() {
    }

    /** For the driver: {@code realConnections} opens connections with the real driver, URL and properties. */
    public static BusRegistry.DedicatedConnections forDriver(StrataConfig config,
                                                             BusRegistry.DedicatedConnections realConnections) {
        BusRegistry.DedicatedConnections configured = configured(config);
        return configured != null ? configured : realConnections;
    }

    /** For a wrapped DataSource. */
    public static BusRegistry.DedicatedConnections forDataSource(StrataConfig config, DataSource target) {
        BusRegistry.DedicatedConnections own = besidePool(config, target);
        if (own != null) {
            return own;
        }
        LOG.warn("Strata invalidation: {} exposes no JDBC URL; the listener takes a connection from it for as long "
                + "as it runs (set strata.invalidation.jdbc-url to give it its own)", target.getClass().getName());
        return target::getConnection;
    }

    /**
     * For a DataSource Strata must never borrow from (Hibernate's pool: a listener would hold one of its connections
     * for good): {@code strata.invalidation.jdbc-url}, else the URL, user and password the DataSource exposes as a
     * bean; {@code null} when it exposes none.
     */
    public static BusRegistry.DedicatedConnections besidePool(StrataConfig config, DataSource target) {
        BusRegistry.DedicatedConnections configured = configured(config);
        if (configured != null) {
            return configured;
        }
        String url = property(target, "getJdbcUrl", "getUrl", "getURL");
        if (url == null || url.isEmpty()) {
            return null;
        }
        String user = property(target, "getUsername", "getUser");
        String password = property(target, "getPassword");
        return () -> DriverManager.getConnection(url, user, password);
    }

    private static BusRegistry.DedicatedConnections configured(StrataConfig config) {
        String url = config.get(ConfigKeys.INVALIDATION_JDBC_URL);
        if (url.isEmpty()) {
            return null;
        }
        String user = config.get(ConfigKeys.INVALIDATION_USER);
        String password = config.get(ConfigKeys.INVALIDATION_PASSWORD);
        return () -> DriverManager.getConnection(url, user.isEmpty() ? null : user,
                password.isEmpty() ? null : password);
    }

    /** The first of these no-argument String getters that {@code bean} has, or null. */
    private static String property(Object bean, String... getters) {
        for (String name : getters) {
            try {
                Method m = bean.getClass().getMethod(name);
                if (m.getReturnType() == String.class) {
                    return (String) m.invoke(bean);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // not this bean's property; try the next name
            }
        }
        return null;
    }
}
