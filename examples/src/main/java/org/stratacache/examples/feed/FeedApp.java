package org.stratacache.examples.feed;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;

import javax.sql.DataSource;

import org.stratacache.examples.support.CountingDataSource;
import org.stratacache.examples.support.ExampleOptions;
import org.stratacache.examples.support.Latencies;
import org.stratacache.examples.support.Report;
import org.stratacache.jdbc.StrataDataSource;

/**
 * Social feed on plain JDBC with Strata's caching DataSource (the same caching the {@code jdbc:strata:}
 * driver URL gives).
 *
 * <p>Users follow users; a timeline is the newest posts of the people one follows. Timelines are cached
 * with a short TTL ({@code /* strata:cache ttl=2s * /} hint), single posts with the default TTL. A new post
 * invalidates the {@code posts} table's tag, so every follower's next timeline read is fresh. The seeded
 * workload runs without and with Strata on fresh databases; every answer must be the same.
 */
public final class FeedApp {
    static final String TIMELINE = "/* strata:cache ttl=2s */ SELECT p.id, p.author_id, p.body FROM posts p "
            + "JOIN follows f ON f.followee_id = p.author_id WHERE f.follower_id = ? ORDER BY p.id DESC LIMIT 20";
    static final String POST = "SELECT id, author_id, body FROM posts WHERE id = ?";
    static final String PROFILE = "SELECT name, (SELECT COUNT(*) FROM follows WHERE followee_id = ?) AS followers "
            + "FROM users WHERE id = ?";

    private final ExampleOptions options;
    private final PrintStream out;
    private final int users;

    public FeedApp(ExampleOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.users = Math.max(50, Math.min(1_000, options.operations() / 20));
    }

    record Run(List<String> answers, Latencies reads, long databaseQueries, long posts, long millis) {
    }

    public Report run() throws SQLException {
        out.printf("feed: %d users, %d operations per run%n", users, options.operations());
        Run plain = runOnce("feed-plain", false);
        Run cached = runOnce("feed-strata", true);
        long reads = plain.reads().count();
        Report report = new Report("Social feed (JDBC through Strata)")
                .row("operations", (long) options.operations(), (long) options.operations())
                .row("reads", reads, (long) cached.reads().count())
                .row("new posts", plain.posts(), cached.posts())
                .row("database queries", plain.databaseQueries(), cached.databaseQueries())
                .row("queries saved", 0L, plain.databaseQueries() - cached.databaseQueries())
                .row("hit ratio", 0.0, 1.0 - (double) cached.databaseQueries() / Math.max(1, reads))
                .row("read p50 (µs)", plain.reads().percentileMicros(50), cached.reads().percentileMicros(50))
                .row("read p99 (µs)", plain.reads().percentileMicros(99), cached.reads().percentileMicros(99))
                .row("wall time (ms)", plain.millis(), cached.millis());
        if (options.distributed()) {
            report.row("nodes", 1L, 2L);
        }
        report.correctness(plain.answers().equals(cached.answers()),
                reads + " reads answered identically with and without cache"
                        + (options.distributed() ? ", reads alternating between the two nodes" : ""));
        return report;
    }

