package org.stratacache.hibernate;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.hibernate.SessionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.stat.Statistics;
import org.stratacache.core.invalidation.InvalidationStats;

/**
 * The second JVM of {@link CrossJvmHibernateTest}: a Hibernate SessionFactory with Strata on the local tier over
 * the test's PostgreSQL table {@code hib_xjvm}, driven by commands on its standard input, one per line, answering
 * on standard output:
 * <ul>
 *   <li>{@code read <id>} → {@code value <v> <second-level cache hits>}: {@code find} in a new transaction</li>
 *   <li>{@code query <id>} → {@code value <v> <query cache hits>}: a cacheable query in a new transaction</li>
 *   <li>{@code bus} → {@code bus <received> <reconnects> <connected> <bus-down misses>}</li>
 *   <li>{@code quit}</li>
 * </ul>
 * An exception is answered as {@code error <message>}. It prints {@code READY} once its invalidation bus listens.
 * Arguments: store name, invalidation mode.
 */
public final class HibernatePeer {
    private HibernatePeer() {
    }

    public static void main(String[] args) throws Exception {
        SessionFactory sf = TestFactories.build(PgDatabase.hibernateSettings(args[0], args[1]), XjvmItem.class);
        StrataRegionFactory factory = (StrataRegionFactory) sf.unwrap(SessionFactoryImplementor.class).getCache()
                .getRegionFactory();
        Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> factory.invalidationStatistics().connected());
        Statistics stats = sf.getStatistics();
        System.out.println("READY");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
            try {
                if (line.startsWith("read ")) {
                    long id = Long.parseLong(line.substring(5));
                    int value = sf.fromTransaction(s -> {
                        XjvmItem item = s.find(XjvmItem.class, id);
                        return item == null ? -1 : item.getVal();
                    });
                    System.out.println("value " + value + " " + stats.getSecondLevelCacheHitCount());
                } else if (line.startsWith("query ")) {
                    long id = Long.parseLong(line.substring(6));
                    int value = sf.fromTransaction(s -> s.createSelectionQuery(
                                    "select i.val from XjvmItem i where i.id = :id", Integer.class)
                            .setParameter("id", id).setCacheable(true).getResultList().stream().findFirst()
                            .orElse(-1));
                    System.out.println("value " + value + " " + stats.getQueryCacheHitCount());
                } else if (line.equals("bus")) {
                    InvalidationStats bus = factory.invalidationStatistics();
                    System.out.println("bus " + bus.received() + " " + bus.reconnects() + " " + bus.connected() + " "
                            + factory.busDownMisses());
                } else {
                    System.out.println("error unknown command " + line);
                }
            } catch (RuntimeException e) {
                System.out.println("error " + String.valueOf(e.getMessage()).replace('\n', ' '));
            }
            System.out.flush();
        }
        sf.close();
    }
}
