package org.stratacache.hibernate;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.stratacache.testsupport.H2;

/** Builds SessionFactories over H2 in-memory databases for the tests. */
final class TestFactories {
    static final Class<?>[] ENTITIES = {Book.class, Stock.class, VersionedStock.class, Country.class, Currency.class};
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private TestFactories() {
    }

    /** A fresh database name, so test classes never see each other's rows. */
    static String newDatabase() {
        return "strata_hibernate_" + DATABASES.incrementAndGet();
    }

    /** Settings for Strata as second-level and query cache on that database; mutable, to add to. */
    static Map<String, Object> settings(String database) {
        Map<String, Object> s = new HashMap<>();
        s.put("hibernate.connection.url", H2.memoryUrl(database));
        s.put("hibernate.connection.username", H2.USER);
        s.put("hibernate.connection.password", H2.PASSWORD);
        s.put("hibernate.hbm2ddl.auto", "create");
        s.put("hibernate.cache.use_second_level_cache", "true");
        s.put("hibernate.cache.use_query_cache", "true");
        s.put("hibernate.cache.region.factory_class", "strata");
        s.put("hibernate.generate_statistics", "true");
        s.put("hibernate.connection.pool_size", "20");
        return s;
    }

    static SessionFactory build(Map<String, Object> settings, Class<?>... entities) {
        StandardServiceRegistry registry = new StandardServiceRegistryBuilder().applySettings(settings).build();
        try {
            MetadataSources sources = new MetadataSources(registry);
            for (Class<?> entity : entities.length == 0 ? ENTITIES : entities) {
                sources.addAnnotatedClass(entity);
            }
            return sources.buildMetadata().buildSessionFactory();
        } catch (RuntimeException e) {
            StandardServiceRegistryBuilder.destroy(registry);
            throw e;
        }
    }

    static SessionFactory build(String database) {
        return build(settings(database));
    }

    static Map<String, Object> with(Map<String, Object> settings, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(settings);
        copy.put(key, value);
        return copy;
    }
}
