package org.stratacache.core.tier.distributed;

/**
 * The cluster could not serve an operation (down, timed out, or skipped by the open circuit breaker). The
 * region catches it, counts it and degrades to the database; it never reaches the application.
 */
final class TierUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TierUnavailableException(String message, Throwable cause) {
        super(message, cause, false, cause != null);
    }
}
