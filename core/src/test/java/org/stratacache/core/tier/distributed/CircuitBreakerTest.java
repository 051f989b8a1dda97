package org.stratacache.core.tier.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    private final AtomicLong now = new AtomicLong();
    private final CircuitBreaker breaker = new CircuitBreaker(3, 1_000, now::get);
    private final AtomicInteger probes = new AtomicInteger();

    private boolean allow(boolean recovers) {
        return breaker.allow(() -> {
            probes.incrementAndGet();
            return recovers;
        });
    }

    @Test
    void failures_belowTheThreshold_keepItClosed() {
        breaker.failed();
        breaker.failed();
        breaker.succeeded();
        breaker.failed();
        breaker.failed();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(allow(true)).isTrue();
        assertThat(probes).hasValue(0);
    }

    @Test
    void thresholdFailures_openIt_andCallsFailFastUntilTheOpenPeriodEnds() {
        breaker.failed();
        breaker.failed();
        assertThat(breaker.failed()).isTrue();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        now.addAndGet(999);
        assertThat(allow(true)).isFalse();
        assertThat(probes).hasValue(0);
        assertThat(breaker.opens()).isEqualTo(1);
    }

    @Test
    void probe_afterTheOpenPeriod_closesItWhenRecoverySucceeds() {
        for (int i = 0; i < 3; i++) {
            breaker.failed();
        }
        now.addAndGet(1_000);
        assertThat(allow(true)).isTrue();
        assertThat(probes).hasValue(1);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void probe_thatFails_reopensForAnotherPeriod() {
        for (int i = 0; i < 3; i++) {
            breaker.failed();
        }
        now.addAndGet(1_000);
        assertThat(allow(false)).isFalse();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        now.addAndGet(500);
        assertThat(allow(true)).isFalse();
        assertThat(probes).hasValue(1);
        now.addAndGet(500);
        assertThat(allow(true)).isTrue();
        assertThat(probes).hasValue(2);
    }
}
