package org.stratacache.testsupport.logging;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code java.util.logging} handler that hands every record to SLF4J under the same logger name, so that
 * libraries logging through JUL (the JSR-107 TCK's socket servers and clients, or Hibernate and Hazelcast when
 * not told to use SLF4J) follow the levels of {@code simplelogger.properties} and the one-line console form of
 * {@link QuietTestLogs}. {@link JulConfig} makes it the root logger's only handler.
 */
public final class JulToSlf4j extends Handler {
    private final SimpleFormatter formatter = new SimpleFormatter();

    @Override
    public void publish(LogRecord record) {
        if (record == null || record.getLevel() == Level.OFF) {
            return;
        }
        Logger logger = LoggerFactory.getLogger(record.getLoggerName() == null ? "" : record.getLoggerName());
        int level = record.getLevel().intValue();
        Throwable thrown = record.getThrown();
        if (level >= Level.SEVERE.intValue()) {
            if (logger.isErrorEnabled()) {
                logger.error(formatter.formatMessage(record), thrown);
            }
        } else if (level >= Level.WARNING.intValue()) {
            if (logger.isWarnEnabled()) {
                logger.warn(formatter.formatMessage(record), thrown);
            }
        } else if (level >= Level.INFO.intValue()) {
            if (logger.isInfoEnabled()) {
                logger.info(formatter.formatMessage(record), thrown);
            }
        } else if (level >= Level.FINE.intValue()) {
            if (logger.isDebugEnabled()) {
                logger.debug(formatter.formatMessage(record), thrown);
            }
        } else if (logger.isTraceEnabled()) {
            logger.trace(formatter.formatMessage(record), thrown);
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
