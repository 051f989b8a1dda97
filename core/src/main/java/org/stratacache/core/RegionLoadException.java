package org.stratacache.core;

/**
 * A read-through loader failed. The loader's own exception is the {@linkplain #getCause() cause}; every
 * caller that waited on the same load receives an exception with that same cause.
 */
public class RegionLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RegionLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
