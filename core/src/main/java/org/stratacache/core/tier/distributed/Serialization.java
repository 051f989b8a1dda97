package org.stratacache.core.tier.distributed;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

import org.stratacache.core.tier.StoredEntry;

/** Copies for regions that store by value: a near copy is never handed out, only copies of it. */
final class Serialization {
    private Serialization() {
    }

    @SuppressWarnings("unchecked")
    static <V> StoredEntry<V> copy(StoredEntry<V> entry, String region) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(entry);
            }
            ClassLoader loader = entry.value().getClass().getClassLoader();
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())) {
                @Override
                protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                    try {
                        return Class.forName(desc.getName(), false, loader);
                    } catch (ClassNotFoundException | NullPointerException e) {
                        return super.resolveClass(desc);
                    }
                }
            }) {
                return (StoredEntry<V>) in.readObject();
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("region '" + region + "': cannot copy a "
                    + entry.value().getClass().getName() + " by serialization", e);
        }
    }
}
