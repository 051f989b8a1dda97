package org.stratacache.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * A cached item must serialize to the same bytes after a round trip: the distributed tier's compare-and-set
 * compares the stored bytes with those of the value read back, and would otherwise never succeed.
 */
class CachedItemTest {

    @Test
    void structuredEntry_serializesIdenticallyAfterARoundTrip() throws Exception {
        // a structured entry as Hibernate builds it: a HashMap with a table larger than a read-back one gets
        Map<String, Object> structured = new HashMap<>(64);
        for (String property : new String[] {"_subclass", "stops", "_version", "_identifierMapper", "name"}) {
            structured.put(property, property + "-value");
        }
        CachedItem item = new CachedItem(structured, null, 42);

        byte[] stored = bytes(item);
        Object readBack = read(stored);

        assertThat(bytes(readBack)).isEqualTo(stored);
        assertThat(((CachedItem) readBack).value()).isEqualTo(structured);
    }

    private static byte[] bytes(Object o) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream oos = new ObjectOutputStream(out)) {
            oos.writeObject(o);
        }
        return out.toByteArray();
    }

    private static Object read(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        }
    }
}
