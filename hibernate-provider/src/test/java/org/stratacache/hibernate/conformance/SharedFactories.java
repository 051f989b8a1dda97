package org.stratacache.hibernate.conformance;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.stratacache.testsupport.H2;

/**
 * One SessionFactory per tier for the whole suite (building one with a Hazelcast member costs seconds), kept in
 * JUnit's root store so that it is closed once every test class has run. Each test starts from the same rows
 * ({@link ConformanceTestBase#resetRows}), so sharing does not couple tests.
 */
final class SharedFactories implements ParameterResolver, AutoCloseable {
    static final Class<?>[] ENTITIES = {
        Author.class, Novel.class, Member.class, Nickname.class, Principal.class, Person.class, Robot.class,
        Shape.class, Circle.class, Square.class, Basket.class, BasketLine.class, Route.class, Account.class,
        Manager.class, Clerk.class, Desk.class, Tariff.class,
    };
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedFactories.class);

    private final Map<Tier, SessionFactory> factories = new EnumMap<>(Tier.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SharedFactories.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedFactories.class, k -> new SharedFactories(), SharedFactories.class);
    }

    synchronized SessionFactory of(Tier tier) {
        return factories.computeIfAbsent(tier, SharedFactories::build);
    }

    private static SessionFactory build(Tier tier) {
        Map<String, Object> s = new HashMap<>();
        s.put("hibernate.connection.url", H2.newMemoryUrl("conformance_" + tier.name().toLowerCase()));
        s.put("hibernate.connection.username", H2.USER);
        s.put("hibernate.connection.password", H2.PASSWORD);
        s.put("hibernate.connection.pool_size", "10");
        s.put("hibernate.hbm2ddl.auto", "create");
        s.put("hibernate.cache.use_second_level_cache", "true");
        s.put("hibernate.cache.use_query_cache", "true");
        s.put("hibernate.cache.region.factory_class", "strata");
        s.put("hibernate.cache.use_structured_entries", "true");
        // Hibernate's default layout is FULL; AUTO (as in its CachedQueryShallow* tests) keeps only ids of cached
        // entities and collections, so a query hit exercises the entity and collection regions too
        s.put("hibernate.cache.query_cache_layout", "auto");
        s.put("hibernate.enable_lazy_load_no_trans", "true");
        s.put("hibernate.generate_statistics", "true");
        tier.configure(s);
        StandardServiceRegistry registry = new StandardServiceRegistryBuilder().applySettings(s).build();
        try {
            MetadataSources sources = new MetadataSources(registry);
            for (Class<?> entity : ENTITIES) {
                sources.addAnnotatedClass(entity);
            }
            return sources.buildMetadata().buildSessionFactory();
        } catch (RuntimeException e) {
            StandardServiceRegistryBuilder.destroy(registry);
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        factories.values().forEach(SessionFactory::close);
        factories.clear();
    }
}
