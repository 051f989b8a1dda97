package org.stratacache.hibernate.conformance;

import org.hibernate.SessionFactory;
import org.hibernate.stat.CacheRegionStatistics;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs each test of a subclass once per {@link Tier} over the suite's shared SessionFactory of that tier, from
 * the same rows, with every region empty and the statistics cleared.
 */
@ParameterizedClass(name = "{0} tier")
@EnumSource(Tier.class)
@ExtendWith(SharedFactories.class)
abstract class ConformanceTestBase {
    /** Managers in the rows, each with one clerk at one desk. */
    static final int MANAGERS = 4;

    @Parameter
    Tier tier;
    SessionFactory sf;
    Statistics stats;

    @BeforeEach
    void resetRows(SharedFactories factories) {
        sf = factories.of(tier);
        sf.inTransaction(s -> {
            for (String entity : new String[] {"Clerk", "Desk", "Manager", "Tariff",
                "Novel", "Author", "Member", "Nickname", "Principal", "Circle",
                "Square", "Shape", "BasketLine", "Basket", "Account"}) {
                s.createMutationQuery("delete from " + entity).executeUpdate();
            }
            s.createQuery("from Route", Route.class).getResultList().forEach(s::remove);
        });
        sf.inTransaction(s -> {
            Author tolkien = new Author(1L, "Tolkien");
            Author austen = new Author(2L, "Austen");
            s.persist(tolkien);
            s.persist(austen);
            s.persist(new Novel(11L, "The Hobbit", tolkien));
            s.persist(new Novel(12L, "The Silmarillion", tolkien));
            s.persist(new Novel(21L, "Emma", austen));
            s.persist(new Member(1L, "ada@example.org", "Ada"));
            s.persist(new Member(2L, "alan@example.org", "Alan"));
            s.persist(new Nickname(1L, "speedy"));
            s.persist(new Person(1L, "alice", "human"));
            s.persist(new Robot(2L, "r2d2", "astromech"));
            s.persist(new Circle(1L, "red", 3));
            s.persist(new Square(2L, "blue", 4));
            Basket basket = new Basket(1L);
            s.persist(basket);
            s.persist(new BasketLine(basket, 1, "apples"));
            s.persist(new BasketLine(basket, 2, "pears"));
            s.persist(new Route("PAR", "BER", "FRA", "HAN"));
            s.persist(new Account(1L, 100));
            for (long m = 1; m <= MANAGERS; m++) {
                Manager manager = new Manager(m, "Manager" + m);
                s.persist(manager);
                Desk desk = new Desk(m, "Desk" + m);
                s.persist(desk);
                s.persist(new Clerk(m * 10, "Clerk" + m * 10, manager, desk));
            }
            s.persist(new Tariff(1L, "north", 250));
            s.persist(new Tariff(2L, "south", 300));
        });
        sf.getCache().evictAllRegions();
        tier.settle(sf);
        stats = sf.getStatistics();
        stats.clear();
    }

    CacheRegionStatistics region(Class<?> entity) {
        return stats.getDomainDataRegionStatistics(entity.getName());
    }

    CacheRegionStatistics region(String name) {
        return stats.getDomainDataRegionStatistics(name);
    }

    /** Statements prepared so far: a read answered by the cache prepares none. */
    long statements() {
        return stats.getPrepareStatementCount();
    }
}
