package org.stratacache.core.jcache;

import java.io.Serializable;

import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;

import org.stratacache.core.tag.TagSnapshot;
import org.stratacache.core.tier.StoredEntry;

/**
 * JSR-107 expiry for one cache: the {@link ExpiryPolicy}'s answers as millisecond TTLs, and the tier record
 * that carries each entry's expiry time.
 *
 * <p>The tier holds a {@link Held} record: the value and the wall-clock time it expires. The cache decides
 * expiry itself, so an entry it finds expired it can remove and report (EXPIRED event, with the value). The
 * tier's own TTL ({@link StoredEntry#ttlMillis()}) is set a grace period past the expiry time, so the memory
 * of an entry nobody touches again is still reclaimed — then without an event.
 */
final class Expiry {
    /** TTL answers besides a positive number of milliseconds. */
    static final long KEEP = -2;
    static final long EXPIRE_NOW = -1;
    static final long ETERNAL = 0;
    /** How long the tier keeps an expired entry for the cache to notice and report. */
    static final long EXPIRED_GRACE_MILLIS = 60_000;

    private final ExpiryPolicy policy;

    Expiry(ExpiryPolicy policy) {
        this.policy = policy;
    }

    ExpiryPolicy policy() {
        return policy;
    }

    /** TTL of a new entry: {@link #ETERNAL}, {@link #EXPIRE_NOW} (do not store) or milliseconds. */
    long onCreation() {
        Duration d;
        try {
            d = policy.getExpiryForCreation();
        } catch (RuntimeException e) {
            d = Duration.ETERNAL; // a failing policy must not lose the write: the entry stays until removed
        }
        return d == null ? ETERNAL : millis(d);
    }

    /** TTL after an update: also {@link #KEEP} (leave the expiry time as it is). */
    long onUpdate() {
        Duration d;
        try {
            d = policy.getExpiryForUpdate();
        } catch (RuntimeException e) {
            d = null; // a failing policy leaves the expiry as it was
        }
        return d == null ? KEEP : millis(d);
    }

    /** TTL after a read: also {@link #KEEP}. */
    long onAccess() {
        Duration d;
        try {
            d = policy.getExpiryForAccess();
        } catch (RuntimeException e) {
            d = null;
        }
        return d == null ? KEEP : millis(d);
    }

    private static long millis(Duration d) {
        if (d.isEternal()) {
            return ETERNAL;
        }
        return d.isZero() ? EXPIRE_NOW : Math.max(1, d.getTimeUnit().toMillis(d.getDurationAmount()));
    }

    static boolean expired(StoredEntry<?> entry, long now) {
        return now >= held(entry).expiresAtMillis();
    }

    static Held held(StoredEntry<?> entry) {
        return (Held) entry.value();
    }

    /** {@code ttl} is {@link #ETERNAL} or a positive number of milliseconds. */
    static long expiresAt(long now, long ttl) {
        return ttl == ETERNAL ? Long.MAX_VALUE : now + ttl;
    }

    /** The tier record for a value (object or serialized form) that expires at {@code expiresAt}. */
    static StoredEntry<Object> hold(Object stored, long now, long expiresAt) {
        long tierTtl = expiresAt == Long.MAX_VALUE ? 0 : Math.max(1, expiresAt - now) + EXPIRED_GRACE_MILLIS;
        return new StoredEntry<>(new Held(stored, expiresAt), TagSnapshot.EMPTY, 0L, now, tierTtl);
    }

    /**
     * What the tier holds for a JCache entry: the value (the object itself, or its serialized form when the
     * cache stores by value) and the wall-clock time at which it expires ({@code Long.MAX_VALUE}: never).
     */
    record Held(Object value, long expiresAtMillis) implements Serializable {
    }
}
