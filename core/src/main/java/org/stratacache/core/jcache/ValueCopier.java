package org.stratacache.core.jcache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.lang.reflect.Proxy;

import javax.cache.CacheException;

/**
 * Store-by-value for a JCache cache: keys are copied once when stored, values are kept serialized and read
 * back into a fresh object on every read, so neither the writer nor any reader can change what the cache holds.
 * Classes are resolved through the cache manager's class loader first.
 */
final class ValueCopier {
    private final String cacheName;
    private final ClassLoader classLoader;

    ValueCopier(String cacheName, ClassLoader classLoader) {
        this.cacheName = cacheName;
        this.classLoader = classLoader;
    }

    byte[] serialize(Object value, String what) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            }
            return bytes.toByteArray();
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("cache '" + cacheName + "' stores by value, but the " + what + " ("
                    + value.getClass().getName() + ") is not Serializable; make it Serializable or configure the "
                    + "cache with setStoreByValue(false)", e);
        } catch (IOException e) {
            throw new CacheException("cache '" + cacheName + "': cannot serialize the " + what + " ("
                    + value.getClass().getName() + ")", e);
        }
    }

    Object deserialize(byte[] bytes) {
        try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes), classLoader)) {
            return in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new CacheException("cache '" + cacheName + "': cannot deserialize a stored value", e);
        }
    }

    Object copy(Object value, String what) {
        return deserialize(serialize(value, what));
    }

    private static final class LoaderObjectInputStream extends ObjectInputStream {
        private final ClassLoader loader;

        LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
            super(in);
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

        @Override
        protected Class<?> resolveProxyClass(String[] interfaces) throws IOException, ClassNotFoundException {
            Class<?>[] types = new Class<?>[interfaces.length];
            for (int i = 0; i < interfaces.length; i++) {
                types[i] = Class.forName(interfaces[i], false, loader);
            }
            @SuppressWarnings("deprecation")
            Class<?> proxy = Proxy.getProxyClass(loader, types);
            return proxy;
        }
    }
}
