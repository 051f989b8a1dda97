package org.stratacache.core.tier.local;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

import org.ehcache.spi.copy.Copier;
import org.stratacache.core.tier.StoredEntry;

/**
 * Store-by-value for the local tier: a copy through Java serialization on write and on read, so neither
 * the caller who stored a value nor the callers who read it can change what the cache holds. A value that
 * is not serializable is refused with an error naming the region and the value's class.
 */
final class SerializingCopier implements Copier<StoredEntry<Object>> {
    private final String regionName;
    private final ClassLoader classLoader;

    SerializingCopier(String regionName, ClassLoader classLoader) {
        this.regionName = regionName;
        this.classLoader = classLoader;
    }

    @Override
    public StoredEntry<Object> copyForRead(StoredEntry<Object> entry) {
        return copy(entry);
    }

    @Override
    public StoredEntry<Object> copyForWrite(StoredEntry<Object> entry) {
        return copy(entry);
    }

    @SuppressWarnings("unchecked")
    private StoredEntry<Object> copy(StoredEntry<Object> entry) {
        if (entry == null) {
            return null;
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(entry);
            }
            try (ObjectInputStream in = new LoaderObjectInputStream(bytes.toByteArray(), classLoader)) {
                return (StoredEntry<Object>) in.readObject();
            }
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("region '" + regionName + "' stores by value, but "
                    + e.getMessage() + " is not Serializable; make it Serializable or set "
                    + "strata.region." + regionName + ".store-by-value=false", e);
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("region '" + regionName + "': cannot copy a "
                    + entry.value().getClass().getName() + " by serialization", e);
        }
    }

    private static final class LoaderObjectInputStream extends ObjectInputStream {
        private final ClassLoader loader;

        LoaderObjectInputStream(byte[] bytes, ClassLoader loader) throws IOException {
            super(new ByteArrayInputStream(bytes));
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }
}
