package org.stratacache.testsupport.logging;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.simple.SimpleLogger;

/**
 * A {@link SimpleLogger} that writes every event to {@link TraceFile} in full and to the console in one line:
 * an exception is summed up after the message ({@code class: message <- cause: message}) instead of printed
 * with its stack trace, and a burst of one message is cut short ({@link Repeats}).
 */
final class OneLineLogger extends SimpleLogger {
    private static final long serialVersionUID = 1L;
    private static final int MAX_CAUSES = 3;
    private static final int MAX_MESSAGE = 200;

    OneLineLogger(String name) {
        super(name);
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                               Throwable thrown) {
        String message = MessageFormatter.basicArrayFormat(pattern, arguments);
        TraceFile.append(level, name, message, thrown);
        Repeats.Verdict verdict = Repeats.of(name, String.valueOf(pattern));
        if (verdict == Repeats.Verdict.HIDE) {
            return;
        }
        StringBuilder line = new StringBuilder(String.valueOf(oneLine(message)));
        if (thrown != null) {
            line.append(" [").append(summary(thrown)).append("; stack trace in ").append(TraceFile.displayPath())
                    .append(']');
        }
        if (verdict == Repeats.Verdict.SHOW_LAST) {
            line.append(" (shown ").append(Repeats.SHOWN + 1).append(" times in ").append(Repeats.WINDOW_SECONDS)
                    .append(" s: more like it go to ").append(TraceFile.displayPath()).append(" only)");
        }
        // null arguments: slf4j-simple prints the text as it is, braces included
        super.handleNormalizedLoggingCall(level, marker, line.toString(), null, null);
    }

    /** The text with its line breaks (and the indentation after them) turned into single spaces. */
    static String oneLine(String text) {
        return text == null || text.indexOf('\n') < 0 && text.indexOf('\r') < 0 ? text
                : text.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    /** {@code class: message <- cause: message ...}, on one line. */
    static String summary(Throwable thrown) {
        StringBuilder s = new StringBuilder();
        int depth = 0;
        for (Throwable t = thrown; t != null && depth <= MAX_CAUSES; t = t.getCause() == t ? null : t.getCause()) {
            if (depth++ > 0) {
                s.append(" <- ");
            }
            s.append(t.getClass().getName());
            String text = t.getMessage();
            if (text != null) {
                text = oneLine(text).trim();
                s.append(": ").append(text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "…" : text);
            }
        }
        return s.toString();
    }
}
