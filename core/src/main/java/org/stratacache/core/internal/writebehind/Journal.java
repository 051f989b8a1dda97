package org.stratacache.core.internal.writebehind;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stratacache.core.writebehind.PendingWrite;

/**
 * The local journal of one write-behind queue: every acknowledged write is appended before it is
 * acknowledged, and replayed when the queue is next opened.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li><b>The log is in sequence order.</b> Records are appended to {@link #buffer} under the queue's lock,
 *       in the order their sequences were assigned, and the buffer goes to the file in that order. So each
 *       segment file holds a contiguous, increasing range of sequences, and segments are ordered.</li>
 *   <li><b>Only a prefix is deleted.</b> {@link #release(long)} deletes closed segments from the oldest on
 *       while their last sequence is below the queue's watermark (every write with a lower sequence is
 *       committed, superseded by a later write of its key, or dead-lettered). What remains is a suffix of
 *       the log, so replaying it in order and coalescing gives the newest write of each key it holds —
 *       never an old value over a newer one. Writes that were committed but whose segment still exists are
 *       written again at replay: the batch writer's idempotence (an upsert) makes that harmless.</li>
 *   <li><b>Acknowledged means in the file.</b> {@link #awaitDurable(long)} returns once the record is written
 *       to the file (interval mode: the OS page cache, which survives a JVM crash or {@code kill -9}) or
 *       written and forced to the device (group mode: survives power loss). One thread writes and forces
 *       for everyone waiting at that moment: group commit.</li>
 *   <li><b>A torn tail is not a write.</b> A record cut short by a crash fails its length or CRC check and
 *       ends the replay of its segment; it was never acknowledged.</li>
 * </ul>
 * A lock file keeps a second process (or queue) from using the same directory.
 */
