package org.stratacache.core.invalidation;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;

/**
 * Carries invalidations between the Strata instances (JVMs) that share a database, so that a write on one
 * reaches the caches of all. What travels is tags: the JDBC layer's table tags, and whatever other tags a
 * layer on top invalidates; each receiving instance bumps the same tags in its own store.
 *
 * <p><b>Doubt means stale.</b> While {@link #trusted()} is false the bus may have missed messages (the
 * listener is disconnected, or it has not connected yet): reads must not be answered from the cache. When it
 * becomes trusted again after a gap, it first tells its {@link Receiver} to drop everything
 * ({@link Receiver#invalidateAll()}), since messages may have been lost meanwhile.
 *
 * <p>Implementations are thread-safe; {@link #publish} never blocks on the network.
 */
public interface InvalidationBus extends AutoCloseable {

    /** What the bus delivers to the local instance: what other instances invalidated. */
    interface Receiver {
        /** Another instance invalidated these tags (after its write committed). */
        void invalidated(Collection<String> tags);

        /** Messages may have been missed: every cached entry that depends on the database must go. */
        void invalidateAll();

        /**
         * The tags that stand for changes to rows of these tables, named as the database names them (the bare
         * name in lower case), for a bus that sees the writes in the database itself (mode {@code logical});
         * null when this receiver cannot name them, and the bus then drops everything instead.
         */
        default Collection<String> tagsOfTables(Collection<String> tables) {
            return null;
        }
    }

    /**
     * Publishes tags this instance invalidated after a committed write, to every other instance. Returns at
     * once: delivery happens in the background, retried until sent (coalesced, never dropped).
     */
    void publish(Collection<String> tags);

    /**
     * Publishes {@code tags} inside the transaction open on {@code connection}, so that the message is
     * delivered exactly when (and only if) that transaction commits. Returns false when this bus cannot do so
     * (or the attempt failed: the transaction may already be failed); the caller then publishes after commit.
     */
    boolean publishInTransaction(Connection connection, Collection<String> tags);

    /**
     * Commits the transaction open on {@code connection} with {@code tags} published inside it, both in one round
     * trip to the database where this bus can (the message is then delivered exactly when the commit succeeds, as
     * with {@link #publishInTransaction}, without a round trip of its own). Returns true when it committed; false
     * when it did nothing, or when the message failed before the commit ran (the transaction is then still
     * open, as before the call): the caller then publishes and commits as usual. Throws when the commit itself
     * ran and failed: the transaction is over (rolled back), and the exception is the commit's.
     *
     * @throws SQLException the commit's failure
     */
    default boolean commitPublishing(Connection connection, Collection<String> tags) throws SQLException {
        return false;
    }

    /** False while messages may have been missed: reads must pass the cache by. */
    boolean trusted();

    /** This bus's counters so far. */
    InvalidationStats stats();

    /** A short description for logs: mode, channel, database. */
    String describe();

    /** Stops listening and publishing; messages still queued are sent first when possible. */
    @Override
    void close();

    /** A bus that carries nothing and is always trusted: one instance, or writes that reach all by themselves. */
    static InvalidationBus off(String why) {
        return new InvalidationBus() {
            @Override
            public void publish(Collection<String> tags) {
            }

            @Override
            public boolean publishInTransaction(Connection connection, Collection<String> tags) {
                return false;
            }

            @Override
            public boolean trusted() {
                return true;
            }

            @Override
            public InvalidationStats stats() {
                return InvalidationStats.NONE;
            }

            @Override
            public String describe() {
                return "off (" + why + ")";
            }

            @Override
            public void close() {
            }
        };
    }
}
