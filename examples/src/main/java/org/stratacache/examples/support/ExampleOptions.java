package org.stratacache.examples.support;

import java.util.List;
import java.util.Locale;

/**
 * Command-line options shared by the examples.
 *
 * @param distributed run two nodes on Hazelcast in one process instead of one local node
 * @param jdbcUrl     the real database (default: an H2 in-memory database per run)
 * @param user        database user
 * @param password    database password
 * @param operations  workload size
 * @param seed        random seed, the same for the run with and without cache
 * @param cache       where the catalog caches: {@code l2} (Hibernate's second-level cache, the default) or
 *                    {@code jdbc} (no second-level cache; Hibernate's SQL through the {@code jdbc:strata:} driver)
 */
public record ExampleOptions(boolean distributed, String jdbcUrl, String user, String password, int operations,
                             long seed, String cache) {
    /** The values {@code --cache} takes. */
    public static final List<String> CACHE_MODES = List.of("l2", "jdbc");

    public static ExampleOptions parse(String[] args, int defaultOperations) {
        boolean distributed = false;
        String url = null;
        String user = "sa";
        String password = "";
        int operations = defaultOperations;
        long seed = 42;
        String cache = "l2";
        for (String arg : args) {
            String a = arg.trim();
            if (a.equals("--distributed")) {
                distributed = true;
            } else if (a.startsWith("--jdbc-url=")) {
                url = value(a);
            } else if (a.startsWith("--user=")) {
                user = value(a);
            } else if (a.startsWith("--password=")) {
                password = value(a);
            } else if (a.startsWith("--operations=")) {
                operations = Integer.parseInt(value(a));
                if (operations < 1) {
                    throw new IllegalArgumentException("--operations must be at least 1: " + a);
                }
            } else if (a.startsWith("--seed=")) {
                seed = Long.parseLong(value(a));
            } else if (a.startsWith("--cache=")) {
                cache = value(a).toLowerCase(Locale.ROOT);
                if (!CACHE_MODES.contains(cache)) {
                    throw new IllegalArgumentException("--cache must be one of " + CACHE_MODES + ": " + a);
                }
            } else if (!a.isEmpty() && !a.toLowerCase(Locale.ROOT).matches("catalog|feed|analytics|all")) {
                throw new IllegalArgumentException("unknown option '" + a + "'; expected [catalog|feed|analytics|all] "
                        + "[--distributed] [--cache=l2|jdbc] [--jdbc-url=URL --user=U --password=P] [--operations=N] "
                        + "[--seed=N]");
            }
        }
        if (distributed && cache.equals("jdbc")) {
            throw new IllegalArgumentException("--cache=jdbc runs on one node: leave out --distributed");
        }
        return new ExampleOptions(distributed, url, user, password, operations, seed, cache);
    }

    /** The database URL for one run: the given one, or a fresh named H2 in-memory database. */
    public String databaseUrl(String runName) {
        return jdbcUrl != null ? jdbcUrl : "jdbc:h2:mem:" + runName + ";DB_CLOSE_DELAY=-1";
    }

    private static String value(String arg) {
        return arg.substring(arg.indexOf('=') + 1);
    }
}
