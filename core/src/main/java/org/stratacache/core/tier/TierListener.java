package org.stratacache.core.tier;

/** Told by a tier about entries it dropped on its own. Must be cheap and must not throw. */
public interface TierListener {

    TierListener NONE = new TierListener() {
    };

    /** An entry was evicted to respect the size bound. */
    default void evicted() {
    }

    /** An entry expired. */
    default void expired() {
    }
}
