package org.stratacache.jdbc.cache;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the database declares about the user functions statements call, asked lazily and kept for a while: one
 * per {@link StrataContext}, with a {@link Database} per real database URL (one context may serve several).
 *
 * <p><b>Where the answer comes from.</b> PostgreSQL: {@code pg_proc.provolatile} ({@code i}mmutable,
 * {@code s}table, {@code v}olatile) of every function of that name (in that schema when the call names one).
 * Overloads cannot be told apart here: which one a call runs depends on its argument types, which only the
 * planner resolves; so the worst of them counts (one volatile overload makes the name volatile). An unqualified
 * name is looked up in every schema, not just the search path's, for the same reason: the worst counts. H2 2.x:
 * {@code INFORMATION_SCHEMA.ROUTINES.IS_DETERMINISTIC} ({@code CREATE ALIAS … DETERMINISTIC}: immutable; else
 * volatile; H2 has no stable). Any other database, a name the catalog does not hold, or a failed lookup:
 * {@link Volatility#UNKNOWN}, which keeps the safe verdict (uncached, invalidate everything, taint). Strata trusts
 * the declaration, as the database's planner does: an IMMUTABLE function that reads a table or calls
 * {@code set_config} is mis-declared.
 *
 * <p><b>Which connection.</b> A lookup never runs inside the application's transaction (a failing lookup would
 * abort it, and a lookup inside an aborted PostgreSQL transaction fails): the caller hands over its own
 * connection only in auto-commit mode, where the lookup is a transaction of its own, else one of Strata's
 * dedicated connections, closed after the lookup ({@link ConnectionState}).
 *
 * <p><b>How long an answer holds.</b> {@code strata.jdbc.function-catalog-ttl}; every DDL through Strata (and the
 * end of a transaction that ran DDL) forgets all answers at once ({@link #clear}): a generation number, so that a
 * lookup that raced with the DDL stores nothing. A function redefined by another client is seen after at most
 * the TTL. Answers are not bounded by a size limit of their own beyond {@link #MAX_NAMES} per database: the names
 * come from SQL texts, and an application that calls more distinct functions than that has bigger problems.
 *
 * <p>Thread-safe; two threads that miss one name at once both look it up (harmless).
 */
final class FunctionVolatility {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionVolatility.class);
    /** More distinct names than this in one database: the answers are dropped and asked again. */
    static final int MAX_NAMES = 10_000;

    /** How far a function's result may change between two calls with equal arguments; worst last. */
    enum Volatility {
        /** The same arguments give the same result, always. */
        IMMUTABLE,
        /** The same within one statement: may read tables, the clock of the transaction, the session. */
        STABLE,
        /** May change from call to call, write, or change the session. */
        VOLATILE,
        /** The database could not say (other database, not found, lookup failed). */
        UNKNOWN;

        Volatility worse(Volatility other) {
            return other.ordinal() > ordinal() ? other : this;
        }
    }

    /** A connection for one lookup; {@code own}: Strata opened it and closes it after the lookup. */
    record Borrowed(Connection connection, boolean own) {
    }

    /** Gives a connection outside the application's transaction. */
    @FunctionalInterface
    interface Source {
        Borrowed borrow() throws SQLException;
    }

    private final long ttlNanos;
    private final AtomicLong generation = new AtomicLong();
    private final ConcurrentHashMap<String, Database> databases = new ConcurrentHashMap<>();
    private final LongAdder lookups = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final AtomicBoolean failureLogged = new AtomicBoolean();

    FunctionVolatility(Duration ttl) {
        this.ttlNanos = ttl.toNanos();
    }

    /** The catalog answers of the database at {@code url} (without password). */
    Database of(String url) {
        return databases.computeIfAbsent(url, Database::new);
    }

    /** Forgets every answer (DDL ran through Strata: a function may have been created, replaced or dropped). */
    void clear() {
        generation.incrementAndGet();
        databases.values().forEach(d -> d.answers.clear());
    }

    /** Names looked up in a database catalog. */
    long lookups() {
        return lookups.sum();
    }

    /** Lookups that failed (their names count as {@link Volatility#UNKNOWN} until the answer expires). */
    long failures() {
        return failures.sum();
    }

    private record Answer(Volatility volatility, long expiresAt, long generation) {
    }

    private enum Dialect { POSTGRESQL, H2, OTHER }

    /** The answers for one database. */
    final class Database {
        private final String url;
        private final ConcurrentHashMap<String, Answer> answers = new ConcurrentHashMap<>();
        private volatile Dialect dialect;

        private Database(String url) {
            this.url = url;
        }

        /**
         * The worst volatility among {@code names} (lower case, schema-qualified as called); names not known or
         * expired are looked up on a connection from {@code source}. {@code metadata} (the application's
         * connection) only tells which database this is: reading its metadata runs no statement. Never throws.
         */
        Volatility worst(Set<String> names, Source source, Connection metadata) {
            Dialect d = dialect(metadata);
            if (d == Dialect.OTHER) {
                return Volatility.UNKNOWN;
            }
            Volatility worst = Volatility.IMMUTABLE;
            long now = System.nanoTime();
            long gen = generation.get();
            Set<String> missing = null;
            for (String name : names) {
                Answer a = answers.get(name);
                if (a == null || a.generation != gen || now - a.expiresAt >= 0) {
                    missing = missing == null ? new LinkedHashSet<>() : missing;
                    missing.add(name);
                } else {
                    worst = worst.worse(a.volatility);
                }
            }
            if (missing == null || worst.compareTo(Volatility.VOLATILE) >= 0) {
                return worst; // volatile already decides: nothing to ask
            }
            return worst.worse(lookUp(d, missing, source, gen));
        }

        private Dialect dialect(Connection metadata) {
            Dialect d = dialect;
            if (d == null) {
                try {
                    String product = metadata.getMetaData().getDatabaseProductName();
                    d = "PostgreSQL".equalsIgnoreCase(product) ? Dialect.POSTGRESQL
                            : "H2".equalsIgnoreCase(product) && metadata.getMetaData().getDatabaseMajorVersion() >= 2
                            ? Dialect.H2 : Dialect.OTHER;
                } catch (SQLException | RuntimeException e) {
                    failed(e);
                    return Dialect.OTHER; // asked again next time
                }
                dialect = d;
            }
            return d;
        }

        private Volatility lookUp(Dialect d, Set<String> names, Source source, long gen) {
            Volatility worst = Volatility.IMMUTABLE;
            Borrowed borrowed = null;
            try {
                borrowed = source.borrow();
                for (String name : names) {
                    lookups.increment();
                    Volatility v = ask(d, borrowed.connection(), name);
                    remember(name, v, gen);
                    worst = worst.worse(v);
                }
                return worst;
            } catch (SQLException | RuntimeException e) {
                failed(e);
                for (String name : names) {
                    remember(name, Volatility.UNKNOWN, gen); // not asked again at every execution
                }
                return Volatility.UNKNOWN;
            } finally {
                if (borrowed != null && borrowed.own()) {
                    try {
                        borrowed.connection().close();
                    } catch (SQLException | RuntimeException e) {
                        LOG.debug("Strata JDBC: closing the function catalog connection failed", e);
                    }
                }
            }
        }

        private void remember(String name, Volatility v, long gen) {
            if (ttlNanos == 0) {
                return;
            }
            if (answers.size() >= MAX_NAMES) {
                answers.clear();
            }
            answers.put(name, new Answer(v, System.nanoTime() + ttlNanos, gen));
        }

        private void failed(Exception e) {
            failures.increment();
            if (failureLogged.compareAndSet(false, true)) {
                LOG.warn("Strata JDBC: reading function volatility from the catalog of {} failed; statements calling "
                        + "user functions run uncached and invalidate everything until it works (logged once, "
                        + "counted in functionLookupFailures)", url, e);
            }
        }
    }

    private static final String PG_BY_NAME = "select p.provolatile from pg_catalog.pg_proc p where p.proname = ?";
    private static final String PG_BY_SCHEMA = "select p.provolatile from pg_catalog.pg_proc p "
            + "join pg_catalog.pg_namespace n on n.oid = p.pronamespace where p.proname = ? and n.nspname = ?";
    // H2 folds unquoted names to upper case (or lower, with DATABASE_TO_LOWER): compared in lower case, the worst
    // of every routine that matches counts
    private static final String H2_BY_NAME = "select is_deterministic from information_schema.routines "
            + "where lower(routine_name) = ?";
    private static final String H2_BY_SCHEMA = H2_BY_NAME + " and lower(routine_schema) = ?";

    /** One name's volatility: the worst of every function the catalog holds under it; unknown when none. */
    private static Volatility ask(Dialect d, Connection c, String name) throws SQLException {
        int dot = name.indexOf('.');
        String schema = dot < 0 ? null : name.substring(0, dot);
        String bare = dot < 0 ? name : name.substring(dot + 1);
        String sql = d == Dialect.POSTGRESQL ? (schema == null ? PG_BY_NAME : PG_BY_SCHEMA)
                : (schema == null ? H2_BY_NAME : H2_BY_SCHEMA);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, bare);
            if (schema != null) {
                ps.setString(2, schema);
            }
            try (ResultSet rs = ps.executeQuery()) {
                Volatility worst = null;
                while (rs.next()) {
                    Volatility v = d == Dialect.POSTGRESQL ? fromPostgres(rs.getString(1))
                            : "YES".equalsIgnoreCase(rs.getString(1)) ? Volatility.IMMUTABLE : Volatility.VOLATILE;
                    worst = worst == null ? v : worst.worse(v);
                }
                return worst == null ? Volatility.UNKNOWN : worst;
            }
        }
    }

    private static Volatility fromPostgres(String provolatile) {
        return switch (provolatile == null ? "" : provolatile) {
            case "i" -> Volatility.IMMUTABLE;
            case "s" -> Volatility.STABLE;
            case "v" -> Volatility.VOLATILE;
            default -> Volatility.UNKNOWN;
        };
    }
}
