package org.stratacache.benchmarks.hibernate;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;

/**
 * What the Hibernate benchmarks share: an H2 in-memory database of {@link #ROWS} products, the
 * SessionFactory over it, and the measured operation (a find by id in a new session).
 */
final class ProductDatabase {
    static final int ROWS = 10_000;

    private ProductDatabase() {
    }

    /** Connection and schema settings of a fresh database; callers add the cache settings. */
    static Map<String, Object> baseSettings(String databaseName) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("hibernate.connection.url", "jdbc:h2:mem:" + databaseName + ";DB_CLOSE_DELAY=-1");
        settings.put("hibernate.connection.username", "sa");
        settings.put("hibernate.connection.password", "");
        settings.put("hibernate.connection.pool_size", "4");
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
