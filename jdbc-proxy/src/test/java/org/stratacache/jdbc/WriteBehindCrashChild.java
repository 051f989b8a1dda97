package org.stratacache.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process {@link WriteBehindCrashTest} kills: inserts rows with ids 1..N into a write-behind table through
 * {@code jdbc:strata:…} (journal mode, batches by size only, so the last rows stay queued), four threads on
 * connections of their own, prints {@code ACKED <count>} every 1,000 acknowledged rows and {@code ACKED N} at the
 * end, then waits to be killed with SIGKILL.
 *
 * <p>Arguments: the {@code jdbc:strata:} URL, the table, N; the connection properties (user, password and the
 * {@code strata.*} settings) come as system properties prefixed {@code child.}.
 */
public final class WriteBehindCrashChild {
    private static final int THREADS = 4;

    private WriteBehindCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String table = args[1];
        int rows = Integer.parseInt(args[2]);
        Properties props = new Properties();
        System.getProperties().forEach((k, v) -> {
            if (k instanceof String key && key.startsWith("child.")) {
                props.setProperty(key.substring("child.".length()), (String) v);
            }
        });
        AtomicInteger acknowledged = new AtomicInteger();
        Thread[] threads = new Thread[THREADS];
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < THREADS; t++) {
            int slice = t;
            threads[t] = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(url, props);
                     PreparedStatement insert = c.prepareStatement("INSERT INTO " + table
                             + " (id, slice, payload) VALUES (?, ?, ?)")) {
                    for (int id = 1 + slice; id <= rows; id += THREADS) {
                        insert.setLong(1, id);
                        insert.setInt(2, slice);
                        insert.setString(3, "row " + id);
                        insert.executeUpdate();
                        int n = acknowledged.incrementAndGet();
                        if (n % 1_000 == 0) {
                            report(n);
                        }
                    }
                } catch (Throwable e) {
                    failure[0] = e;
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure[0] != null) {
            failure[0].printStackTrace();
            System.exit(2);
        }
        report(acknowledged.get());
        Thread.sleep(Long.MAX_VALUE); // until SIGKILL: no shutdown hook, no close, no flush
    }

    private static synchronized void report(int acknowledged) {
        System.out.println("ACKED " + acknowledged);
        System.out.flush();
    }
}
