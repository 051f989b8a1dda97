package org.stratacache.jcache.tck;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Keeps the TCK's provider selection in place for the whole run.
 *
 * <p>The TCK's {@code javax.cache.CachingTest} clears the {@code javax.cache.spi.CachingProvider} system
 * property after each of its tests. Strata's local tier brings Ehcache, whose jar registers a
 * {@code CachingProvider} of its own, so every TCK class that runs later in the same JVM and asks for "the"
 * provider with a new class loader would find two and fail. Restoring the property (as surefire set it at
 * the start) before each test gives every test the environment the TCK documents, in one JVM, without
 * changing or excluding any test. A test that sets the property itself still sees its own value.
 */
public final class ProviderPropertyRestorer implements TestExecutionListener {
    private static final String PROPERTY = "javax.cache.spi.CachingProvider";
    private final String configured = System.getProperty(PROPERTY);

    @Override
    public void executionStarted(TestIdentifier testIdentifier) {
        if (configured != null && System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, configured);
        }
    }
}
