package org.stratacache.core.writebehind;

/**
 * Receives the writes that the system of record refused for good (SPI). By the time a write reaches the
 * sink it has been removed from the queue (and its journal), so the sink is its last stop: log it, store
 * it elsewhere, alert. The default sink ({@link #logging}) logs the write and the error at ERROR level; the
 * queue counts dead letters in {@link WriteBehindStats#deadLetters()} whatever the sink.
 *
 * <p>Called on the flusher thread; a sink that throws is logged and otherwise ignored.
 *
 * @param <K> key type
 * @param <V> value type
 */
@FunctionalInterface
public interface DeadLetterSink<K, V> {

    void deadLetter(String queueName, PendingWrite<K, V> write, Throwable error);

    /** The default sink: one ERROR log line per refused write, with the write and the error. */
    static <K, V> DeadLetterSink<K, V> logging() {
        return (queue, write, error) -> org.slf4j.LoggerFactory.getLogger(DeadLetterSink.class).error(
                "write-behind '{}': the database refused {} for good; it was not written: {}",
                queue, write, error.toString());
    }
}
