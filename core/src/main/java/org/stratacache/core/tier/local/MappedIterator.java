package org.stratacache.core.tier.local;

import java.util.Iterator;
import java.util.function.Function;

/**
 * An engine's own iterator seen through a mapping: both engines hand out their entries as the tier SPI's
 * {@code Map.Entry<K, StoredEntry<V>>}, copied or not, without supporting {@code remove}.
 */
final class MappedIterator<T, R> implements Iterator<R> {
    private final Iterator<T> source;
    private final Function<? super T, ? extends R> mapping;

    MappedIterator(Iterator<T> source, Function<? super T, ? extends R> mapping) {
        this.source = source;
        this.mapping = mapping;
    }

    @Override
    public boolean hasNext() {
        return source.hasNext();
    }

    @Override
    public R next() {
        return mapping.apply(source.next());
    }
}
