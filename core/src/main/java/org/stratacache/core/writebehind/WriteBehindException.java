package org.stratacache.core.writebehind;

/** A write-behind queue could not do what was asked; the message names the queue. */
public class WriteBehindException extends RuntimeException {
    public WriteBehindException(String message) {
        super(message);
    }

    public WriteBehindException(String message, Throwable cause) {
        super(message, cause);
    }
}
