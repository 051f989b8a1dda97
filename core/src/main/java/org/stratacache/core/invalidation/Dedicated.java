package org.stratacache.core.invalidation;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.Set;
import java.util.StringJoiner;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stratacache.core.config.ConfigKeys;
import org.stratacache.core.config.StrataConfig;

/**
 * Where the invalidation bus gets its dedicated connections (a listener and a publisher; in mode logical also a
 * replication connection and a probe), never from the application's pool: {@code strata.invalidation.jdbc-url}
 * when set; else the driver's own URL and properties ({@link #forDriver}); else the URL, user and password
 * properties a wrapped DataSource exposes as a bean (HikariCP's {@code getJdbcUrl}/{@code getUsername}, pgjdbc's
 * and H2's {@code getURL}/{@code getUser}); else, as a last resort, connections of the wrapped DataSource itself,
 * with a warning ({@link #forDataSource} only: {@link #besidePool} never borrows; a replication connection
 * then cannot be opened: mode logical needs a URL).
 */
public final class Dedicated {
    private static final Logger LOG = LoggerFactory.getLogger(Dedicated.class);

    private Dedicated() {
    }

    /** For the driver: connections from the real driver with its URL and properties (and added ones on demand). */
    public static BusRegistry.DedicatedConnections forDriver(StrataConfig config, Driver real, String url,
                                                             Properties properties) {
        BusRegistry.DedicatedConnections configured = configured(config);
        return configured != null ? configured : byUrl(url, properties, real);
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
        return byUrl(url, credentials(property(target, "getUsername", "getUser"), property(target, "getPassword")),
                null);
    }

    /** The connections {@code strata.invalidation.jdbc-url} names; null when it is not set. */
    public static BusRegistry.DedicatedConnections configured(StrataConfig config) {
        String url = config.get(ConfigKeys.INVALIDATION_JDBC_URL);
        if (url.isEmpty()) {
            return null;
        }
        String user = config.get(ConfigKeys.INVALIDATION_USER);
        String password = config.get(ConfigKeys.INVALIDATION_PASSWORD);
        return byUrl(url, credentials(user.isEmpty() ? null : user, password.isEmpty() ? null : password), null);
    }

    private static Properties credentials(String user, String password) {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        return p;
    }

    /** Connections to {@code url} with {@code properties}, from {@code driver} (null: the DriverManager's). */
    private static BusRegistry.DedicatedConnections byUrl(String url, Properties properties, Driver driver) {
        return new BusRegistry.DedicatedConnections() {
            @Override
            public Connection open() throws SQLException {
                return open(new Properties());
            }

            @Override
            public Connection open(Properties extra) throws SQLException {
                Properties all = new Properties();
                all.putAll(properties);
                all.putAll(extra);
                String target = withoutParameters(url, extra.stringPropertyNames());
                Connection c = driver != null ? driver.connect(target, all) : DriverManager.getConnection(target, all);
                if (c == null) {
                    throw new SQLException("the driver does not accept " + url, "08001");
                }
                return c;
            }
        };
    }

    /**
     * {@code url} without the query parameters named {@code names}: a driver takes a URL's parameters over its
     * properties (pgjdbc does), and a DataSource's URL may spell out every setting ({@code preferQueryMode=extended}).
     */
    static String withoutParameters(String url, Set<String> names) {
        int query = url.indexOf('?');
        if (query < 0 || names.isEmpty()) {
            return url;
        }
        StringJoiner kept = new StringJoiner("&");
        for (String parameter : url.substring(query + 1).split("&")) {
            int eq = parameter.indexOf('=');
            if (!names.contains(eq < 0 ? parameter : parameter.substring(0, eq)) && !parameter.isEmpty()) {
                kept.add(parameter);
            }
        }
        return url.substring(0, query) + (kept.length() == 0 ? "" : "?" + kept);
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
