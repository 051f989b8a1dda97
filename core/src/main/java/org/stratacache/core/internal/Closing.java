package org.stratacache.core.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes what a cache created from its configuration's factories (loaders, writers, listeners, filters, expiry
 * policies) when it holds resources; a failure to close is logged, never thrown.
 */
public final class Closing {
    private static final Logger LOG = LoggerFactory.getLogger(Closing.class);

    private Closing() {
    }

    /** Closes {@code resource} when it is {@link AutoCloseable}; does nothing otherwise (or for null). */
    public static void quietly(Object resource) {
        if (resource instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed", resource.getClass().getName(), e);
            }
        }
    }
}
