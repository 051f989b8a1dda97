package org.stratacache.testsupport.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.simple.SimpleLoggerFactory;
import org.slf4j.simple.SimpleServiceProvider;

/**
 * The SLF4J backend of the tests: slf4j-simple (levels and format from {@code simplelogger.properties}), except
 * that a logged exception costs one line on the console, not a stack trace. Tests that pass while exercising
 * failures (a tier that throws, a database that refuses a batch) log them at WARN or ERROR on purpose; their
 * stack traces flooded the build output. Here each event stays one line — the message, then the exception
 * and its causes in brief — and the full record with its stack trace goes to {@link TraceFile}
 * ({@code target/test-logs/traces.log} of the module).
 *
 * <p>Chosen with the system property {@code slf4j.provider=org.stratacache.testsupport.logging.QuietTestLogs}
 * (the parent pom sets it for surefire), not through {@code META-INF/services}: slf4j-simple's own provider is
 * on the class path too, and the property names the one to use without a "multiple providers" warning.
 */
public final class QuietTestLogs extends SimpleServiceProvider {
    private ILoggerFactory loggerFactory;

    @Override
    public void initialize() {
        super.initialize();
        loggerFactory = new Factory();
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    private static final class Factory extends SimpleLoggerFactory {
        @Override
        protected Logger createLogger(String name) {
            return new OneLineLogger(name);
        }
    }
}
