package org.stratacache.core;

import java.time.Duration;
import java.util.Objects;

import org.stratacache.core.config.ConfigKeys;
import org.stratacache.core.config.StrataConfig;

/**
 * The settings of one region. Immutable; build with {@link #builder()} or read from configuration with
 * {@link StrataConfig#regionSettings(String)}.
 *
 * @param ttl          time to live from when an entry is stored; {@link Duration#ZERO} means no expiry
 * @param maxEntries   the most entries the local tier keeps (beyond it the engine evicts: Caffeine by frequency
 *                     and recency, Ehcache the least recently used of a sample)
 * @param storeByValue copy values on put and get (serialization) instead of keeping the reference
 * @param refreshAhead fraction of the TTL after which a read-through hit triggers one background reload;
 *                     0 turns refresh-ahead off
 */
public record RegionSettings(Duration ttl, long maxEntries, boolean storeByValue, double refreshAhead) {

    public RegionSettings {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative: " + ttl);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1: " + maxEntries);
        }
        if (!(refreshAhead >= 0.0 && refreshAhead < 1.0)) {
            throw new IllegalArgumentException("refreshAhead must be in [0, 1): " + refreshAhead);
        }
    }

    /** The built-in defaults (the {@code strata.defaults.*} defaults). */
    public static RegionSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder().ttl(ttl).maxEntries(maxEntries).storeByValue(storeByValue).refreshAhead(refreshAhead);
    }

    /** True when entries expire. */
    public boolean expires() {
        return !ttl.isZero();
    }

    /** Builds {@link RegionSettings}; values are checked by {@link #build()}. */
    public static final class Builder {
        private Duration ttl = ConfigKeys.DEFAULT_TTL.defaultValue();
        private long maxEntries = ConfigKeys.DEFAULT_MAX_ENTRIES.defaultValue();
        private boolean storeByValue = ConfigKeys.DEFAULT_STORE_BY_VALUE.defaultValue();
        private double refreshAhead = ConfigKeys.DEFAULT_REFRESH_AHEAD.defaultValue();

        private Builder() {
        }

        public Builder ttl(Duration ttl) {
            this.ttl = ttl;
            return this;
        }

        public Builder maxEntries(long maxEntries) {
            this.maxEntries = maxEntries;
            return this;
        }

        public Builder storeByValue(boolean storeByValue) {
            this.storeByValue = storeByValue;
            return this;
        }

        public Builder refreshAhead(double refreshAhead) {
            this.refreshAhead = refreshAhead;
            return this;
        }

        public RegionSettings build() {
            return new RegionSettings(ttl, maxEntries, storeByValue, refreshAhead);
        }
    }
}
