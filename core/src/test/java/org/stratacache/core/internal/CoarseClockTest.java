package org.stratacache.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class CoarseClockTest {

    @Test
    void whileHeld_theTimeFollowsNanoTime_neverAheadOfIt() {
        CoarseClock clock = CoarseClock.acquire();
        try {
            long first = clock.nanoTime();
            assertThat(first).isLessThanOrEqualTo(System.nanoTime());
            await().atMost(Duration.ofSeconds(10)).until(() -> clock.nanoTime() - first > 5 * CoarseClock.TICK_NANOS);
            for (int i = 0; i < 1_000; i++) {
                long read = clock.nanoTime();
                assertThat(read - System.nanoTime()).as("a coarse reading is never in the future").isLessThanOrEqualTo(0);
            }
        } finally {
            clock.release();
        }
    }

    @Test
    void lastRelease_stopsTheThread_andTheNextAcquireStartsOneAgain() {
        CoarseClock clock = CoarseClock.acquire();
        clock.release();
        await().atMost(Duration.ofSeconds(10)).until(() -> !tickingThreadRuns());
        CoarseClock again = CoarseClock.acquire();
        try {
            assertThat(tickingThreadRuns()).isTrue();
            long start = again.nanoTime();
            await().atMost(Duration.ofSeconds(10)).until(() -> again.nanoTime() != start);
        } finally {
            again.release();
        }
    }

    @Test
    void releasingMoreOftenThanAcquired_isRefused() {
        CoarseClock clock = CoarseClock.acquire();
        clock.release();
        assertThatThrownBy(clock::release).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("released more often than acquired");
    }

    private static boolean tickingThreadRuns() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("strata-coarse-clock") && t.isAlive());
    }
}
