package org.stratacache.testsupport.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs under surefire, where the parent pom makes QuietTestLogs and JulConfig the test logging. */
class QuietTestLogsTest {
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private PrintStream realErr;

    @BeforeEach
    void captureStderr() {
        assumeTrue(QuietTestLogs.class.getName().equals(System.getProperty("slf4j.provider")),
                "run by surefire with the parent pom's logging settings");
        LoggerFactory.getILoggerFactory(); // SLF4J starts before the capture
        realErr = System.err;
        System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStderr() {
        if (realErr != null) {
            System.setErr(realErr);
        }
    }

    private String printed() {
        return console.toString(StandardCharsets.UTF_8);
    }

    @Test
    void warnWithException_isOneLineOnTheConsole_andTheStackTraceGoesToTheTraceFile() throws IOException {
        String marker = "marker-" + UUID.randomUUID();
        Logger log = LoggerFactory.getLogger("org.stratacache.test.Quiet");
        log.warn("write failed for {} ({})", marker, "{braces} kept",
                new IllegalStateException("batch refused\n  on two lines", new IOException("disk full")));

        assertThat(printed().lines()).hasSize(1);
        assertThat(printed()).contains("WARN Quiet - write failed for " + marker + " ({braces} kept)")
                .contains("[java.lang.IllegalStateException: batch refused on two lines <- java.io.IOException: disk full;"
                        + " stack trace in target/test-logs/traces.log]");
        String traces = Files.readString(Path.of(TraceFile.displayPath()));
        String record = traces.substring(traces.indexOf(marker));
        assertThat(record).contains("java.lang.IllegalStateException: batch refused")
                .contains("\tat org.stratacache.testsupport.logging.QuietTestLogsTest")
                .contains("Caused by: java.io.IOException: disk full");
    }

    @Test
    void infoAndDebug_areNotShownByDefault_butWarnWithoutExceptionIs() {
        Logger log = LoggerFactory.getLogger("org.stratacache.test.Levels");
        log.info("info line");
        log.debug("debug line");
        log.warn("warn line {}", 1);
        assertThat(printed()).doesNotContain("info line").doesNotContain("debug line").contains("warn line 1");
        assertThat(printed().lines()).hasSize(1);
    }

    @Test
    void messageOnSeveralLines_isOneLineOnTheConsole() {
        LoggerFactory.getLogger("org.stratacache.test.Lines").error("failed: {}", "Syntax error in SQL statement\n"
                + "    INSERT INTO t VALUES (?) [42122-232]");
        assertThat(printed().lines()).hasSize(1);
        assertThat(printed()).contains("failed: Syntax error in SQL statement INSERT INTO t VALUES (?) [42122-232]");
    }

    @Test
    void julRecords_goThroughTheSameBackend() {
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger("org.stratacache.test.Jul");
        jul.info("jul info");
        jul.log(java.util.logging.Level.WARNING, "jul warning {0}", "param");
        jul.log(java.util.logging.Level.SEVERE, "jul severe", new IllegalArgumentException("bad"));
        assertThat(printed()).doesNotContain("jul info")
                .contains("WARN Jul - jul warning param")
                .contains("ERROR Jul - jul severe [java.lang.IllegalArgumentException: bad;");
        assertThat(printed()).doesNotContain("\tat ");
        assertThat(printed().lines()).hasSize(2);
    }

    @Test
    void burstOfOneMessage_showsFourOnTheConsole_thenOnlyTheTraceFileGetsThem() throws IOException {
        String marker = "burst-" + UUID.randomUUID();
        Logger log = LoggerFactory.getLogger("org.stratacache.test.Burst");
        for (int attempt = 1; attempt <= 20; attempt++) {
            log.warn("{}: attempt {} failed", marker, attempt);
        }
        log.warn("{}: another message", marker);

        assertThat(printed().lines()).hasSize(5);
        assertThat(printed()).contains(marker + ": attempt 3 failed\n")
                .contains(marker + ": attempt 4 failed (shown 4 times in 10 s: more like it go to "
                        + "target/test-logs/traces.log only)")
                .doesNotContain("attempt 5 failed")
                .contains(marker + ": another message");
        assertThat(Files.readString(Path.of(TraceFile.displayPath()))).contains(marker + ": attempt 20 failed");
    }

    @Test
    void summary_stopsAfterThreeCausesAndCutsLongMessages() {
        Throwable t = new RuntimeException("x".repeat(500),
                new RuntimeException("1", new RuntimeException("2", new RuntimeException("3",
                        new RuntimeException("4")))));
        String summary = OneLineLogger.summary(t);
        assertThat(summary).contains("x".repeat(200) + "…").doesNotContain("x".repeat(201))
                .contains("<- java.lang.RuntimeException: 3").doesNotContain(": 4");
    }
}
