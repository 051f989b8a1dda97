package org.stratacache.core.internal.writebehind;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stratacache.core.writebehind.BatchWriter;
import org.stratacache.core.writebehind.DeadLetterSink;
import org.stratacache.core.writebehind.PendingWrite;
import org.stratacache.core.writebehind.WriteBehind;
import org.stratacache.core.writebehind.WriteBehindCloseException;
import org.stratacache.core.writebehind.WriteBehindException;
import org.stratacache.core.writebehind.WriteBehindFullException;
import org.stratacache.core.writebehind.WriteBehindSettings;
import org.stratacache.core.writebehind.WriteBehindStats;

/**
 * The write-behind engine: a coalescing queue, one flusher thread, retries and dead letters, an optional
 * journal. Internal; callers use the {@link WriteBehind} interface.
 *
 * <h2>Concurrency design</h2>
 * One {@link ReentrantLock} guards the queue state; the JDBC work happens outside it.
 * <ul>
 *   <li>{@link #pending}: key → the newest not-yet-taken write of that key, in order of the <em>first</em>
 *       write of each key still queued (a {@link LinkedHashMap}: re-putting a key keeps its place). A write of
 *       a queued key replaces the value in place (coalescing), so a key is queued at most once and the
 *       capacity bounds distinct keys.</li>
 *   <li>{@link #inFlight}: the batch the flusher is writing. A write of a key that is in flight goes to
 *       {@link #pending} as a new entry; the single flusher takes the next batch only after the current one
 *       is committed (or dead-lettered), so the writes of one key reach the database in order.</li>
 *   <li>Sequences are assigned under the lock, so {@link #pending}'s order is sequence order and the lowest
 *       sequence not yet committed (the <em>watermark</em>) is the first entry of {@link #inFlight} or else of
 *       {@link #pending}: {@code O(1)}. {@link #flush()} waits for the watermark to pass the last sequence
 *       assigned when it was called; the journal deletes segments below the watermark.</li>
 *   <li>Journal records are appended under the lock (so the log is in sequence order) and forced outside
 *       it, where writers share one fsync (see {@link Journal}).</li>
 * </ul>
 */
public final class WriteBehindQueue<K, V> implements WriteBehind<K, V> {
    private static final Logger LOG = LoggerFactory.getLogger(WriteBehindQueue.class);

    private final String name;
    private final WriteBehindSettings settings;
    private final BatchWriter<K, V> writer;
    private final DeadLetterSink<K, V> deadLetters;
    private final Journal journal;
    private final Runnable onClosed;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final Condition workAvailable = lock.newCondition();
    private final Condition progress = lock.newCondition();
    private final LinkedHashMap<K, Entry<K, V>> pending = new LinkedHashMap<>();
    private final LinkedHashMap<K, Entry<K, V>> inFlight = new LinkedHashMap<>();
    private long nextSequence;
    private long flushTarget = -1;
    private boolean closing;
    private CloseReport<K, V> closeReport;
    private final Object closeMonitor = new Object();

    /** Set when close gives up waiting: retries stop and the back-off sleep ends. */
    private volatile boolean abandoned;
    private final CountDownLatch abandonSignal = new CountDownLatch(1);
    private final Thread flusher;

    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong rowsWritten = new AtomicLong();
    private final AtomicLong coalesced = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong fullRejections = new AtomicLong();
    private final AtomicLong lastLatencyNanos = new AtomicLong();
    private final AtomicLong maxLatencyNanos = new AtomicLong();
    private final AtomicLong totalLatencyNanos = new AtomicLong();

    /** A queued write; {@code firstSequence} is that of the first write it absorbed. */
    private static final class Entry<K, V> {
        final K key;
        final long firstSequence;
        final long firstNanos;
        V value;
        boolean delete;
        long sequence;

        Entry(K key, V value, boolean delete, long sequence, long nanos) {
            this.key = key;
            this.value = value;
            this.delete = delete;
            this.sequence = sequence;
            this.firstSequence = sequence;
            this.firstNanos = nanos;
        }