final class Journal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private static final String SUFFIX = ".wbj";

    private final String queueName;
    private final Path dir;
    private final boolean fsyncPerGroup;
    private final long segmentSize;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ScheduledExecutorService intervalSync;

    /** Guarded by {@code this}: records appended but not yet handed to the file. */
    private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private long lastBuffered = -1;

    /** Guarded by {@link #fileLock}. */
    private final Object fileLock = new Object();
    private final Deque<Segment> closedSegments = new ArrayDeque<>();
    private Segment active;
    private FileChannel activeChannel;
    private volatile long lastDurable = -1;
    private volatile boolean failed;

    private record Segment(Path path, long firstSequence, long lastSequence) {
    }

    private Journal(String queueName, Path dir, boolean fsyncPerGroup, Duration fsyncInterval, long segmentSize)
            throws IOException {
        this.queueName = queueName;
        this.dir = dir;
        this.fsyncPerGroup = fsyncPerGroup;
        this.segmentSize = segmentSize;
        Files.createDirectories(dir);
        this.lockChannel = FileChannel.open(dir.resolve("journal.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            lockChannel.close();
            throw new IllegalStateException("the write-behind journal " + dir + " of queue '" + queueName
                    + "' is in use by another queue or process");
        }
        this.lock = l;
        if (fsyncPerGroup) {
            intervalSync = null;
        } else {
            ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "strata-write-behind-" + queueName + "-fsync");
                t.setDaemon(true);
                return t;
            });
            long nanos = fsyncInterval.toNanos();
            s.scheduleWithFixedDelay(this::forceQuietly, nanos, nanos, TimeUnit.NANOSECONDS);
            intervalSync = s;
        }
    }

    /** What an opened journal holds: the writes to replay, in sequence order. */
    record Opened(Journal journal, List<PendingWrite<Object, Object>> replay, long nextSequence) {
    }

    /** Opens (creating if needed) the journal in {@code dir}, reading what a previous run left behind. */
    static Opened open(String queueName, Path dir, boolean fsyncPerGroup, Duration fsyncInterval, long segmentSize) {
        try {
            Journal journal = new Journal(queueName, dir, fsyncPerGroup, fsyncInterval, segmentSize);
            try {
                List<PendingWrite<Object, Object>> replay = journal.readExisting();
                long next = replay.isEmpty() ? 0 : replay.get(replay.size() - 1).sequence() + 1;
                for (Segment s : journal.closedSegments) {
                    next = Math.max(next, s.lastSequence + 1);
                }
                journal.startSegment(next);
                return new Opened(journal, replay, next);
            } catch (RuntimeException | IOException e) {
                journal.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the write-behind journal " + dir + " of '" + queueName + "'", e);
        }
    }

    /** True when {@code dir} is a directory holding at least one segment file (writes a run left behind). */
    static boolean hasSegments(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.anyMatch(p -> p.getFileName().toString().endsWith(SUFFIX));
        }
    }

    /** Appends a record; called under the queue's lock, in sequence order. */
    synchronized void append(long sequence, boolean delete, byte[] payload) {
        ByteBuffer record = JournalRecordCodec.encode(sequence, delete, payload);
        if (buffer.remaining() < record.remaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + record.remaining()));
            buffer.flip();
            bigger.put(buffer);
            buffer = bigger;
        }
        buffer.put(record);
        lastBuffered = sequence;
    }

    /**
     * Returns once the record of {@code sequence} is in the file (and forced, in group mode). Whoever gets
     * here first writes every record buffered so far, so concurrent writers share one write and one fsync.
     */
    void awaitDurable(long sequence) {
        if (lastDurable >= sequence) {
            return;
        }
        synchronized (fileLock) {
            if (lastDurable >= sequence) {
                return;
            }
            if (failed || activeChannel == null) {
                throw new UncheckedIOException(new IOException("the write-behind journal " + dir
                        + (failed ? " failed earlier" : " is closed")));
            }
            ByteBuffer toWrite;
            long upTo;
            synchronized (this) {
                toWrite = buffer.flip();
                upTo = lastBuffered;
                buffer = ByteBuffer.allocate(Math.max(64 * 1024, toWrite.capacity() / 2));
            }
            try {
                FileChannel ch = activeChannel;
                while (toWrite.hasRemaining()) {
                    ch.write(toWrite);
                }
                if (fsyncPerGroup) {
                    ch.force(false);
                }
                active = new Segment(active.path, active.firstSequence, upTo);
                lastDurable = upTo;
                if (ch.size() >= segmentSize) {
                    rotate(upTo + 1);
                }
            } catch (IOException e) {
                failed = true;
                throw new UncheckedIOException("cannot write the write-behind journal " + active.path, e);
            }
        }
    }

    /** Deletes the closed segments, oldest first, whose every write has a sequence below {@code watermark}. */
    void release(long watermark) {
        synchronized (fileLock) {
            while (!closedSegments.isEmpty() && closedSegments.peekFirst().lastSequence < watermark) {
                Segment s = closedSegments.pollFirst();
                try {
                    Files.deleteIfExists(s.path);
                } catch (IOException e) {
                    LOG.warn("write-behind '{}': cannot delete committed journal segment {}", queueName, s.path, e);
                }
            }
        }
    }

    /** Every write is committed: deletes every segment (the queue is closing cleanly). */
    void releaseAll() {
        synchronized (fileLock) {
            closeActiveChannel();
            closedSegments.addLast(active);
            release(Long.MAX_VALUE);
        }
    }

    /** Number of segment files, for tests and diagnostics. */
    int segmentCount() {
        synchronized (fileLock) {
            return closedSegments.size() + 1;
        }
    }

    Path directory() {
        return dir;
    }

    @Override
    public void close() {
        if (intervalSync != null) {
            intervalSync.shutdownNow();
            forceQuietly();
        }
        synchronized (fileLock) {
            closeActiveChannel();
        }
        closeQuietly();
    }

    private void closeActiveChannel() {
        if (activeChannel != null) {
            try {
                activeChannel.close();
            } catch (IOException e) {
                LOG.warn("write-behind '{}': cannot close the journal {}", queueName, active.path, e);
            }
            activeChannel = null;
        }
    }

    private void closeQuietly() {
        try {
            lock.release();
        } catch (IOException e) {
            LOG.debug("releasing the journal lock", e);
        }
        try {
            lockChannel.close();
        } catch (IOException e) {
            LOG.debug("closing the journal lock", e);
        }
    }

    private void forceQuietly() {
        synchronized (fileLock) {
            if (activeChannel == null) {
                return;
            }
            try {
                activeChannel.force(false);
            } catch (IOException e) {
                LOG.warn("write-behind '{}': cannot fsync the journal {}", queueName, active.path, e);
            }
        }
    }

    private void rotate(long nextSequence) throws IOException {
        closedSegments.addLast(active);
        closeActiveChannel();
        startSegment(nextSequence);
    }

    private void startSegment(long firstSequence) throws IOException {
        Path path = dir.resolve(String.format("%020d", firstSequence) + SUFFIX);
        Files.deleteIfExists(path);
        activeChannel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        active = new Segment(path, firstSequence, firstSequence - 1);
    }

    private List<PendingWrite<Object, Object>> readExisting() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(SUFFIX))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
        List<PendingWrite<Object, Object>> writes = new ArrayList<>();
        for (Path file : files) {
            ByteBuffer content = ByteBuffer.wrap(Files.readAllBytes(file));
            long first = Long.parseLong(file.getFileName().toString().replace(SUFFIX, ""));
            long last = first - 1;
            PendingWrite<Object, Object> w;
            while ((w = JournalRecordCodec.decode(content)) != null) {
                writes.add(w);
                last = w.sequence();
            }
            if (content.hasRemaining()) {
                LOG.warn("write-behind '{}': journal segment {} ends with {} bytes of an incomplete record "
                        + "(a write cut short by a crash, never acknowledged); ignored", queueName, file,
                        content.remaining());
            }
            if (last < first) {
                Files.delete(file); // nothing acknowledged in it (a crash right after it was started)
            } else {
                closedSegments.addLast(new Segment(file, first, last));
            }
        }
        writes.sort(Comparator.comparingLong(PendingWrite::sequence));
        return writes;
    }
}