    private Run runOnce(String runName, boolean cache) throws SQLException {
        CountingDataSource database = new CountingDataSource(options.databaseUrl(runName), options.user(),
                options.password());
        // one node, or with --distributed two nodes (two Strata DataSources on one Hazelcast cluster) over the
        // same database; reads alternate between the nodes, so a post on one must invalidate the other's cache
        int nodeCount = cache && options.distributed() ? 2 : 1;
        List<DataSource> nodes = new ArrayList<>();
        List<Connection> connections = new ArrayList<>();
        try {
            for (int n = 0; n < nodeCount; n++) {
                DataSource node = database;
                if (cache) {
                    Properties settings = new Properties();
                    settings.setProperty("strata.store.name", runName);
                    if (options.distributed()) {
                        settings.setProperty("strata.tier", "distributed");
                        settings.setProperty("strata.hazelcast.cluster-name",
                                "strata-feed-" + ProcessHandle.current().pid());
                    }
                    node = StrataDataSource.wrap(database, settings);
                }
                nodes.add(node);
                connections.add(node.getConnection());
            }
            Connection first = connections.get(0);
            seed(first);
            database.reset();
            SplittableRandom random = new SplittableRandom(options.seed());
            List<String> answers = new ArrayList<>();
            Latencies reads = new Latencies();
            long posts = 0;
            long nextPostId = users * 5L + 1;
            long start = System.nanoTime();
            for (int op = 0; op < options.operations(); op++) {
                Connection c = connections.get(op % nodeCount);
                int dice = random.nextInt(100);
                if (dice < 70) {
                    int user = activeUser(random);
                    answers.add(timed(reads, () -> timeline(c, user)));
                } else if (dice < 88) {
                    long post = 1 + random.nextLong(nextPostId - 1);
                    answers.add(timed(reads, () -> post(c, post)));
                } else if (dice < 99) {
                    int user = activeUser(random);
                    answers.add(timed(reads, () -> profile(c, user)));
                } else {
                    newPost(c, nextPostId++, activeUser(random));
                    posts++;
                }
                if ((op + 1) % Math.max(1, options.operations() / 4) == 0) {
                    out.printf("  %s%s: %,d / %,d operations%n", runName, nodeCount > 1 ? " (2 nodes)" : "",
                            op + 1, options.operations());
                }
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            try (Statement s = first.createStatement()) {
                s.execute("DROP TABLE IF EXISTS posts");
                s.execute("DROP TABLE IF EXISTS follows");
                s.execute("DROP TABLE IF EXISTS users");
            }
            return new Run(answers, reads, database.queries(), posts, millis);
        } finally {
            for (Connection c : connections) {
                c.close();
            }
            for (DataSource node : nodes) {
                if (node instanceof AutoCloseable closeable) {
                    try {
                        closeable.close();
                    } catch (Exception e) {
                        throw new SQLException("closing the Strata DataSource failed", e);
                    }
                }
            }
        }
    }

    private String timeline(Connection c, int user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(TIMELINE)) {
            ps.setInt(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                StringBuilder sb = new StringBuilder("t").append(user);
                while (rs.next()) {
                    sb.append(',').append(rs.getLong(1));
                }
                return sb.toString();
            }
        }
    }

    private String post(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(POST)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) + ":" + rs.getInt(2) + ":" + rs.getString(3) : "none";
            }
        }
    }

    private String profile(Connection c, int user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(PROFILE)) {
            ps.setInt(1, user);
            ps.setInt(2, user);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) + ":" + rs.getLong(2) : "none";
            }
        }
    }

    private void newPost(Connection c, long id, int author) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO posts (id, author_id, body) VALUES (?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setInt(2, author);
            ps.setString(3, "post " + id + " by " + author);
            ps.executeUpdate();
        }
    }

    /** Most reads come from a tenth of the users. */
    private int activeUser(SplittableRandom random) {
        return 1 + (random.nextInt(10) < 8 ? random.nextInt(Math.max(1, users / 10)) : random.nextInt(users));
    }

    private void seed(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS posts");
            s.execute("DROP TABLE IF EXISTS follows");
            s.execute("DROP TABLE IF EXISTS users");
            s.execute("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(64) NOT NULL)");
            s.execute("CREATE TABLE follows (follower_id INT NOT NULL, followee_id INT NOT NULL, "
                    + "PRIMARY KEY (follower_id, followee_id))");
            s.execute("CREATE TABLE posts (id BIGINT PRIMARY KEY, author_id INT NOT NULL, body VARCHAR(200))");
        }
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement u = c.prepareStatement("INSERT INTO users VALUES (?, ?)");
             PreparedStatement f = c.prepareStatement("INSERT INTO follows VALUES (?, ?)");
             PreparedStatement p = c.prepareStatement("INSERT INTO posts VALUES (?, ?, ?)")) {
            SplittableRandom random = new SplittableRandom(7);
            long postId = 1;
            for (int user = 1; user <= users; user++) {
                u.setInt(1, user);
                u.setString(2, "user" + user);
                u.addBatch();
                java.util.Set<Integer> followees = new java.util.TreeSet<>();
                while (followees.size() < 10) {
                    int followee = 1 + random.nextInt(users);
                    if (followee != user) {
                        followees.add(followee);
                    }
                }
                for (int followee : followees) {
                    f.setInt(1, user);
                    f.setInt(2, followee);
                    f.addBatch();
                }
                for (int k = 0; k < 5; k++) {
                    p.setLong(1, postId);
                    p.setInt(2, user);
                    p.setString(3, "post " + postId++ + " by " + user);
                    p.addBatch();
                }
            }
            u.executeBatch();
            f.executeBatch();
            p.executeBatch();
            c.commit();
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    @FunctionalInterface
    interface SqlSupplier<T> {
        T get() throws SQLException;
    }

    private static <T> T timed(Latencies latencies, SqlSupplier<T> op) throws SQLException {
        long start = System.nanoTime();
        T result = op.get();
        latencies.record(System.nanoTime() - start);
        return result;
    }
}
