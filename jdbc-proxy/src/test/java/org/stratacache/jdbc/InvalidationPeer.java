package org.stratacache.jdbc;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;

import org.stratacache.core.invalidation.InvalidationStats;

/**
 * The second JVM of {@link CrossJvmInvalidationTest}: a Strata driver user that reads one table through
 * {@code jdbc:strata:} on commands from its standard input, one per line, and answers on standard output:
 * <ul>
 *   <li>{@code read <id>} → {@code value <v> <hits>}: the row's value and the store's hit count after the read</li>
 *   <li>{@code bus} → {@code bus <received> <reconnects> <connected> <uncached-bus-down> <decoded>
 *   <already-applied> <invalidate-alls>}</li>
 *   <li>{@code quit}</li>
 * </ul>
 * It prints {@code READY} once its invalidation bus is trusted. Arguments: store name, invalidation mode, and
 * optionally {@value #NO_WAIT}: ready once connected, trusted or not (a misconfigured server).
 */
public final class InvalidationPeer {
    /** The third argument that makes the peer ready without waiting for its bus. */
    static final String NO_WAIT = "no-wait";
    private InvalidationPeer() {
    }

    public static void main(String[] args) throws Exception {
        String store = args[0];
        Properties props = new Properties();
        props.setProperty("user", Databases.envOr("STRATA_PG_USER", "postgres"));
        props.setProperty("password", Databases.envOr("STRATA_PG_PASSWORD", ""));
        props.setProperty("strata.store.name", store);
        props.setProperty("strata.invalidation.mode", args[1]);
        props.setProperty("strata.jdbc.admission", "first-miss");
        String url = "jdbc:strata:" + System.getenv("STRATA_PG_URL").substring("jdbc:".length());
        Connection connection = DriverManager.getConnection(url, props);
        if (args.length < 3 || !args[2].equals(NO_WAIT)) {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(1))
                    .until(() -> StrataDriver.invalidationStatistics().get(store).connected());
        }
        System.out.println("READY");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
            try {
                if (line.startsWith("read ")) {
                    System.out.println("value " + read(connection, Integer.parseInt(line.substring(5))) + " "
                            + StrataDriver.statistics().get(store).hits());
                } else if (line.equals("bus")) {
                    InvalidationStats bus = StrataDriver.invalidationStatistics().get(store);
                    System.out.println("bus " + bus.received() + " " + bus.reconnects() + " " + bus.connected() + " "
                            + StrataDriver.statistics().get(store).uncached(UncachedReason.INVALIDATION_BUS_DOWN) + " "
                            + bus.decoded() + " " + bus.alreadyApplied() + " " + bus.invalidateAlls());
                } else {
                    System.out.println("error unknown command " + line);
                }
            } catch (SQLException e) {
                // the connection died with the server (a restart): answer, and open a new one
                System.out.println("error " + e.getSQLState() + " " + e.getMessage().replace('\n', ' '));
                connection.close();
                connection = DriverManager.getConnection(url, props);
            }
            System.out.flush();
        }
        connection.close();
        StrataDriver.shutdown();
    }

    private static int read(Connection connection, int id) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT v FROM xjvm WHERE id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : -1;
            }
        }
    }
}
