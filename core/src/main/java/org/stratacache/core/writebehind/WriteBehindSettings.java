package org.stratacache.core.writebehind;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import org.stratacache.core.config.ConfigKeys;
import org.stratacache.core.config.StrataConfig;

/**
 * Settings of one write-behind queue. {@link #from(StrataConfig)} reads the {@code strata.write-behind.*}
 * keys; {@link #toBuilder()} changes some of them for one queue.
 *
 * @param journalDir     {@code null}: no journal; else the journal of queue {@code q} lives in {@code journalDir/q}
 * @param fsyncPerGroup  true: acknowledge after an fsync covering the write; false: fsync every
 *                       {@code fsyncInterval} and acknowledge once the write is in the OS page cache
 */
public record WriteBehindSettings(int batchSize, Duration maxDelay, int capacity, Duration offerTimeout,
                                  Duration initialBackoff, Duration maxBackoff, Duration closeTimeout,
                                  Path journalDir, boolean fsyncPerGroup, Duration fsyncInterval,
                                  long journalSegmentSize) {

    public WriteBehindSettings {
        require(batchSize >= 1, "batchSize must be at least 1, not " + batchSize);
        require(capacity >= 1, "capacity must be at least 1, not " + capacity);
        requirePositive(maxDelay, "maxDelay");
        requirePositive(initialBackoff, "initialBackoff");
        requirePositive(maxBackoff, "maxBackoff");
        requirePositive(fsyncInterval, "fsyncInterval");
        require(!Objects.requireNonNull(offerTimeout, "offerTimeout").isNegative(), "offerTimeout must not be negative");
        require(!Objects.requireNonNull(closeTimeout, "closeTimeout").isNegative(), "closeTimeout must not be negative");
        require(maxBackoff.compareTo(initialBackoff) >= 0, "maxBackoff " + maxBackoff
                + " is shorter than initialBackoff " + initialBackoff);
        require(journalSegmentSize >= 4096, "journalSegmentSize must be at least 4096 bytes");
    }

    /** The settings the {@code strata.write-behind.*} keys of {@code config} give. */
    public static WriteBehindSettings from(StrataConfig config) {
        String dir = config.get(ConfigKeys.WRITE_BEHIND_JOURNAL_DIR).trim();
        return new WriteBehindSettings(
                Math.toIntExact(config.get(ConfigKeys.WRITE_BEHIND_BATCH_SIZE)),
                config.get(ConfigKeys.WRITE_BEHIND_MAX_DELAY),
                Math.toIntExact(config.get(ConfigKeys.WRITE_BEHIND_QUEUE_CAPACITY)),
                config.get(ConfigKeys.WRITE_BEHIND_OFFER_TIMEOUT),
                config.get(ConfigKeys.WRITE_BEHIND_RETRY_INITIAL_BACKOFF),
                config.get(ConfigKeys.WRITE_BEHIND_RETRY_MAX_BACKOFF),
                config.get(ConfigKeys.WRITE_BEHIND_CLOSE_TIMEOUT),
                dir.isEmpty() ? null : Path.of(dir),
                config.get(ConfigKeys.WRITE_BEHIND_JOURNAL_FSYNC).equals("group"),
                config.get(ConfigKeys.WRITE_BEHIND_JOURNAL_FSYNC_INTERVAL),
                config.get(ConfigKeys.WRITE_BEHIND_JOURNAL_SEGMENT_SIZE));
    }

    /** The defaults of every {@code strata.write-behind.*} key. */
    public static WriteBehindSettings defaults() {
        return from(StrataConfig.of(java.util.Map.of()));
    }

    public boolean journaled() {
        return journalDir != null;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("write-behind settings: " + message);
        }
    }

    private static void requirePositive(Duration d, String what) {
        require(d != null && !d.isZero() && !d.isNegative(), what + " must be positive, not " + d);
    }

    /** Changes some settings; {@link #build()} validates them all. */
    public static final class Builder {
        private int batchSize;
        private Duration maxDelay;
        private int capacity;
        private Duration offerTimeout;
        private Duration initialBackoff;
        private Duration maxBackoff;
        private Duration closeTimeout;
        private Path journalDir;
        private boolean fsyncPerGroup;
        private Duration fsyncInterval;
        private long journalSegmentSize;

        private Builder(WriteBehindSettings s) {
            batchSize = s.batchSize;
            maxDelay = s.maxDelay;
            capacity = s.capacity;
            offerTimeout = s.offerTimeout;
            initialBackoff = s.initialBackoff;
            maxBackoff = s.maxBackoff;
            closeTimeout = s.closeTimeout;
            journalDir = s.journalDir;
            fsyncPerGroup = s.fsyncPerGroup;
            fsyncInterval = s.fsyncInterval;
            journalSegmentSize = s.journalSegmentSize;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder maxDelay(Duration v) {
            maxDelay = v;
            return this;
        }

        public Builder capacity(int v) {
            capacity = v;
            return this;
        }

        public Builder offerTimeout(Duration v) {
            offerTimeout = v;
            return this;
        }

        public Builder backoff(Duration initial, Duration max) {
            initialBackoff = initial;
            maxBackoff = max;
            return this;
        }

        public Builder closeTimeout(Duration v) {
            closeTimeout = v;
            return this;
        }

        /** {@code null} turns the journal off. */
        public Builder journalDir(Path v) {
            journalDir = v;
            return this;
        }

        /** true: fsync per group of acknowledgements; false: fsync every {@code interval}. */
        public Builder fsync(boolean perGroup, Duration interval) {
            fsyncPerGroup = perGroup;
            fsyncInterval = interval;
            return this;
        }

        public Builder journalSegmentSize(long bytes) {
            journalSegmentSize = bytes;
            return this;
        }

        public WriteBehindSettings build() {
            return new WriteBehindSettings(batchSize, maxDelay, capacity, offerTimeout, initialBackoff, maxBackoff,
                    closeTimeout, journalDir, fsyncPerGroup, fsyncInterval, journalSegmentSize);
        }
    }
}
