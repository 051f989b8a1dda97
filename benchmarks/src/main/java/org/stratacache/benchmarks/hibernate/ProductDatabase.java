package org.stratacache.benchmarks.hibernate;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * What the Hibernate benchmarks share: an H2 in-memory database of {@link #ROWS} products behind a HikariCP pool
 * with a connection per benchmark thread, the SessionFactory over it, and the measured operation (a find by id in
 * a new session, ids cycling per thread).
 */
final class ProductDatabase {
    static final int ROWS = 10_000;

    private ProductDatabase() {
    }

    /**
     * A pool of the fresh database {@code databaseName}, one connection per benchmark thread (at least 4): a
     * session holds its connection while it runs, and Hibernate's built-in pool is capped and not for production.
     */
    static HikariDataSource pool(String databaseName, int threads) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:" + databaseName + ";DB_CLOSE_DELAY=-1");
        config.setUsername("sa");
        config.setPassword("");
        config.setMaximumPoolSize(Math.max(4, threads));
        config.setMinimumIdle(Math.max(4, threads));
        config.setPoolName("bench-" + databaseName);
        return new HikariDataSource(config);
    }

    /** Schema settings over {@code pool}; callers add the cache settings. */
    static Map<String, Object> baseSettings(HikariDataSource pool) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("hibernate.connection.datasource", pool);
        settings.put("hibernate.hbm2ddl.auto", "create");
        settings.put("hibernate.cache.use_query_cache", "false");
        settings.put("hibernate.generate_statistics", "false");
        return settings;
    }

    /** Builds the SessionFactory and inserts the products. */
    static SessionFactory open(Map<String, Object> settings) {
        SessionFactory sessionFactory = build(settings);
        sessionFactory.inTransaction(s -> {
            for (long id = 0; id < ROWS; id++) {
                s.persist(new Product(id, "SKU-" + id, "Product " + id, BigDecimal.valueOf(id, 2), (int) (id % 100)));
                if (id % 500 == 0) {
                    s.flush();
                    s.clear();
                }
            }
        });
        return sessionFactory;
    }

    /** One find by id in a new session. */
    static int find(SessionFactory sessionFactory, long id) {
        try (Session session = sessionFactory.openSession()) {
            return session.find(Product.class, id).getStock();
        }
    }

    private static SessionFactory build(Map<String, Object> settings) {
        StandardServiceRegistry registry = new StandardServiceRegistryBuilder().applySettings(settings).build();
        try {
            return new MetadataSources(registry).addAnnotatedClass(Product.class).buildMetadata()
                    .buildSessionFactory();
        } catch (RuntimeException e) {
            StandardServiceRegistryBuilder.destroy(registry);
            throw e;
        }
    }
}
