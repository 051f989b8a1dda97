package org.stratacache.benchmarks;

import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL every benchmark on it uses: the one {@code .ci/pg start} describes in {@code STRATA_PG_URL},
 * {@code STRATA_PG_USER} and {@code STRATA_PG_PASSWORD}.
 */
public final class BenchPostgres {
    private BenchPostgres() {
    }

    /**
     * @param missing the error's message when {@code STRATA_PG_URL} is not set: what needs it, and what to run
     *                instead where there is one
     */
    public static PGSimpleDataSource fromEnvironment(String missing) {
        String url = System.getenv("STRATA_PG_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException(missing);
        }
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setURL(url);
        pg.setUser(System.getenv().getOrDefault("STRATA_PG_USER", "postgres"));
        pg.setPassword(System.getenv().getOrDefault("STRATA_PG_PASSWORD", ""));
        return pg;
    }
}
