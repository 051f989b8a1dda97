/**
 * A JSR-107 cache's way to its system of record: the {@code CacheLoader} (read-through, {@code loadAll}), the
 * {@code CacheWriter} (write-through), and write-behind, which hands the writer batches from Strata's
 * write-behind engine ({@link org.stratacache.core.writebehind.WriteBehind}) instead of calling it inside each
 * operation. {@link org.stratacache.core.jcache.integration.StrataCacheEntry} is the entry Strata hands to
 * writers and to iterating callers.
 *
 * <p>Owns the exception contract towards loaders and writers (failures leave as {@code CacheLoaderException} /
 * {@code CacheWriterException} with the cause) and the partial-failure rule of batch writes. May use
 * {@code javax.cache}, {@code org.stratacache.core.writebehind} and {@code org.stratacache.core.internal}; it
 * does not know the cache implementation ({@code org.stratacache.core.jcache}), which passes in how to open a
 * write-behind queue.
 */
package org.stratacache.core.jcache.integration;
