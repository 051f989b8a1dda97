package org.stratacache.jdbc.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import org.stratacache.core.config.StrataConfig;

/**
 * The contexts of {@link org.stratacache.jdbc.StrataDriver} connections, one per distinct effective
 * configuration: connections opened with equal {@code strata.*} settings share one region store.
 *
 * <p>Lifecycle: a context is created by the first connection with its configuration and lives until
 * {@link #closeAll()} (called by {@code StrataDriver.shutdown()} and by a JVM shutdown hook). Contexts are not
 * reference-counted on purpose: applications that open and close a connection per request through
 * {@link java.sql.DriverManager} would otherwise drop their cache with every request.
 */
public final class ContextRegistry {
    private static final ConcurrentHashMap<StrataConfig, StrataContext> CONTEXTS = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ContextRegistry::closeAll, "strata-jdbc-shutdown"));
    }

    private ContextRegistry() {
    }

    /** The shared context for {@code config}, created on first use. */
    public static StrataContext forConfig(StrataConfig config) {
        return CONTEXTS.computeIfAbsent(config, StrataContext::create);
    }

    /** The contexts open now. */
    public static List<StrataContext> all() {
        return List.copyOf(CONTEXTS.values());
    }

    /** Closes every context and its store; later connections start new ones. */
    public static void closeAll() {
        List<StrataContext> all = new ArrayList<>(CONTEXTS.values());
        CONTEXTS.clear();
        all.forEach(StrataContext::close);
    }
}
