package org.stratacache.core.internal.writebehind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stratacache.core.writebehind.DeadLetterSink;
import org.stratacache.core.writebehind.PendingWrite;
import org.stratacache.core.writebehind.RecordingWriter;
import org.stratacache.core.writebehind.WriteBehind;
import org.stratacache.core.writebehind.WriteBehindSettings;

class JournalTest {
    @TempDir
    Path dir;

    private WriteBehindSettings.Builder settings() {
        return WriteBehindSettings.defaults().toBuilder().journalDir(dir).batchSize(64)
                .maxDelay(Duration.ofMillis(10)).backoff(Duration.ofMillis(5), Duration.ofMillis(20))
                .closeTimeout(Duration.ofMillis(300));
    }

    private <V> WriteBehindQueue<String, V> queue(RecordingWriter<String, V> writer, WriteBehindSettings s) {
        return new WriteBehindQueue<>("events", writer, s, DeadLetterSink.logging(), null);
    }

    /** Writes that a queue whose database never came back left in its journal, and what they mean. */
    private Map<String, Integer> leaveUnwrittenWrites() {
        RecordingWriter<String, Integer> down = new RecordingWriter<>();
        down.transientFailures.set(Integer.MAX_VALUE);
        WriteBehindQueue<String, Integer> q = queue(down, settings().build());
        Map<String, Integer> expected = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            q.put("k" + (i % 120), i);
            expected.put("k" + (i % 120), i);
        }
        q.delete("k7");
        expected.remove("k7");
        WriteBehind.CloseReport<String, Integer> report = q.closeAndReport();
        assertThat(report.journaled()).isTrue();
        // every key, some twice: a batch in flight when the close gave up and a newer write queued behind it
        assertThat(report.unwritten().stream().map(PendingWrite::key).distinct()).hasSize(120);
        return expected;
    }

    @Test
    void reopen_replaysTheWritesAnUncleanCloseLeftInTheJournal() throws Exception {
        Map<String, Integer> expected = leaveUnwrittenWrites();

        RecordingWriter<String, Integer> db = new RecordingWriter<>();
        db.gate = new java.util.concurrent.CountDownLatch(1); // nothing commits before the pending check
        try (WriteBehindQueue<String, Integer> q = queue(db, settings().build())) {
            assertThat(q.pending("k8")).get().extracting(PendingWrite::value).isEqualTo(248);
            db.gate.countDown();
            q.put("after", 1);
            q.flush();
            assertThat(q.pending("after")).isEmpty();
        }
        expected.put("after", 1);
        assertThat(db.table).isEqualTo(expected);
        assertThat(db.allWrites()).filteredOn(w -> w.key().equals("k7")).singleElement()
                .extracting(PendingWrite::isDelete).isEqualTo(true);
        assertThat(db.allWrites()).filteredOn(w -> w.key().equals("after")).singleElement()
                .satisfies(w -> assertThat(w.sequence()).isGreaterThan(300));
        assertThat(segmentFiles()).isEmpty(); // a clean close deletes the journal
    }

    @Test
    void journaledQueues_listsTheQueuesThatLeftWrites_byTheirNames() throws Exception {
        assertThat(WriteBehindQueue.journaledQueues(dir)).isEmpty();
        assertThat(WriteBehindQueue.journaledQueues(dir.resolve("missing"))).isEmpty();
        RecordingWriter<String, Integer> down = new RecordingWriter<>();
        down.transientFailures.set(Integer.MAX_VALUE);
        WriteBehindQueue<String, Integer> odd = new WriteBehindQueue<>("jdbc:page_view", down, settings().build(),
                DeadLetterSink.logging(), null);
        odd.put("k", 1);
        assertThat(odd.closeAndReport().isClean()).isFalse();
        try (WriteBehindQueue<String, Integer> clean = new WriteBehindQueue<>(".hidden é", new RecordingWriter<>(),
                settings().build(), DeadLetterSink.logging(), null)) {
            clean.put("k", 1);
        }
        Files.createDirectories(dir.resolve("not%zz-a-queue"));

        assertThat(WriteBehindQueue.journaledQueues(dir)).containsOnlyKeys("jdbc:page_view")
                .containsEntry("jdbc:page_view", dir.resolve(WriteBehindQueue.directoryName("jdbc:page_view")));
        assertThat(WriteBehindQueue.queueNameOf(WriteBehindQueue.directoryName(".hidden é"))).isEqualTo(".hidden é");
        assertThat(WriteBehindQueue.queueNameOf("not%zz-a-queue")).isNull();
    }

    @Test
    void reopen_ignoresATornRecordAtTheEnd() throws Exception {
        Map<String, Integer> expected = leaveUnwrittenWrites();
        Path last;
        try (Stream<Path> files = segmentFiles().stream()) {
            last = files.max(Path::compareTo).orElseThrow();
        }
        // A crash in the middle of appending a record: a length that promises more than is there.
        Files.write(last, new byte[] {0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 7}, StandardOpenOption.APPEND);

        RecordingWriter<String, Integer> db = new RecordingWriter<>();
        try (WriteBehindQueue<String, Integer> q = queue(db, settings().build())) {
            q.flush();
        }
        assertThat(db.table).isEqualTo(expected);
    }

    @Test
    void journal_segmentsAreDeletedAsTheirWritesCommit() {
        RecordingWriter<String, String> db = new RecordingWriter<>();
        try (WriteBehindQueue<String, String> q = queue(db, settings().journalSegmentSize(4096)
                .fsync(false, Duration.ofMillis(50)).build())) {
            for (int i = 0; i < 2000; i++) {
                q.put("key-" + i, "value-" + i);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> q.stats().queueDepth() == 0 && q.journalSegments() == 1);
            assertThat(db.table).hasSize(2000);
        }
    }

    @Test
    void putAll_sharesOneJournalForceAndReplays() throws Exception {
        RecordingWriter<String, Integer> down = new RecordingWriter<>();
        down.transientFailures.set(Integer.MAX_VALUE);
        WriteBehindQueue<String, Integer> q = queue(down, settings().build());
        Map<String, Integer> rows = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 500; i++) {
            rows.put("k" + i, i);
        }
        q.putAll(rows);
        assertThat(q.pending("k499")).get().extracting(PendingWrite::value).isEqualTo(499);
        q.closeAndReport();

        RecordingWriter<String, Integer> db = new RecordingWriter<>();
        try (WriteBehindQueue<String, Integer> again = queue(db, settings().build())) {
            again.flush();
        }
        assertThat(db.table).isEqualTo(rows);
    }

    @Test
    void journal_intervalFsyncModeAlsoReplays() throws Exception {
        RecordingWriter<String, Integer> down = new RecordingWriter<>();
        down.transientFailures.set(Integer.MAX_VALUE);
        WriteBehindSettings interval = settings().fsync(false, Duration.ofMillis(20)).build();
        WriteBehindQueue<String, Integer> q = queue(down, interval);
        for (int i = 0; i < 50; i++) {
            q.put("k" + i, i);
        }
        assertThat(q.closeAndReport().unwritten()).hasSize(50);

        RecordingWriter<String, Integer> db = new RecordingWriter<>();
        try (WriteBehindQueue<String, Integer> again = queue(db, interval)) {
            again.flush();
        }
        assertThat(db.table).hasSize(50).containsEntry("k49", 49);
    }

    @Test
    void journal_usedByAnotherOpenQueueIsRefused() {
        try (WriteBehindQueue<String, String> q = queue(new RecordingWriter<>(), settings().build())) {
            assertThatThrownBy(() -> queue(new RecordingWriter<String, String>(), settings().build()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("in use by another queue");
            assertThat(q.name()).isEqualTo("events");
        }
    }

    @Test
    void put_ofAValueThatCannotBeJournaledFailsClearlyAndQueuesNothing() {
        try (WriteBehindQueue<String, Object> q = queue(new RecordingWriter<>(), settings().build())) {
            assertThatThrownBy(() -> q.put("k", new Object()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be java.io.Serializable");
            assertThat(q.pending("k")).isEmpty();
        }
    }

    @Test
    void directoryName_escapesCharactersUnsafeInFileNames() {
        assertThat(WriteBehindQueue.directoryName("public.page_views")).isEqualTo("public.page_views");
        assertThat(WriteBehindQueue.directoryName("a/b")).isEqualTo("a%002fb");
        assertThat(WriteBehindQueue.directoryName("..")).startsWith("%");
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("events"))) {
            return files.filter(p -> p.toString().endsWith(".wbj")).toList();
        }
    }
}