        PendingWrite<K, V> toWrite() {
            return new PendingWrite<>(key, value, delete, sequence);
        }
    }

    /**
     * Creates the queue, replays its journal (when {@code settings} name a journal directory: the journal of
     * this queue is {@code journalDir/<name>}) and starts its flusher.
     *
     * @param onClosed run once the queue has closed (the store forgets it)
     */
    public WriteBehindQueue(String name, BatchWriter<K, V> writer, WriteBehindSettings settings,
                            DeadLetterSink<K, V> deadLetters, Runnable onClosed) {
        this.name = requireName(name);
        this.writer = Objects.requireNonNull(writer, "writer");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.onClosed = onClosed == null ? () -> { } : onClosed;
        if (settings.journaled()) {
            Journal.Opened opened = Journal.open(name, settings.journalDir().resolve(directoryName(name)),
                    settings.fsyncPerGroup(), settings.fsyncInterval(), settings.journalSegmentSize());
            this.journal = opened.journal();
            replay(opened.replay());
            nextSequence = Math.max(nextSequence, opened.nextSequence());
        } else {
            this.journal = null;
        }
        this.flusher = new Thread(this::runFlusher, "strata-write-behind-" + name);
        flusher.setDaemon(true);
        flusher.start();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void put(K key, V value) {
        enqueue(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"), false);
    }

    @Override
    public void delete(K key) {
        enqueue(Objects.requireNonNull(key, "key"), null, true);
    }

    @Override
    public Optional<PendingWrite<K, V>> pending(K key) {
        lock.lock();
        try {
            Entry<K, V> e = pending.get(key);
            if (e == null) {
                e = inFlight.get(key);
            }
            return e == null ? Optional.empty() : Optional.of(e.toWrite());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public V get(K key, Function<? super K, ? extends V> fromDatabase) {
        Optional<PendingWrite<K, V>> p = pending(key);
        if (p.isPresent()) {
            return p.get().value();
        }
        return fromDatabase.apply(key);
    }

    @Override
    public void flush() throws InterruptedException {
        flush(null);
    }

    @Override
    public boolean flush(Duration timeout) throws InterruptedException {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            long target = nextSequence - 1;
            if (target > flushTarget) {
                flushTarget = target;
                workAvailable.signal();
            }
            while (watermark() <= target) {
                if (abandoned || !flusher.isAlive()) {
                    return false;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                progress.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public WriteBehindStats stats() {
        lock.lock();
        try {
            long depth = pending.size() + inFlight.size();
            Entry<K, V> oldest = oldest();
            Duration age = oldest == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - oldest.firstNanos);
            long n = batches.get();
            return new WriteBehindStats(name, depth, age, n, rowsWritten.get(), coalesced.get(), retries.get(),
                    deadLettered.get(), fullRejections.get(), Duration.ofNanos(lastLatencyNanos.get()),
                    Duration.ofNanos(maxLatencyNanos.get()),
                    Duration.ofNanos(n == 0 ? 0 : totalLatencyNanos.get() / n));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        CloseReport<K, V> report = closeAndReport();
        if (!report.isClean()) {
            throw new WriteBehindCloseException(report);
        }
    }

    @Override
    public CloseReport<K, V> closeAndReport() {
        synchronized (closeMonitor) {
            return closeOnce();
        }
    }

    private CloseReport<K, V> closeOnce() {
        lock.lock();
        try {
            if (closeReport != null) {
                return closeReport;
            }
            closing = true;
            flushTarget = Long.MAX_VALUE;
            workAvailable.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        boolean drained = join(settings.closeTimeout());
        if (!drained) {
            abandoned = true;
            abandonSignal.countDown();
            lock.lock();
            try {
                workAvailable.signalAll();
            } finally {
                lock.unlock();
            }
            join(Duration.ofSeconds(1));
        }
        CloseReport<K, V> report = finishClose();
        onClosed.run();
        return report;
    }

    // ---- writers' side --------------------------------------------------------------------------------

    private void enqueue(K key, V value, boolean delete) {
        byte[] payload = journal == null ? null : JournalRecordCodec.payload(name, key, value);
        long sequence;
        lock.lock();
        try {
            sequence = enqueueLocked(key, value, delete, payload);
        } finally {
            lock.unlock();
        }
        awaitJournal(sequence, key);
    }

    @Override
    public void putAll(java.util.Map<? extends K, ? extends V> entries) {
        List<K> keys = new ArrayList<>(entries.size());
        List<V> values = new ArrayList<>(entries.size());
        List<byte[]> payloads = new ArrayList<>(entries.size());
        entries.forEach((k, v) -> {
            keys.add(Objects.requireNonNull(k, "key"));
            values.add(Objects.requireNonNull(v, "value"));
            payloads.add(journal == null ? null : JournalRecordCodec.payload(name, k, v));
        });
        long last = -1;
        lock.lock();
        try {
            for (int i = 0; i < keys.size(); i++) {
                last = enqueueLocked(keys.get(i), values.get(i), false, payloads.get(i));
            }
        } finally {
            lock.unlock();
            if (last >= 0) {
                awaitJournal(last, keys.size() == 1 ? keys.get(0) : keys.size() + " keys");
            }
        }
    }

    /** Queues one write under the lock (coalescing, back-pressure, journal append); returns its sequence. */
    private long enqueueLocked(K key, V value, boolean delete, byte[] payload) {
        ensureOpen();
        Entry<K, V> e = pending.get(key);
        if (e == null && pending.size() >= settings.capacity()) {
            awaitRoom();
            e = pending.get(key);
        }
        long sequence = nextSequence++;
        if (e == null) {
            pending.put(key, new Entry<>(key, value, delete, sequence, System.nanoTime()));
            if (pending.size() == 1 || pending.size() == settings.batchSize()) {
                workAvailable.signal();
            }
        } else {
            e.value = value;
            e.delete = delete;
            e.sequence = sequence;
            coalesced.incrementAndGet();
        }
        if (journal != null) {
            journal.append(sequence, delete, payload);
        }
        return sequence;
    }

    private void awaitJournal(long sequence, Object what) {
        if (journal != null) {
            try {
                journal.awaitDurable(sequence);
            } catch (RuntimeException ioFailure) {
                throw new WriteBehindException("write-behind queue '" + name + "': the write of " + what
                        + " is queued but could not be journaled, so it would not survive a crash", ioFailure);
            }
        }
    }

    /** Waits, under the lock, until the queue has room or the offer timeout passes. */
    private void awaitRoom() {
        long left = settings.offerTimeout().toNanos();
        try {
            while (pending.size() >= settings.capacity()) {
                ensureOpen();
                if (left <= 0) {
                    fullRejections.incrementAndGet();
                    throw new WriteBehindFullException(name, settings.capacity(), settings.offerTimeout());
                }
                left = notFull.awaitNanos(left);
            }
            ensureOpen();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WriteBehindException("write-behind queue '" + name + "': interrupted while waiting for room in "
                    + "the full queue; the write was NOT queued", e);
        }
    }

    private void ensureOpen() {
        if (closing) {
            throw new IllegalStateException("write-behind queue '" + name + "' is closed");
        }
    }

    // ---- flusher's side -------------------------------------------------------------------------------

    private void runFlusher() {
        try {
            List<Entry<K, V>> batch;
            while ((batch = nextBatch()) != null) {
                writeAll(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            LOG.error("write-behind '{}': the flusher stopped on an unexpected error; queued writes stay queued "
                    + "and are reported at close", name, t);
        }
    }

    /** Waits for a batch that is due and takes it into {@link #inFlight}; {@code null} when done. */
    private List<Entry<K, V>> nextBatch() throws InterruptedException {
        lock.lock();
        try {
            long maxDelay = settings.maxDelay().toNanos();
            while (true) {
                if (abandoned) {
                    return null;
                }
                if (pending.isEmpty()) {
                    if (closing) {
                        return null;
                    }
                    workAvailable.await();
                    continue;
                }
                Entry<K, V> head = pending.values().iterator().next();
                if (pending.size() >= settings.batchSize() || flushTarget >= head.firstSequence) {
                    break;
                }
                long wait = head.firstNanos + maxDelay - System.nanoTime();
                if (wait <= 0) {
                    break;
                }
                workAvailable.awaitNanos(wait);
            }
            int n = Math.min(settings.batchSize(), pending.size());
            List<Entry<K, V>> batch = new ArrayList<>(n);
            Iterator<Entry<K, V>> it = pending.values().iterator();
            while (batch.size() < n) {
                Entry<K, V> e = it.next();
                it.remove();
                batch.add(e);
                inFlight.put(e.key, e);
            }
            notFull.signalAll();
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes {@code part} until it is committed, retrying transient failures with exponential back-off;
     * on a permanent failure splits it in halves (in order) until the refused writes stand alone, and hands
     * those to the dead-letter sink. Returns early only when close gave up.
     */
    private void writeAll(List<Entry<K, V>> part) {
        long backoff = settings.initialBackoff().toNanos();
        int failures = 0;
        while (!abandoned) {
            long start = System.nanoTime();
            try {
                writer.write(part.stream().map(Entry::toWrite).toList());
                committed(part, System.nanoTime() - start);
                return;
            } catch (Exception e) {
                if (classify(e) == BatchWriter.Failure.PERMANENT) {
                    if (part.size() == 1) {
                        deadLetter(part.get(0), e);
                    } else {
                        int mid = part.size() / 2;
                        writeAll(part.subList(0, mid));
                        writeAll(part.subList(mid, part.size()));
                    }
                    return;
                }
                failures++;
                retries.incrementAndGet();
                LOG.warn("write-behind '{}': writing a batch of {} failed (attempt {}), retrying in {} ms: {}",
                        name, part.size(), failures, TimeUnit.NANOSECONDS.toMillis(backoff), e.toString());
                pause(backoff);
                backoff = Math.min(backoff * 2, settings.maxBackoff().toNanos());
            }
        }
    }

    private BatchWriter.Failure classify(Exception e) {
        try {
            return writer.classify(e);
        } catch (RuntimeException classifierFailure) {
            LOG.warn("write-behind '{}': the writer could not classify a failure; treating it as transient", name,
                    classifierFailure);
            return BatchWriter.Failure.TRANSIENT;
        }
    }

    private void pause(long nanos) {
        try {
            abandonSignal.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandoned = true;
        }
    }

    private void committed(List<Entry<K, V>> part, long nanos) {
        batches.incrementAndGet();
        rowsWritten.addAndGet(part.size());
        lastLatencyNanos.set(nanos);
        maxLatencyNanos.accumulateAndGet(nanos, Math::max);
        totalLatencyNanos.addAndGet(nanos);
        done(part);
    }

    private void deadLetter(Entry<K, V> entry, Exception error) {
        deadLettered.incrementAndGet();
        try {
            deadLetters.deadLetter(name, entry.toWrite(), error);
        } catch (RuntimeException sinkFailure) {
            LOG.error("write-behind '{}': the dead-letter sink failed on {} (refused with {})", name, entry.toWrite(),
                    error.toString(), sinkFailure);
        }
        done(List.of(entry));
    }

    /** The writes of {@code part} left the queue for good: advance the watermark, release the journal. */
    private void done(List<Entry<K, V>> part) {
        long watermark;
        lock.lock();
        try {
            for (Entry<K, V> e : part) {
                inFlight.remove(e.key, e);
            }
            watermark = watermark();
            progress.signalAll();
        } finally {
            lock.unlock();
        }
        if (journal != null) {
            journal.release(watermark);
        }
    }

    // ---- shared ---------------------------------------------------------------------------------------

    /** The lowest sequence not yet committed or dead-lettered; under the lock. */
    private long watermark() {
        Entry<K, V> oldest = oldest();
        return oldest == null ? nextSequence : oldest.firstSequence;
    }

    private Entry<K, V> oldest() {
        if (!inFlight.isEmpty()) {
            return inFlight.values().iterator().next();
        }
        return pending.isEmpty() ? null : pending.values().iterator().next();
    }

    private void replay(List<PendingWrite<Object, Object>> writes) {
        @SuppressWarnings("unchecked")
        List<PendingWrite<K, V>> typed = (List<PendingWrite<K, V>>) (List<?>) writes;
        long now = System.nanoTime();
        for (PendingWrite<K, V> w : typed) {
            Entry<K, V> e = pending.get(w.key());
            if (e == null) {
                pending.put(w.key(), new Entry<>(w.key(), w.value(), w.isDelete(), w.sequence(), now));
            } else {
                e.value = w.value();
                e.delete = w.isDelete();
                e.sequence = w.sequence();
            }
            nextSequence = Math.max(nextSequence, w.sequence() + 1);
        }
        if (!writes.isEmpty()) {
            LOG.info("write-behind '{}': replaying {} journaled write(s) ({} key(s)) from {}", name, writes.size(),
                    pending.size(), journal.directory());
        }
    }

    private boolean join(Duration timeout) {
        try {
            flusher.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !flusher.isAlive();
    }

    private CloseReport<K, V> finishClose() {
        List<PendingWrite<K, V>> unwritten = new ArrayList<>();
        lock.lock();
        try {
            inFlight.values().forEach(e -> unwritten.add(e.toWrite()));
            pending.values().forEach(e -> unwritten.add(e.toWrite()));
            unwritten.sort(Comparator.comparingLong(PendingWrite::sequence));
            closeReport = new CloseReport<>(name, unwritten, journal != null);
            progress.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            writer.close();
        } catch (Exception e) {
            LOG.warn("write-behind '{}': closing the batch writer failed", name, e);
        }
        if (journal != null) {
            if (unwritten.isEmpty()) {
                journal.releaseAll();
            }
            journal.close();
        }
        if (!unwritten.isEmpty()) {
            LOG.error("{}", new WriteBehindCloseException(closeReport).getMessage());
        }
        return closeReport;
    }

    /** The journal directory of a queue: its name with characters unsafe in file names escaped. */
    static String directoryName(String queueName) {
        StringBuilder b = new StringBuilder();
        for (char c : queueName.toCharArray()) {
            if (Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_' || c == '.') {
                b.append(c);
            } else {
                b.append('%').append(String.format("%04x", (int) c));
            }
        }
        return b.toString().startsWith(".") ? "%" + b : b.toString();
    }

    /** The queue name a journal directory belongs to: the inverse of {@link #directoryName}; null if none. */
    static String queueNameOf(String directoryName) {
        String d = directoryName.startsWith("%.") ? directoryName.substring(1) : directoryName;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            if (c != '%') {
                b.append(c);
                continue;
            }
            if (i + 5 > d.length()) {
                return null;
            }
            try {
                b.append((char) Integer.parseInt(d.substring(i + 1, i + 5), 16));
            } catch (NumberFormatException e) {
                return null;
            }
            i += 4;
        }
        String name = b.toString();
        return name.isBlank() || !directoryName(name).equals(directoryName) ? null : name;
    }

    /**
     * The queues that left writes in a journal under {@code journalDir} (a directory per queue holding at least
     * one segment file), by queue name, in name order; empty when the directory does not exist.
     */
    public static SortedMap<String, Path> journaledQueues(Path journalDir) {
        SortedMap<String, Path> found = new TreeMap<>();
        if (journalDir == null || !Files.isDirectory(journalDir)) {
            return found;
        }
        try (Stream<Path> dirs = Files.list(journalDir)) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                String queue = queueNameOf(dir.getFileName().toString());
                if (queue != null && Journal.hasSegments(dir)) {
                    found.put(queue, dir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the write-behind journals in " + journalDir, e);
        }
        return found;
    }

    private static String requireName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a write-behind queue name must not be blank");
        }
        return name;
    }

    /** Sequences of the journal segments still on disk, for tests. */
    int journalSegments() {
        return journal == null ? 0 : journal.segmentCount();
    }

    @Override
    public String toString() {
        WriteBehindStats s = stats();
        return "WriteBehind[" + name + ", depth=" + s.queueDepth() + ", written=" + s.rowsWritten() + "]";
    }
}
