package org.stratacache.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * Nodes stamp transactions with the cluster clock, on which members agree only to a few milliseconds
 * (the two-node test measures it). A load whose transaction is stamped just after an unlock may still have
 * read the row before the commit on a node whose clock runs ahead: it must not replace the unlocked entry.
 */
class ClockSkewTest {
    private static final long MS = 1L << Timestamper.SHIFT;
    private static final long UNLOCKED_AT = 1_000_000L * MS;
    private static final long SKEW = SoftLockEntry.CLUSTER_SKEW_ALLOWANCE;

    private final SoftLockEntry unlocked = SoftLockEntry.lock(new SoftLockEntry.Handle(UUID.randomUUID(), 1), null,
            UNLOCKED_AT + Timestamper.LOCK_TIMEOUT).unlock(UNLOCKED_AT);

    @Test
    void replaceableBy_loadStampedWithinTheSkewAllowanceAfterTheUnlock_isRefused() {
        assertThat(unlocked.replaceableBy(UNLOCKED_AT + 1, SKEW, null, null)).isFalse();
        assertThat(unlocked.replaceableBy(UNLOCKED_AT + 20 * MS, SKEW, null, null)).isFalse();
        assertThat(unlocked.replaceableBy(UNLOCKED_AT + SKEW, SKEW, null, null)).isFalse();
    }

    @Test
    void replaceableBy_loadStampedWellAfterTheUnlock_isAccepted() {
        assertThat(unlocked.replaceableBy(UNLOCKED_AT + SKEW + 1, SKEW, null, null)).isTrue();
    }

    @Test
    void replaceableBy_loadStampedBeforeTheUnlock_isRefused() {
        assertThat(unlocked.replaceableBy(UNLOCKED_AT - MS, SKEW, null, null)).isFalse();
    }

    @Test
    void replaceableBy_withOneClock_aLoadBegunJustAfterTheUnlockIsAccepted_andOneBegunBeforeIsNot() {
        assertThat(unlocked.replaceableBy(UNLOCKED_AT + 1, 0, null, null)).isTrue();
        assertThat(unlocked.replaceableBy(UNLOCKED_AT, 0, null, null)).isFalse();
        assertThat(unlocked.replaceableBy(UNLOCKED_AT - 1, 0, null, null)).isFalse();
    }
}
