package org.stratacache.core.jcache;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closes what a cache created from its configuration's factories (loaders, writers, listeners, policies). */
final class Closing {
    private static final Logger LOG = LoggerFactory.getLogger(Closing.class);

    private Closing() {
    }

    static void quietly(Object resource) {
        if (resource instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed", resource.getClass().getName(), e);
            }
        }
    }
}
