package org.stratacache.core;

/** A {@code strata.*} setting is unknown or its value is malformed. The message names the key and the expected form. */
public class StrataConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public StrataConfigException(String message) {
        super(message);
    }

    public StrataConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
