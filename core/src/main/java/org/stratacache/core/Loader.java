package org.stratacache.core;

/**
 * Loads the value of a key on a miss (read-through). May throw anything; the failure reaches every caller
 * waiting on that key, wrapped in a {@link RegionLoadException}, and nothing is cached. Returning
 * {@code null} means "no value": nothing is cached and the callers get {@code null}.
 */
@FunctionalInterface
public interface Loader<K, V> {
    V load(K key) throws Exception;
}
