/**
 * The test console: one line per logged event (stack traces go to {@code target/test-logs/traces.log}), repeats
 * of one message folded, and java.util.logging routed to SLF4J, so that a passing build prints no stack traces.
 * Used by every module's test logging configuration; nothing in the main code depends on it.
 */
package org.stratacache.testsupport.logging;
