package org.stratacache.testsupport.logging;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.LogManager;

/**
 * The {@code java.util.logging} configuration of the tests, named by the system property
 * {@code java.util.logging.config.class=org.stratacache.testsupport.logging.JulConfig} (the parent pom sets it
 * for surefire): one root handler, {@link JulToSlf4j}, at level INFO instead of JUL's console handler, which
 * printed two lines per INFO record and whole stack traces.
 */
public final class JulConfig {

    /** Called once by the {@link LogManager} while it initialises. */
    public JulConfig() throws IOException {
        String config = "handlers=" + JulToSlf4j.class.getName() + "\n.level=INFO\n";
        LogManager.getLogManager().readConfiguration(new ByteArrayInputStream(config.getBytes(StandardCharsets.UTF_8)));
    }
}
