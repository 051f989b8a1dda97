package org.stratacache.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child process's stdout, line by line, read by a daemon thread into a queue so that every wait on the
 * child is bounded: {@link #next(Duration)} and {@link #awaitStartingWith} give up after their timeout
 * instead of blocking on a child that hangs.
 */
public final class ProcessLines {
    private static final String END = new String("end of stream"); // compared by identity

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private volatile boolean ended;

    private ProcessLines(Process process) {
        Thread pump = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the child ended or was killed: the stream ends here
            } finally {
                lines.add(END);
            }
        }, "child-stdout-" + process.pid());
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts reading {@code process}'s stdout. */
    public static ProcessLines of(Process process) {
        return new ProcessLines(process);
    }

    /** The next line; null when none came within {@code timeout} or the stream ended. */
    public String next(Duration timeout) throws InterruptedException {
        if (ended) {
            return null;
        }
        String line = lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (line == END) {
            ended = true;
            return null;
        }
        if (line != null) {
            synchronized (seen) {
                seen.add(line);
            }
        }
        return line;
    }

    /** The first coming line that starts with {@code prefix}; null when none came within {@code timeout}. */
    public String awaitStartingWith(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            String line = next(Duration.ofNanos(left));
            if (line == null) {
                return null;
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        return null;
    }

    /** Every remaining line until the stream ends, waiting at most {@code timeout} in all, joined by newlines. */
    public String rest(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        StringBuilder text = new StringBuilder();
        for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            String line = next(Duration.ofNanos(left));
            if (line == null) {
                break;
            }
            text.append(line).append('\n');
        }
        return text.toString();
    }

    /** The lines read so far, for failure messages. */
    public List<String> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }
}
