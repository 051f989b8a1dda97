package org.stratacache.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class CoalescingPublisherTest {
    private final List<Set<String>> messages = new CopyOnWriteArrayList<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    private CoalescingPublisher publisher(Duration delay, CoalescingPublisher.Sender sender) {
        CoalescingPublisher p = new CoalescingPublisher("test", "test-publisher", sender, 100, delay, sent, failures);
        p.start();
        return p;
    }

    private CoalescingPublisher recording(Duration delay) {
        return publisher(delay, (tags, everything) -> messages.add(new TreeSet<>(tags)));
    }

    @Test
    void aWriteAfterAQuietSpell_isSentAtOnce_evenWithALongDelay() {
        CoalescingPublisher p = recording(Duration.ofMinutes(10));
        try {
            p.add(List.of("a"), false);
            // sent without waiting for the delay (the test would take ten minutes otherwise)
            await().atMost(Duration.ofMinutes(2)).until(() -> messages.size() == 1);
            assertThat(messages).containsExactly(Set.of("a"));
        } finally {
            p.close(10_000);
        }
    }

    @Test
    void writesSoonAfterAMessage_waitForTheDelay_andGoInOneMessage() {
        // a delay far longer than the test: every hand-over below happens inside it, whatever the machine's load
        CoalescingPublisher p = recording(Duration.ofMinutes(10));
        p.add(List.of("first"), false);
        await().atMost(Duration.ofMinutes(2)).until(() -> messages.size() == 1);
        p.add(List.of("a"), false);
        p.add(List.of("b", "c"), false);
        p.add(List.of("a"), false);
        p.close(60_000); // cuts the delay short and sends what is pending: nothing is lost at close

        assertThat(messages).containsExactly(Set.of("first"), Set.of("a", "b", "c"));
        assertThat(sent).hasValue(2);
    }

    @Test
    void withoutDelay_eachWriteAfterASend_isSentWithoutWaiting() {
        CoalescingPublisher p = recording(Duration.ZERO);
        try {
            for (int i = 0; i < 50; i++) {
                p.add(List.of("t" + i), false);
                int expected = i + 1;
                await().atMost(Duration.ofSeconds(30)).until(() -> messages.size() == expected);
            }
            assertThat(messages).hasSize(50);
        } finally {
            p.close(10_000);
        }
    }

    @Test
    void handOversDuringASend_goInTheNextMessage_noneLost() throws Exception {
        CountDownLatch firstSending = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CoalescingPublisher p = publisher(Duration.ofMillis(2), (tags, everything) -> {
            messages.add(new TreeSet<>(tags));
            firstSending.countDown();
            release.await(); // holds the first send: every later hand-over waits for the next message
        });
        try {
            p.add(List.of("t0"), false);
            firstSending.await();
            for (int i = 1; i < 1_000; i++) {
                p.add(List.of("t" + i), false);
            }
            release.countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> messages.stream().mapToInt(Set::size).sum() == 1_000);
        } finally {
            p.close(10_000);
        }
        Set<String> all = new TreeSet<>();
        messages.forEach(all::addAll);
        assertThat(all).hasSize(1_000);
        assertThat(messages).hasSize(2); // the first, then the 999 that arrived while it was being sent
    }
}
