package org.stratacache.hibernate;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.hibernate.cfg.JdbcSettings;
import org.hibernate.engine.config.spi.ConfigurationService;
import org.hibernate.engine.jdbc.spi.JdbcServices;
import org.hibernate.engine.jndi.spi.JndiService;
import org.hibernate.service.ServiceRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stratacache.core.config.ConfigKeys;
import org.stratacache.core.config.StrataConfig;
import org.stratacache.core.invalidation.BusRegistry;
import org.stratacache.core.invalidation.Dedicated;

/**
 * The database Hibernate talks to, for the invalidation bus: its URL (which decides the bus in {@code auto}
 * mode) and connections of Strata's own to it — never one of Hibernate's pooled connections, since the listener
 * holds its connection for as long as it runs.
 *
 * <p>Looked up in this order: {@code strata.invalidation.jdbc-url} (with {@code .user}, {@code .password});
 * Hibernate's own URL, user and password settings ({@code jakarta.persistence.jdbc.*},
 * {@code hibernate.connection.*}, {@code javax.persistence.jdbc.*}), opened with {@link DriverManager}; a
 * DataSource setting ({@code hibernate.connection.datasource}, {@code jakarta.persistence.nonJtaDataSource} or
 * {@code jtaDataSource}, an instance or a JNDI name) that exposes its URL, user and password as bean properties
 * (HikariCP, pgjdbc's and H2's DataSources). When none gives connections, the URL still comes from what
 * Hibernate read off the database at start, and a bus that needs connections fails to connect with an error that
 * says to set {@code strata.invalidation.jdbc-url}: its cache serves nothing (doubt means stale) rather than
 * borrow from the pool.
 *
 * @param url         the JDBC URL without password, or "" when unknown
 * @param connections opens the bus's own connections
 */
record BusTarget(String url, BusRegistry.DedicatedConnections connections) {
    private static final Logger LOG = LoggerFactory.getLogger(BusTarget.class);
    /** The JDBC layer's URL prefix: Hibernate may talk to the database through Strata's driver. */
    private static final String STRATA_PREFIX = "jdbc:strata:";
    // Hibernate still reads these older spellings, but has deprecated its constants for them.
    private static final String HIBERNATE_URL = "hibernate.connection.url";
    private static final String HIBERNATE_USER = "hibernate.connection.username";
    private static final String HIBERNATE_PASSWORD = "hibernate.connection.password";
    private static final String HIBERNATE_DATASOURCE = "hibernate.connection.datasource";
    private static final String JAVAX_URL = "javax.persistence.jdbc.url";
    private static final String JAVAX_USER = "javax.persistence.jdbc.user";
    private static final String JAVAX_PASSWORD = "javax.persistence.jdbc.password";

    static BusTarget of(Map<String, Object> given, StrataConfig config, ServiceRegistry registry) {
        Map<String, Object> settings = unmasked(given, registry);
        String configured = config.get(ConfigKeys.INVALIDATION_JDBC_URL);
        if (!configured.isEmpty()) {
            return new BusTarget(withoutPassword(configured), Dedicated.configured(config));
        }
        String url = realUrl(string(settings, JdbcSettings.JAKARTA_JDBC_URL, HIBERNATE_URL, JAVAX_URL));
        if (url != null) {
            String user = string(settings, JdbcSettings.JAKARTA_JDBC_USER, HIBERNATE_USER, JAVAX_USER);
            String password = string(settings, JdbcSettings.JAKARTA_JDBC_PASSWORD, HIBERNATE_PASSWORD, JAVAX_PASSWORD);
            return new BusTarget(withoutPassword(url), () -> DriverManager.getConnection(url, user, password));
        }
        String known = realUrl(urlHibernateRead(registry));
        DataSource dataSource = dataSource(settings, registry);
        BusRegistry.DedicatedConnections own = dataSource == null ? null : Dedicated.besidePool(config, dataSource);
        return new BusTarget(known == null ? "" : withoutPassword(known), own != null ? own : noConnections(known));
    }

    /**
     * The settings as the application gave them: the copy Hibernate hands the region factory has the user and
     * password masked out ({@code ****}, for logging), the configuration service keeps the real ones.
     */
    private static Map<String, Object> unmasked(Map<String, Object> given, ServiceRegistry registry) {
        try {
            ConfigurationService configuration = registry == null ? null
                    : registry.getService(ConfigurationService.class);
            return configuration == null ? given : configuration.getSettings();
        } catch (RuntimeException e) {
            return given;
        }
    }

    /** Connections that cannot be had: the bus never listens, so the cache serves nothing, and says why once. */
    private static BusRegistry.DedicatedConnections noConnections(String url) {
        AtomicBoolean said = new AtomicBoolean();
        return () -> {
            String why = "Strata invalidation: no connection of its own to " + url + " for the bus (Hibernate's "
                    + "settings name neither a JDBC URL nor a DataSource exposing one, and Strata never borrows a "
                    + "pooled connection for its listener): set " + ConfigKeys.INVALIDATION_JDBC_URL.name()
                    + " (and .user, .password)";
            if (said.compareAndSet(false, true)) {
                LOG.error("{}; until then the second-level cache serves nothing", why);
            }
            throw new SQLException(why);
        };
    }

    private static String urlHibernateRead(ServiceRegistry registry) {
        try {
            JdbcServices jdbc = registry == null ? null : registry.getService(JdbcServices.class);
            return jdbc == null ? null : jdbc.getJdbcEnvironment().getExtractedDatabaseMetaData().getUrl();
        } catch (RuntimeException e) {
            return null; // metadata access switched off, or no JDBC at all
        }
    }

    private static DataSource dataSource(Map<String, Object> settings, ServiceRegistry registry) {
        for (String key : new String[] {HIBERNATE_DATASOURCE, JdbcSettings.JAKARTA_NON_JTA_DATASOURCE,
                JdbcSettings.JAKARTA_JTA_DATASOURCE}) {
            Object value = settings.get(key);
            if (value instanceof DataSource ds) {
                return ds;
            }
            if (value instanceof String name && !name.isBlank() && registry != null) {
                try {
                    JndiService jndi = registry.getService(JndiService.class);
                    if (jndi != null && jndi.locate(name) instanceof DataSource ds) {
                        return ds;
                    }
                } catch (RuntimeException e) {
                    LOG.debug("Strata invalidation: JNDI lookup of {} failed", name, e);
                }
            }
        }
        return null;
    }

    private static String string(Map<String, Object> settings, String... keys) {
        for (String key : keys) {
            Object value = settings.get(key);
            if (value != null && !value.toString().isBlank()) {
                return value.toString();
            }
        }
        return null;
    }

    /** Hibernate over Strata's JDBC driver: the database behind it. */
    private static String realUrl(String url) {
        return url != null && url.startsWith(STRATA_PREFIX) ? "jdbc:" + url.substring(STRATA_PREFIX.length()) : url;
    }

    /** For logs and as the bus's key: never a password. */
    static String withoutPassword(String url) {
        return url.replaceAll("(?i)([?&;:]password=)[^&;]*", "$1***");
    }
}
