package org.stratacache.testsupport.logging;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a burst of one message from flooding the console: a write-behind queue retrying every 20 ms logs the
 * same warning dozens of times a second. Events of one logger and one message pattern are shown
 * {@value #SHOWN} times in any {@value #WINDOW_SECONDS}-second window; the next one is shown with a note that
 * the rest of the window goes to the trace file only. The trace file always gets every event.
 */
final class Repeats {
    static final int SHOWN = 3;
    static final long WINDOW_SECONDS = 10;
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(WINDOW_SECONDS);
    private static final ConcurrentHashMap<String, Window> WINDOWS = new ConcurrentHashMap<>();

    enum Verdict { SHOW, SHOW_LAST, HIDE }

    private Repeats() {
    }

    static Verdict of(String logger, String pattern) {
        String key = logger + '\n' + pattern;
        return WINDOWS.computeIfAbsent(key, k -> new Window()).next(System.nanoTime());
    }

    private static final class Window {
        private long start;
        private int count;

        synchronized Verdict next(long now) {
            if (count == 0 || now - start > WINDOW_NANOS) {
                start = now;
                count = 0;
            }
            count++;
            return count <= SHOWN ? Verdict.SHOW : count == SHOWN + 1 ? Verdict.SHOW_LAST : Verdict.HIDE;
        }
    }
}
