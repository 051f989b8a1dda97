package org.stratacache.testsupport.logging;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;

import org.slf4j.event.Level;

/**
 * The full test log of a module: every event the console shows, with stack traces, appended to
 * {@code target/test-logs/traces.log} under the working directory (surefire runs in the module's folder), or
 * to the file the system property {@value #PROPERTY} names. Forked JVMs and their child processes append to
 * the same file; each event is written with one call, so events do not interleave.
 */
final class TraceFile {
    static final String PROPERTY = "strata.test.trace-file";
    private static final Path PATH = Path.of(System.getProperty(PROPERTY, "target/test-logs/traces.log"));
    private static OutputStream out;
    private static boolean broken;

    private TraceFile() {
    }

    static String displayPath() {
        return PATH.toString();
    }

    static void append(Level level, String logger, String message, Throwable thrown) {
        StringWriter text = new StringWriter();
        PrintWriter w = new PrintWriter(text);
        w.printf("%s [%s] %s %s - %s%n", LocalTime.now(), Thread.currentThread().getName(), level, logger, message);
        if (thrown != null) {
            thrown.printStackTrace(w);
        }
        w.flush();
        write(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static synchronized void write(byte[] bytes) {
        if (broken) {
            return;
        }
        try {
            if (out == null) {
                Path parent = PATH.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                out = new FileOutputStream(PATH.toFile(), true);
            }
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            broken = true; // logging must never fail a test; the console still has the one-line form
            System.err.println("test logging: cannot write " + PATH.toAbsolutePath() + ": " + e);
        }
    }
}
